// Tab completion for the learner's terminal: commands, kubectl verbs, resource types, object
// names from the current context's cluster, flags, and file paths.
import { resolveResource } from "./resources";
import type { Shell } from "./shell/shell";
import { resolvePath } from "./shell/vfs";

const SHELL_COMMANDS = ["alias", "awk", "base64", "bash", "cat", "cd", "clear", "cp", "curl", "cut", "date", "echo", "egrep", "env", "etcdctl", "etcdutl", "exit", "export", "grep", "head", "history", "hostname", "k", "kubectl", "ls", "mkdir", "mv", "nano", "printenv", "printf", "pwd", "rm", "scp", "sed", "sleep", "sort", "source", "ssh", "systemctl", "tail", "tee", "touch", "tr", "uniq", "unset", "vi", "vim", "watch", "wc", "wget", "whoami", "xargs"];
const KUBECTL_VERBS = ["annotate", "api-resources", "api-versions", "apply", "auth", "autoscale", "cluster-info", "completion", "config", "cordon", "cp", "create", "delete", "describe", "diff", "drain", "edit", "events", "exec", "explain", "expose", "get", "kustomize", "label", "logs", "patch", "replace", "rollout", "run", "scale", "set", "taint", "top", "uncordon", "version", "wait"];
const SUBCOMMANDS: Record<string, string[]> = {
  create: ["clusterrole", "clusterrolebinding", "configmap", "cronjob", "deployment", "ingress", "job", "namespace", "poddisruptionbudget", "priorityclass", "quota", "role", "rolebinding", "secret", "service", "serviceaccount", "token"],
  rollout: ["history", "pause", "restart", "resume", "status", "undo"],
  set: ["env", "image", "resources", "serviceaccount"],
  config: ["current-context", "get-contexts", "set-context", "use-context", "view"],
  top: ["node", "pod"],
  auth: ["can-i", "whoami"],
};
const TYPE_VERBS = new Set(["get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "explain", "expose", "autoscale", "wait"]);
const RESOURCE_WORDS = ["all", "configmaps", "cronjobs", "daemonsets", "deployments", "endpoints", "events", "horizontalpodautoscalers", "ingresses", "jobs", "namespaces", "networkpolicies", "nodes", "persistentvolumeclaims", "persistentvolumes", "pods", "replicasets", "rolebindings", "roles", "clusterroles", "clusterrolebindings", "secrets", "serviceaccounts", "services", "statefulsets", "storageclasses"];
const COMMON_FLAGS = ["--all-namespaces", "--dry-run=client", "--field-selector", "--filename", "--force", "--grace-period", "--help", "--image", "--labels", "--namespace", "--output", "--overwrite", "--port", "--replicas", "--selector", "--show-labels", "--sort-by", "--type", "-A", "-f", "-l", "-n", "-o"];

function pathCandidates(shell: Shell, word: string): string[] {
  const st = shell.state;
  const slash = word.lastIndexOf("/");
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : "";
  const dir = resolvePath(st.cwd, dirPart || ".", st.home);
  return st.fs
    .list(dir)
    .filter((n) => (dirPart + n).startsWith(word))
    .map((n) => dirPart + n + (st.fs.isDir(dir === "/" ? `/${n}` : `${dir}/${n}`) ? "/" : ""));
}

/** Candidates for the last word of `line` (sorted, de-duplicated). */
export function complete(shell: Shell, line: string): string[] {
  const words = line.split(/\s+/);
  const cur = words[words.length - 1] ?? "";
  const before = words.slice(0, -1).filter(Boolean);
  const pick = (pool: string[]) => [...new Set(pool.filter((w) => w.startsWith(cur)))].sort();
  if (!before.length) return pick([...SHELL_COMMANDS, ...shell.state.aliases.keys()]);
  const cmd = shell.state.aliases.get(before[0]) ?? before[0];
  const prev = before[before.length - 1];
  if (prev === "-f" || prev === "--filename" || (cmd !== "kubectl" && !cur.startsWith("-"))) return pathCandidates(shell, cur).sort();
  if (cur.startsWith("-")) return pick(COMMON_FLAGS);
  const args = before.slice(1).filter((a) => !a.startsWith("-"));
  if (!args.length) return pick(KUBECTL_VERBS);
  const verb = args[0];
  if (SUBCOMMANDS[verb] && args.length === 1) return pick(SUBCOMMANDS[verb]);
  if (verb === "config" && args[1] === "use-context") return pick(shell.state.contexts.map((c) => c.name));
  if (prev === "-n" || prev === "--namespace") return pick(names(shell, "namespaces", undefined));
  if (TYPE_VERBS.has(verb) && args.length === 1) return pick(RESOURCE_WORDS);
  if (TYPE_VERBS.has(verb) && args.length >= 2) {
    const res = resolveResource(shell.cluster().resources(), args[1].split("/")[0]);
    if (res) return pick(names(shell, res.name, before));
  }
  if (["logs", "exec", "cp"].includes(verb)) return pick(names(shell, "pods", before));
  if (["cordon", "uncordon", "drain", "taint"].includes(verb)) return pick(names(shell, "nodes", before));
  return [];
}

function names(shell: Shell, resource: string, words: string[] | undefined): string[] {
  const cluster = shell.cluster();
  const res = resolveResource(cluster.resources(), resource);
  if (!res) return [];
  const ctx = shell.state.contexts.find((c) => c.name === shell.state.currentContext);
  const nsIdx = words ? words.findIndex((w) => w === "-n" || w === "--namespace") : -1;
  const ns = res.namespaced ? (nsIdx >= 0 ? words![nsIdx + 1] : ctx?.namespace ?? "default") : undefined;
  const r = cluster.list(res, ns, { user: ctx?.user ?? "kubernetes-admin" });
  return r.ok ? r.value.map((o) => o.metadata?.name as string).filter(Boolean) : [];
}
