// A cluster stopped by the embedding application (lib/sim setShouldStop -> SimulationStopped) must stop
// the whole command: no catch in the shell or kubectl may turn it into output ("bash: internal error").
import { describe, expect, it } from "vitest";
import { createCluster, type Cluster } from "../sim/index";
import { createShell, simClusterApi, SimulationStopped, type Shell } from "./index";

const DEPLOY = {
  apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" },
  spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
};

/** A settled cka cluster with Deployment `web` just created (its rollout still to run) and a shell on it. */
function setup(): { c: Cluster; shell: Shell } {
  const c = createCluster({ preset: "cka", seed: 4 });
  const shell = createShell(simClusterApi(c));
  const r = c.apply(DEPLOY);
  if (!r.ok) throw new Error(r.status.message);
  return { c, shell };
}

const STATIC_POD = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
spec:
  containers:
  - name: web
    image: nginx:1.27
`;

describe("SimulationStopped passes through the shell and kubectl", () => {
  const lines = [
    "kubectl scale deployment web --replicas=5", // settle after a kubectl command
    "sleep 30", // shell sleep -> advance
    "kubectl rollout status deployment/web", // kubectl's own wait loop
    "kubectl wait --for=condition=Available deployment/web --timeout=60s",
    "kubectl get deployment web -w", // watch loop
    "echo $(sleep 5)", // command substitution
    "ssh node01 sleep 5", // nested line on a node
    "for i in 1 2; do sleep 1; done",
  ];
  for (const line of lines) {
    it(`${line}: run() throws it instead of printing an error`, () => {
      const { c, shell } = setup();
      c.setShouldStop(() => true);
      expect(() => shell.run(line)).toThrow(SimulationStopped);
    });
  }

  it("an alias whose expansion runs the cluster ($(...)) lets it through", () => {
    const { c, shell } = setup();
    expect(shell.run("alias later='echo $(sleep 5)'").exitCode).toBe(0);
    c.setShouldStop(() => true);
    expect(() => shell.run("later")).toThrow(SimulationStopped);
  });

  it("a static pod manifest saved from the editor (the shell's after-command sync) lets it through", () => {
    const { c, shell } = setup();
    c.setShouldStop(() => true);
    expect(() => shell.saveFile("/etc/kubernetes/manifests/static-web.yaml", STATIC_POD)).toThrow(SimulationStopped);
  });

  it("a predicate that never fires leaves output and state as without one", () => {
    const run = (withPredicate: boolean) => {
      const { c, shell } = setup();
      if (withPredicate) c.setShouldStop(() => false);
      const out = ["kubectl rollout status deployment/web", "kubectl scale deployment web --replicas=5", "sleep 20", "kubectl get pods"].map((l) => shell.run(l).output);
      return { out, hash: c.stateHash() };
    };
    const plain = run(false);
    expect(plain.out[0]).toContain('deployment "web" successfully rolled out');
    expect(run(true)).toEqual(plain);
  });
});
