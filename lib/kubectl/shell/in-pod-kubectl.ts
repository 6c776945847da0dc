// `kubectl` inside a container (bitnami/kubectl, registry.k8s.io/kubectl, alpine/k8s): lib/sim asks
// for it through the runner registered here (lib/sim/in-pod-kubectl.ts decides whether the in-cluster
// config exists and which namespace it names); this runs lib/kubectl's kubectl against the same
// cluster as the Pod's ServiceAccount.
import type { InPodKubectl, InPodKubectlCall, InPodKubectlResult } from "../../sim/in-pod-kubectl";
import type { ClusterApi } from "../cluster-api";
import { kubectl } from "../kubectl/main";
import { apiRefusal } from "./control-plane";
import { createShell } from "./shell";

/** Commands a container's own program may run (its timeline is derived data and must not change the cluster). */
const READ_ONLY = new Set(["get", "describe", "auth", "version", "api-resources", "api-versions", "explain", "logs", "top"]);

const NOT_MODELLED: InPodKubectlResult = { stdout: "", stderr: "sh: kubectl: not found\n", exitCode: 127 };

/** The command word: the first argument that is not a flag (global flags with values come as --flag=value in scripts). */
function commandWord(args: string[]): string {
  return args.find((a) => !a.startsWith("-")) ?? "";
}

/** What `--as`/`--as-group` ask to impersonate: users, service accounts (namespaced) and groups. */
function impersonated(args: string[]): { resource: string; name: string; namespace?: string }[] {
  const out: { resource: string; name: string; namespace?: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--(as|as-group)(?:=(.*))?$/.exec(args[i]);
    if (!m) continue;
    const v = m[2] ?? args[++i] ?? "";
    if (!v) continue;
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(v);
    if (m[1] === "as-group") out.push({ resource: "groups", name: v });
    else if (sa) out.push({ resource: "serviceaccounts", name: sa[2], namespace: sa[1] });
    else out.push({ resource: "users", name: v });
  }
  return out;
}

/** Run one in-Pod kubectl call as `system:serviceaccount:<ns>:<sa>` (groups come from the API server's authenticator). */
export function runPodKubectl(cluster: ClusterApi, call: InPodKubectlCall): InPodKubectlResult {
  const word = commandWord(call.args);
  if (call.readOnly && !READ_ONLY.has(word)) {
    // not modelled: fail the way a missing program fails rather than change state from derived data
    return NOT_MODELLED;
  }
  if (word === "config") {
    // the container has no kubeconfig file (the in-cluster config is not one): kubectl
    // pkg/cmd/config/current_context.go fails with "current-context is not set"; other config commands are not modelled
    const sub = call.args[call.args.indexOf("config") + 1];
    return sub === "current-context" ? { stdout: "", stderr: "error: current-context is not set\n", exitCode: 1 } : NOT_MODELLED;
  }
  const user = `system:serviceaccount:${call.saNamespace}:${call.serviceAccount}`;
  // --as needs the impersonate verb (apiserver pkg/endpoints/filters/impersonation.go; the Forbidden text is
  // responsewriters forbiddenMessage)
  for (const imp of impersonated(call.args)) {
    if (!cluster.canI || cluster.canI(user, [], "impersonate", { name: imp.resource, group: "" }, imp.name, imp.namespace)) continue;
    const scope = imp.namespace ? `in the namespace "${imp.namespace}"` : "at the cluster scope";
    return { stdout: "", stderr: `Error from server (Forbidden): ${imp.resource} "${imp.name}" is forbidden: User "${user}" cannot impersonate resource "${imp.resource}" in API group "" ${scope}\n`, exitCode: 1 };
  }
  const shell = createShell(cluster, { hostname: call.pod, kubeUser: user });
  // in-cluster config: the context's namespace is the namespace file's (clientcmd inClusterClientConfig.Namespace)
  shell.state.contexts[0].namespace = call.namespace;
  const refused = apiRefusal(shell.state, ["kubectl", ...call.args]);
  if (refused) {
    // the API server is down: the kubernetes Service still leads to its address, which refuses the connection
    return { stdout: refused.out, stderr: `The connection to the server ${call.server} was refused - did you specify the right host or port?\n`, exitCode: 1 };
  }
  let stdout = "", stderr = "";
  const exitCode = kubectl(["kubectl", ...call.args], { stdin: "", out: (s) => void (stdout += s), err: (s) => void (stderr += s) }, shell.state);
  return { stdout, stderr, exitCode };
}

/** The runner lib/sim's kubelets call for a container's `kubectl`. */
export function inPodKubectlRunner(cluster: ClusterApi): InPodKubectl {
  return (call) => runPodKubectl(cluster, call);
}
