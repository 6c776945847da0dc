// Checkpoints of the cluster-administration state (issue 16): CRDs and their objects, the operator's
// children, Helm repositories (a shell file) and releases (Secrets), Gateway addresses (cluster runtime)
// all survive checkpoint + restore: the rebuilt session hashes the same and answers the same afterwards.
import { describe, expect, it } from "vitest";
import { getExercise } from "./loader";
import { restoreSession, startSession, type LogEntry } from "./session";

const run = (line: string): LogEntry => ({ kind: "run", line });

describe("checkpoints keep CRDs, operators, Helm and Gateway API state", () => {
  it.each([
    ["helm-install-upgrade", ["helm repo add kubeclass https://charts.kubeclass.dev", "helm install a kubeclass/web -n web --create-namespace --set replicaCount=2"], ["helm upgrade a kubeclass/web -n web --reuse-values --set replicaCount=3 && helm history a -n web && helm repo list"]],
    ["operator-webapp-stalled", ["kubectl scale deploy webapp-operator -n webapp-system --replicas=1", "sleep 30"], ["kubectl get webapps -A && kubectl get deploy -A -l app.kubernetes.io/managed-by=webapp-operator"]],
    ["gateway-migrate-ingress", ["kubectl get gateway -A"], ["kubectl get gateway -A && kubectl get crd"]],
  ])("%s", (id, before, after) => {
    const le = getExercise(id)!;
    const live = startSession(le.exercise, 7);
    for (const l of before) live.apply(run(l));
    const cp = live.checkpoint();
    expect(cp).not.toBeNull();
    const rebuilt = restoreSession(le.exercise, 7, live.params, cp!, live.log)!;
    expect(rebuilt.stateHash()).toBe(live.stateHash());
    for (const l of after) expect(rebuilt.apply(run(l)).stdout).toBe(live.apply(run(l)).stdout);
    expect(rebuilt.stateHash()).toBe(live.stateHash());
  }, 60_000);
});
