// kubectl explain from a compact OpenAPI field map ("group/version.Type" -> field -> type code),
// the format lib/sim generates from the official Kubernetes OpenAPI (kubernetes-types).
import type { ApiResource } from "../cluster-api";
import { explainCustom } from "./crd-columns";

export type FieldSchema = Record<string, Record<string, string>>;

let schema: FieldSchema | null = null;
let docsJson: string | null = null;
let docs: { descriptions: Record<string, string>; required: Set<string> } | null = null;

/**
 * Install the OpenAPI field map and, optionally, its descriptions (a JSON string of
 * `{ descriptions: { "<gv>.<Type>[.<field>]": text }, required: ["<gv>.<Type>.<field>"] }`, parsed on
 * first use). Done by the cluster adapter.
 */
export function setExplainSchema(s: FieldSchema | null, descriptionsJson?: string): void {
  schema = s;
  if (descriptionsJson !== undefined && descriptionsJson !== docsJson) {
    docsJson = descriptionsJson;
    docs = null;
  }
}

function doc(): { descriptions: Record<string, string>; required: Set<string> } | null {
  if (!docs && docsJson) {
    const raw = JSON.parse(docsJson) as { descriptions: Record<string, string>; required: string[] };
    docs = { descriptions: raw.descriptions, required: new Set(raw.required) };
  }
  return docs;
}

/**
 * Word-wrap as kubectl explain's template does (`wrap` -> term.NewWordWrapWriter, mitchellh/go-wordwrap:
 * break at spaces so a line stays within the width, a longer word keeps its own line, newlines kept), then
 * indent every line.
 */
function wrapIndent(text: string, indent: number, width = 80): string {
  const pad = " ".repeat(indent);
  const limit = width - indent;
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(" ")) {
      if (line && line.length + 1 + word.length > limit) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.map((l) => pad + l).join("\n");
}

const DESCRIPTIONS: Record<string, string> = {
  Pod: "Pod is a collection of containers that can run on a host. This resource is\ncreated by clients and scheduled onto hosts.",
  Deployment: "Deployment enables declarative updates for Pods and ReplicaSets.",
  ReplicaSet: "ReplicaSet ensures that a specified number of pod replicas are running at\nany given time.",
  Service: "Service is a named abstraction of software service (for example, mysql)\nconsisting of local port (for example 3306) that the proxy listens on, and the\nselector that determines which pods will answer requests sent through the\nproxy.",
  ConfigMap: "ConfigMap holds configuration data for pods to consume.",
  Secret: "Secret holds secret data of a certain type. The total bytes of the values in\nthe Data field must be less than MaxSecretSize bytes.",
  Namespace: "Namespace provides a scope for Names. Use of multiple namespaces is optional.",
  Node: "Node is a worker node in Kubernetes. Each node will have a unique identifier\nin the cache (i.e. in etcd).",
  DaemonSet: "DaemonSet represents the configuration of a daemon set.",
  StatefulSet: "StatefulSet represents a set of pods with consistent identities. Identities\nare defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to\nthe same storage identity.",
  Job: "Job represents the configuration of a single job.",
  CronJob: "CronJob represents the configuration of a single cron job.",
  HorizontalPodAutoscaler: "HorizontalPodAutoscaler is the configuration for a horizontal pod\nautoscaler, which automatically manages the replica count of any resource\nimplementing the scale subresource based on the metrics specified.",
  Ingress: "Ingress is a collection of rules that allow inbound connections to reach the\nendpoints defined by a backend. An Ingress can be configured to give services\nexternally-reachable urls, load balance traffic, terminate SSL, offer name\nbased virtual hosting etc.",
  NetworkPolicy: "NetworkPolicy describes what network traffic is allowed for a set of Pods",
  PersistentVolume: "PersistentVolume (PV) is a storage resource provisioned by an administrator.\nIt is analogous to a node.",
  PersistentVolumeClaim: "PersistentVolumeClaim is a user's request for and claim to a persistent\nvolume",
  ServiceAccount: "ServiceAccount binds together: * a name, understood by users, and perhaps by\nperipheral systems, for an identity * a principal that can be authenticated\nand authorized * a set of secrets",
  Role: "Role is a namespaced, logical grouping of PolicyRules that can be referenced\nas a unit by a RoleBinding.",
  ClusterRole: "ClusterRole is a cluster level, logical grouping of PolicyRules that can be\nreferenced as a unit by a RoleBinding or ClusterRoleBinding.",
  RoleBinding: "RoleBinding references a role, but does not contain it.  It can reference a\nRole in the same namespace or a ClusterRole in the global namespace.",
  ClusterRoleBinding: "ClusterRoleBinding references a ClusterRole, but not contain it.  It can\nreference a ClusterRole in the global namespace, and adds who information via\nSubject.",
};

function groupKey(res: ApiResource): string {
  const g = res.group === "" ? "core" : res.group.split(".")[0];
  return `${g}/${res.version}.${res.kind}`;
}

function typeName(code: string): string {
  if (code.startsWith("[]")) return `[]${typeName(code.slice(2))}`;
  if (code.startsWith("{}")) return `map[string]${typeName(code.slice(2))}`;
  switch (code) {
    case "s":
      return "string";
    case "n":
      return "integer";
    case "b":
      return "boolean";
    case "i":
      return "IntOrString";
    case "a":
      return "Object";
  }
  return code.split(".").pop() ?? code;
}

function typeRef(code: string): string | null {
  const c = code.replace(/^(\[\]|\{\})+/, "");
  return c.includes(".") && c.includes("/") ? c : null;
}

/** Render `kubectl explain RES[.field.path]`. */
export function explain(res: ApiResource, path: string[], recursive: boolean): { ok: true; text: string } | { ok: false; error: string } {
  if (res.openAPISchema) return explainCustom(res, path, recursive);
  const version = res.group ? `${res.group}/${res.version}` : res.version;
  let text = `GROUP:      ${res.group}\nKIND:       ${res.kind}\nVERSION:    ${res.version}\n\n`;
  if (!res.group) text = `KIND:       ${res.kind}\nVERSION:    ${version}\n\n`;
  if (!schema) {
    return { ok: true, text: text + `DESCRIPTION:\n    ${(DESCRIPTIONS[res.kind] ?? `${res.kind} (no field documentation in this simulator)`).replace(/\n/g, "\n    ")}\n\n` };
  }
  let key: string | null = groupKey(res);
  if (!schema[key]) {
    const hit = Object.keys(schema).find((k) => k.endsWith(`.${res.kind}`));
    key = hit ?? null;
  }
  if (!key) return { ok: true, text: text + `DESCRIPTION:\n    ${DESCRIPTIONS[res.kind] ?? res.kind}\n\n` };
  let fieldLine = "";
  let code = key;
  let fieldDoc: string | undefined;
  const d = doc();
  for (let i = 0; i < path.length; i++) {
    const ref = typeRef(code);
    const fields = ref ? schema[ref] : undefined;
    const f = path[i];
    if (!fields || !(f in fields)) return { ok: false, error: `field "${f}" does not exist` };
    fieldDoc = d?.descriptions[`${ref}.${f}`];
    code = fields[f];
    fieldLine = `FIELD: ${f} <${typeName(code)}>${ref && d?.required.has(`${ref}.${f}`) ? " -required-" : ""}\n\n\n`;
  }
  text += fieldLine;
  const ref = typeRef(code);
  // A field shows its own description, then its type's (explain/v2 plaintext template).
  const typeDoc = ref ? d?.descriptions[ref] : undefined;
  const description = path.length ? [fieldDoc, typeDoc].filter(Boolean).join("\n") : (typeDoc ?? DESCRIPTIONS[res.kind] ?? res.kind);
  if (description) text += `DESCRIPTION:\n${wrapIndent(description, 4)}\n    \n`;
  else text += `DESCRIPTION:\n    \n`;
  const fields = ref ? schema[ref] : undefined;
  if (fields) {
    text += "FIELDS:\n";
    const walk = (fs: Record<string, string>, owner: string, indent: string, depth: number) => {
      for (const k of Object.keys(fs).sort()) {
        const c = fs[k];
        text += `${indent}${k}\t<${typeName(c)}>${d?.required.has(`${owner}.${k}`) ? " -required-" : ""}\n`;
        const r = typeRef(c);
        if (recursive && r && schema![r] && depth < 8) walk(schema![r], r, indent + "  ", depth + 1);
        else if (!recursive) {
          const fd = d?.descriptions[`${owner}.${k}`];
          text += fd ? `${wrapIndent(fd, indent.length + 2)}\n\n` : "\n";
        }
      }
    };
    walk(fields, ref!, "  ", 0);
  }
  return { ok: true, text };
}
