// Round trip: `create ... --dry-run=client -o yaml > f.yaml; kubectl apply -f f.yaml` yields the
// same object as running the create without --dry-run (exam-critical: the generated manifests apply).
import { describe, expect, it } from "vitest";
import type { Json } from "./cluster-api";
import { createSimSession } from "./sim-adapter";

const COMMANDS = [
  ["deployment", "web", "kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80"],
  ["pod", "nginx", "kubectl run nginx --image=nginx --port=80 --labels=app=web,tier=fe"],
  ["pod", "busy", "kubectl run busy --image=busybox --restart=Never --env=A=1 -- sleep 3600"],
  ["service", "web", "kubectl create service clusterip web --tcp=80:8080"],
  ["service", "np", "kubectl create service nodeport np --tcp=80:80 --node-port=30080"],
  ["configmap", "cfg", "kubectl create configmap cfg --from-literal=a=1 --from-literal=b=two"],
  ["secret", "db", "kubectl create secret generic db --from-literal=password=s3cr3t"],
  ["namespace", "dev", "kubectl create namespace dev"],
  ["serviceaccount", "robot", "kubectl create serviceaccount robot"],
  ["job", "pi", "kubectl create job pi --image=perl:5.34 -- perl -e 'print 1'"],
  ["cronjob", "hello", "kubectl create cronjob hello --image=busybox --schedule='*/5 * * * *' -- date"],
  ["role", "reader", "kubectl create role reader --verb=get,list --resource=pods,deployments.apps"],
  ["rolebinding", "rb", "kubectl create rolebinding rb --role=reader --user=jane --serviceaccount=default:robot"],
  ["clusterrole", "cr", "kubectl create clusterrole cr --verb=get --resource=nodes"],
  ["clusterrolebinding", "crb", "kubectl create clusterrolebinding crb --clusterrole=cr --group=ops"],
  ["ingress", "ing", "kubectl create ingress ing --rule=a.example.com/=web:80 --class=nginx"],
  ["quota", "q", "kubectl create quota q --hard=pods=10,requests.cpu=2"],
  ["poddisruptionbudget", "pdb", "kubectl create pdb pdb --selector=app=web --min-available=1"],
] as const;

/** The parts of an object a user controls (no server-assigned identity, time or status). */
function comparable(o: Json): Json {
  const c = JSON.parse(JSON.stringify(o));
  for (const k of ["uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "annotations"]) delete c.metadata?.[k];
  delete c.status;
  if (c.spec) {
    delete c.spec.clusterIP;
    delete c.spec.clusterIPs;
  }
  return c;
}

describe("dry-run round trip", () => {
  for (const [kind, name, cmd] of COMMANDS) {
    it(cmd, () => {
      const a = createSimSession({ seed: 3 });
      const i = cmd.indexOf(" -- ");
      const dry = i < 0 ? `${cmd} --dry-run=client -o yaml` : `${cmd.slice(0, i)} --dry-run=client -o yaml${cmd.slice(i)}`;
      const gen = a.run(`${dry} > f.yaml`);
      expect(gen.output).toBe("");
      const applied = a.run("kubectl apply -f f.yaml");
      expect(applied.stderr).toBe("");
      expect(applied.exitCode).toBe(0);
      const b = createSimSession({ seed: 3 });
      const direct = b.run(cmd);
      expect(direct.stderr).toBe("");
      const ga = a.run(`kubectl get ${kind} ${name} -o json`);
      const gb = b.run(`kubectl get ${kind} ${name} -o json`);
      expect(ga.exitCode).toBe(0);
      expect(comparable(JSON.parse(ga.stdout))).toEqual(comparable(JSON.parse(gb.stdout)));
    });
  }
});
