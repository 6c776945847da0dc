// Abbreviated `kubectl <cmd> --help`: kubectl's usage line and examples for the commands
// learners look up most, plus the flags this simulator accepts (no per-flag descriptions).
import type { FlagSpec } from "./args";

const USAGE: Record<string, string> = {
  get: "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
  run: "kubectl run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]",
  expose: "kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]",
  create: "kubectl create -f FILENAME [options]",
  "create deployment": "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
  "create service": "kubectl create service [flags] [options]",
  "create configmap": "kubectl create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  "create secret": "kubectl create secret (docker-registry | generic | tls) [options]",
  "create secret generic": "kubectl create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] [--dry-run=server|client|none] [options]",
  "create role": "kubectl create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  "create rolebinding": "kubectl create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  "create clusterrole": "kubectl create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] [--dry-run=server|client|none] [options]",
  "create clusterrolebinding": "kubectl create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] [--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
  "create job": "kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
  "create cronjob": "kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
  "create ingress": "kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
  apply: "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
  delete: "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
  describe: "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
  scale: "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
  autoscale: "kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu=CPU] [--memory=MEMORY] [options]",
  logs: "kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
  exec: "kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
  label: "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  annotate: "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
  taint: "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
  drain: "kubectl drain NODE [options]",
  cordon: "kubectl cordon NODE [options]",
  uncordon: "kubectl uncordon NODE [options]",
  rollout: "kubectl rollout SUBCOMMAND [options]",
  set: "kubectl set SUBCOMMAND [options]",
  patch: "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
  replace: "kubectl replace -f FILENAME [options]",
  edit: "kubectl edit (RESOURCE/NAME | -f FILENAME) [options]",
  top: "kubectl top [flags] [options]",
  explain: "kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]",
  auth: "kubectl auth [flags] [options]",
  config: "kubectl config SUBCOMMAND [options]",
};

const EXAMPLES: Record<string, string[]> = {
  run: [
    "# Start a nginx pod",
    "kubectl run nginx --image=nginx",
    "",
    "# Start a hazelcast pod and let the container expose port 5701",
    "kubectl run hazelcast --image=hazelcast/hazelcast --port=5701",
    "",
    "# Start a hazelcast pod and set labels \"app=hazelcast\" and \"env=prod\" in the container",
    "kubectl run hazelcast --image=hazelcast/hazelcast --labels=\"app=hazelcast,env=prod\"",
    "",
    "# Dry run; print the corresponding API objects without creating them",
    "kubectl run nginx --image=nginx --dry-run=client",
    "",
    "# Start a busybox pod and keep it in the foreground, don't restart it if it exits",
    "kubectl run -i -t busybox --image=busybox --restart=Never",
    "",
    "# Start the nginx pod using a different command and custom arguments",
    "kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>",
  ],
  "create deployment": [
    "# Create a deployment named my-dep that runs the busybox image",
    "kubectl create deployment my-dep --image=busybox",
    "",
    "# Create a deployment with a command",
    "kubectl create deployment my-dep --image=busybox -- date",
    "",
    "# Create a deployment named my-dep that runs the nginx image with 3 replicas",
    "kubectl create deployment my-dep --image=nginx --replicas=3",
    "",
    "# Create a deployment named my-dep that runs the busybox image and expose port 5701",
    "kubectl create deployment my-dep --image=busybox --port=5701",
  ],
  expose: [
    "# Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000",
    "kubectl expose deployment nginx --port=80 --target-port=8000",
    "",
    "# Create a service for a pod valid-pod, which serves on port 444 with the name \"frontend\"",
    "kubectl expose pod valid-pod --port=444 --name=frontend",
  ],
  "create secret generic": [
    "# Create a new secret named my-secret with key1=supersecret and key2=topsecret",
    "kubectl create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret",
  ],
  "create configmap": [
    "# Create a new config map named my-config with key1=config1 and key2=config2",
    "kubectl create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2",
  ],
  "create role": [
    "# Create a role named \"pod-reader\" that allows user to perform \"get\", \"watch\" and \"list\" on pods",
    "kubectl create role pod-reader --verb=get --verb=list --verb=watch --resource=pods",
  ],
  "create rolebinding": [
    "# Create a role binding for user1, user2, and group1 using the admin cluster role",
    "kubectl create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1",
  ],
};

/** Help text for `kubectl <path> --help`. */
export function helpText(path: string, short: string, flags: FlagSpec[]): string {
  const lines: string[] = [`${short}.`, ""];
  const ex = EXAMPLES[path];
  if (ex) lines.push("Examples:", ...ex.map((l) => (l ? `  ${l}` : "  ")), "");
  const opts = flags
    .filter((f) => f.name !== "help")
    .map((f) => `    ${f.short ? `-${f.short}, ` : ""}--${f.name}${f.type === "bool" ? "=false" : f.type === "int" ? "=-1" : f.type === "strings" || f.type === "array" ? "=[]" : "=''"}`);
  if (opts.length) lines.push("Options:", ...opts, "");
  lines.push("Usage:", `  ${USAGE[path] ?? `kubectl ${path} [options]`}`, "");
  lines.push(`Use "kubectl options" for a list of global command-line options (applies to all commands).`);
  lines.push(`(Simulator help: flags are listed without descriptions; see lib/kubectl/README.md for what is supported.)`);
  return lines.join("\n") + "\n";
}
