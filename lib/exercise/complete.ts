// Tab completion for the workspace terminal: commands, kubectl verbs, kinds and object names.
import type { Obj } from "#lib/sim/index";
import type { ExerciseSession } from "./session";

const COMMANDS = ["kubectl", "k", "etcdctl", "etcdutl", "curl", "wget", "cat", "ls", "cd", "pwd", "echo", "grep", "head", "tail", "wc", "sort", "uniq", "cut", "tr", "sed", "awk", "vi", "vim", "nano", "mkdir", "rm", "cp", "mv", "touch", "sleep", "export", "alias", "history", "clear", "base64", "diff", "watch", "jq", "yq", "env", "which", "true", "false"];
const KUBECTL_VERBS = ["get", "describe", "create", "apply", "delete", "edit", "patch", "replace", "expose", "run", "set", "scale", "autoscale", "rollout", "label", "annotate", "taint", "cordon", "uncordon", "drain", "logs", "exec", "top", "explain", "api-resources", "config", "auth", "version", "cluster-info", "port-forward", "diff", "wait"];
const NEEDS_KIND = new Set(["get", "describe", "delete", "edit", "patch", "label", "annotate", "scale", "expose", "set", "rollout", "explain", "wait"]);
const NODE_VERBS = new Set(["cordon", "uncordon", "drain", "taint"]);
const POD_VERBS = new Set(["logs", "exec", "port-forward"]);
const MAX_CANDIDATES = 50;

/** Candidates that replace the last word of `line`. */
export function complete(s: ExerciseSession, line: string): string[] {
  const words = line.split(/\s+/);
  const cur = words[words.length - 1] ?? "";
  const prev = words.slice(0, -1).filter(Boolean);
  const pick = (xs: Iterable<string>) => [...new Set(xs)].filter((x) => x.startsWith(cur)).sort().slice(0, MAX_CANDIDATES);
  if (prev.length === 0 || /[|;&]$/.test(prev[prev.length - 1])) return pick(COMMANDS);
  const cmd = prev[0];
  if (cmd !== "kubectl" && cmd !== "k") {
    const st = s.shell.state;
    const dir = cur.includes("/") ? cur.slice(0, cur.lastIndexOf("/") + 1) : "";
    const base = dir.startsWith("/") ? dir : `${st.cwd}/${dir}`;
    return pick(st.fs.list(base.replace(/\/+$/, "") || "/").map((n) => dir + n));
  }
  const args = prev.slice(1).filter((w) => !w.startsWith("-"));
  const nsIdx = prev.findIndex((w) => w === "-n" || w === "--namespace");
  const ns = nsIdx >= 0 ? prev[nsIdx + 1] : prev.find((w) => w.startsWith("--namespace="))?.slice(12) ?? "default";
  if (prev[prev.length - 1] === "-n" || prev[prev.length - 1] === "--namespace") return pick(names(s, "namespaces"));
  if (args.length === 0) return pick(KUBECTL_VERBS);
  const verb = args[0];
  if (NODE_VERBS.has(verb)) return pick(names(s, "nodes"));
  if (POD_VERBS.has(verb)) return pick(names(s, "pods", ns));
  if (verb === "rollout" && args.length === 1) return pick(["status", "history", "undo", "restart", "pause", "resume"]);
  const kindPos = verb === "rollout" || verb === "set" ? 2 : 1;
  if (verb === "set" && args.length === 1) return pick(["image", "env", "resources", "selector", "serviceaccount"]);
  if (!NEEDS_KIND.has(verb)) return [];
  if (args.length === kindPos) {
    const kinds: string[] = [];
    for (const r of s.cluster.resources()) kinds.push(r.resource, ...(r.shortNames ?? []));
    if (cur.includes("/")) {
      const [k] = cur.split("/");
      return pick(names(s, k, ns).map((n) => `${k}/${n}`));
    }
    return pick(kinds);
  }
  if (args.length === kindPos + 1) return pick(names(s, args[kindPos], ns));
  return [];
}

function names(s: ExerciseSession, resource: string, namespace?: string): string[] {
  const r = s.cluster.list(resource, { user: "kubernetes-admin", ...(namespace ? { namespace } : {}) });
  return r.ok ? (r.object as Obj[]).map((o) => o.metadata.name as string) : [];
}
