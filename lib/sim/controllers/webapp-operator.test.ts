// The WebApp operator (operator pattern) driven through kubectl as a learner would: nothing
// happens until the operator's Deployment runs; then a WebApp becomes a Deployment + Service
// with status written back; drift is repaired; deleting the WebApp removes its children.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createShell } from "../../kubectl/shell/shell";
import { simClusterApi } from "../../kubectl/sim-adapter";
import { runTranscript } from "../../kubectl/transcript";
import { createCluster } from "../index";
import { WEBAPP_OPERATOR_IMAGE } from "./webapp-operator";

const install = readFileSync(path.join(import.meta.dirname, "testdata/webapp-operator-install.yaml"), "utf8");
const shop = `apiVersion: demo.kubeclass.dev/v1
kind: WebApp
metadata:
  name: shop
spec:
  image: nginx:1.27
  replicas: 2
`;

function session(manifest = install) {
  const c = createCluster({ seed: 4, preset: "cka", images: [WEBAPP_OPERATOR_IMAGE] });
  const sh = createShell(simClusterApi(c), { files: { "/root/install.yaml": manifest, "/root/shop.yaml": shop } });
  return { c, sh, run: (script: string) => runTranscript(sh, script) };
}

describe("WebApp operator", () => {
  it("reconciles only while its Deployment runs, then creates, reports, repairs and cleans up", () => {
    const { c, run } = session();
    const out = run(["kubectl apply -f install.yaml", "kubectl scale deploy webapp-operator -n webapp-system --replicas=0", "kubectl apply -f shop.yaml", "sleep 30", "kubectl get webapps", "kubectl get deploy shop"].join("\n"));
    expect(out).toContain("webapp.demo.kubeclass.dev/shop created");
    expect(out).toMatch(/NAME\s+IMAGE\s+REPLICAS\s+AVAILABLE\s+PHASE\s+AGE\nshop\s+nginx:1\.27\s+2\s+\d+s\n/);
    expect(out).toContain('Error from server (NotFound): deployments.apps "shop" not found');
    const out2 = run(["kubectl scale deploy webapp-operator -n webapp-system --replicas=1", "sleep 60", "kubectl get wa shop", "kubectl get deploy,svc -l app=shop", "kubectl logs -n webapp-system deploy/webapp-operator | head -2"].join("\n"));
    expect(out2).toMatch(/shop\s+nginx:1\.27\s+2\s+2\s+Ready\s+/);
    expect(out2).toMatch(/deployment\.apps\/shop\s+2\/2\s+2\s+2\s+/);
    expect(out2).toMatch(/service\/shop\s+ClusterIP\s+10\.\S+\s+<none>\s+80\/TCP\s+/);
    expect(out2).toContain("starting manager");
    const dep = c.get("deployments", "shop", { namespace: "default" });
    expect(dep.ok && dep.object.metadata.ownerReferences[0]).toMatchObject({ kind: "WebApp", name: "shop", controller: true });
    // drift: a hand edit of the Deployment and a deleted Service come back
    const out3 = run(["kubectl scale deploy shop --replicas=5", "kubectl delete svc shop", "sleep 20", "kubectl get deploy shop -o jsonpath='{.spec.replicas}{\"\\n\"}'", "kubectl get svc shop -o name", "kubectl patch wa shop --type=merge -p '{\"spec\":{\"replicas\":3,\"image\":\"httpd:2.4\"}}'", "sleep 60", "kubectl get wa shop -o jsonpath='{.status.phase} {.status.availableReplicas} {.status.observedGeneration}{\"\\n\"}'", "kubectl describe wa shop | grep -A8 Events:"].join("\n"));
    expect(out3).toContain("$ kubectl get deploy shop -o jsonpath='{.spec.replicas}{\"\\n\"}'\n2\n");
    expect(out3).toContain("service/shop\n");
    expect(out3).toContain("Ready 3 2\n");
    expect(out3).toMatch(/Normal\s+Created\s+\S+\s+webapp-operator\s+Created Deployment shop/);
    expect(out3).toMatch(/Normal\s+Created\s+\S+ \(x2 over \S+\)\s+webapp-operator\s+Created Service shop/);
    expect(out3).toMatch(/Normal\s+Updated\s+.*webapp-operator\s+Updated Deployment shop/);
    const out4 = run(["kubectl delete wa shop", "sleep 30", "kubectl get deploy,svc -l app=shop"].join("\n"));
    expect(out4).toContain("No resources found in default namespace.");
    expect(c.trace({ component: "simulator" })).toEqual([]);
  });

  it("a Deployment of the same name that it does not own is reported, not taken over", () => {
    const { run } = session();
    const out = run(["kubectl apply -f install.yaml", "kubectl create deploy shop --image=nginx", "sleep 30", "kubectl apply -f shop.yaml", "sleep 30", "kubectl get wa shop -o jsonpath='{.status.phase}: {.status.message}{\"\\n\"}'"].join("\n"));
    expect(out).toContain("Error: Deployment shop already exists and is not owned by this WebApp\n");
  });

  it("an operator whose image cannot be pulled never starts and WebApps stay unreconciled", () => {
    const { run } = session(install.replace("image: kubeclass/webapp-operator:v1", "image: registry.local/webapp-operator:v1"));
    const out = run(["kubectl apply -f install.yaml", "kubectl apply -f shop.yaml", "sleep 60", "kubectl get pods -n webapp-system", "kubectl get wa shop -o jsonpath='{.status}{\"\\n\"}'"].join("\n"));
    expect(out).toMatch(/webapp-operator-\S+\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/);
    expect(out).toMatch(/\{.status\}\{"\\n"\}'\n\n/);
  });
});
