// Kustomize as kubectl embeds it (kubectl kustomize, apply/create/delete/get/diff -k): a pure build of a
// kustomization directory on the shell's virtual file system. Behaviour follows kubernetes-sigs/kustomize
// v5 (kubectl 1.35 ships v5.7.1): api/internal/target/kusttarget.go (order of generators, transformers,
// hash suffix and name references), api/internal/konfig/builtinpluginconsts (field specs),
// api/internal/builtins/SortOrderTransformer.go (legacy output order), api/hasher/hasher.go (name hash).
import { parseDocument } from "yaml";
import type { Json } from "../cluster-api";
import { b64encode } from "../base64";
import { clone, jsonPatch, PatchError, strategicPatch } from "./merge";
import { compactJson, goCompare, parseManifests, toYaml } from "./yaml";

/** The part of the shell's file system a build reads (absolute paths). */
export interface KustomizeFs {
  isDir(p: string): boolean;
  isFile(p: string): boolean;
  read(p: string): string | null;
}

export type KustomizeResult = { ok: true; docs: Json[]; warnings: string[] } | { ok: false; error: string; warnings: string[] };

class KustError extends Error {}

const FILE_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const MAX_DEPTH = 20;

// ---- the name hash (api/hasher/hasher.go) -----------------------------------------------

/** SHA-256 of a UTF-8 string, hex (pure, so the build stays synchronous in the browser and in workers). */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const len = bytes.length;
  const total = Math.ceil((len + 9) / 64) * 64;
  const msg = new Uint8Array(total);
  msg.set(bytes);
  msg[len] = 0x80;
  const view = new DataView(msg.buffer);
  view.setUint32(total - 8, Math.floor((len * 8) / 2 ** 32));
  view.setUint32(total - 4, (len * 8) >>> 0);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
  }
  return [...h].map((x) => x.toString(16).padStart(8, "0")).join("");
}

/**
 * kustomize's content hash of a generated ConfigMap or Secret: sha256 of Go's json.Marshal of
 * {kind, name, data[, binaryData]} (Secrets also `type`, `stringData`), first 10 hex digits with
 * 0,1,3,a,e replaced by g,h,k,m,t so the suffix never reads as a number or a word.
 */
export function kustomizeHash(obj: Json): string {
  const kind = String(obj.kind ?? "");
  const name = obj.metadata?.name ?? "";
  const mapOr = (v: Json) => (v && typeof v === "object" && !Array.isArray(v) ? v : "");
  const m: Json = { kind, name, data: mapOr(obj.data) };
  if (kind === "ConfigMap") {
    if (mapOr(obj.binaryData) !== "") m.binaryData = obj.binaryData;
  } else if (kind === "Secret") {
    m.type = typeof obj.type === "string" ? obj.type : "";
    if (mapOr(obj.stringData) !== "") m.stringData = obj.stringData;
  } else {
    return encodeHash(sha256Hex(compactJson(obj)));
  }
  return encodeHash(sha256Hex(compactJson(m)));
}

function encodeHash(hex: string): string {
  const sub: Record<string, string> = { "0": "g", "1": "h", "3": "k", a: "m", e: "t" };
  return [...hex.slice(0, 10)].map((c) => sub[c] ?? c).join("");
}

// ---- resources and their ids ------------------------------------------------------------

interface Id {
  kind: string;
  apiVersion: string;
  name: string;
  ns: string;
}

interface Res {
  obj: Json;
  /** earlier ids (before prefixes, suffixes, the hash, a namespace), oldest first */
  prev: Id[];
  needsHash: boolean;
}

const idOf = (o: Json): Id => ({ kind: String(o.kind ?? ""), apiVersion: String(o.apiVersion ?? ""), name: String(o.metadata?.name ?? ""), ns: String(o.metadata?.namespace ?? "") });
const allIds = (r: Res): Id[] => [...r.prev, idOf(r.obj)];
const groupOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "");
const versionOf = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[1] : apiVersion);
/** "" and "default" are the same namespace for matching (resid.IsNsEquals). */
const sameNs = (a: string, b: string) => (a || "default") === (b || "default");

/** ResId.String(): `Deployment.v1.apps/web.[noNs]`. */
function idString(id: Id): string {
  return `${id.kind || "[noKind]"}.${versionOf(id.apiVersion) || "[noVer]"}.${groupOf(id.apiVersion) || "[noGrp]"}/${id.name || "[noName]"}.${id.ns || "[noNs]"}`;
}

function rename(r: Res, name: string) {
  r.prev.push(idOf(r.obj));
  r.obj.metadata = { ...(r.obj.metadata ?? {}), name };
}

const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass", "RuntimeClass",
  "CSIDriver", "CSINode", "VolumeAttachment", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
  "APIService", "CertificateSigningRequest", "PodSecurityPolicy", "ComponentStatus", "FlowSchema", "PriorityLevelConfiguration",
]);

// ---- the kustomization file -------------------------------------------------------------

const FIELDS = new Set([
  "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "imageTags",
  "replicas", "patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "sortOptions", "buildMetadata", "openapi",
  "crds", "configurations", "generators", "transformers", "validators", "vars", "replacements", "helmCharts", "helmGlobals", "helmChartInflationGenerator",
]);
/** Fields this build reads; the others are accepted by kustomize but not simulated here. */
const SIMULATED = new Set(["apiVersion", "kind", "metadata", "resources", "bases", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "imageTags", "replicas", "patches", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator", "generatorOptions", "sortOptions", "buildMetadata"]);

/** Deprecated fields and their replacements, in the order kustomize warns (Kustomization.CheckDeprecatedFields). */
const DEPRECATED: [string, string][] = [
  ["bases", "resources"],
  ["commonLabels", "labels"],
  ["imageTags", "images"],
  ["patchesJson6902", "patches"],
  ["patchesStrategicMerge", "patches"],
];

interface GenOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

type K = Record<string, Json>;

function loadKustomization(fs: KustomizeFs, dir: string, warnings: string[]): K {
  const found = FILE_NAMES.filter((f) => fs.isFile(join(dir, f)));
  if (!found.length) throw new KustError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'`);
  if (found.length > 1) throw new KustError(`Found multiple kustomization files under: ${dir}\n`);
  const text = fs.read(join(dir, found[0])) ?? "";
  let k: Json;
  try {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    k = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new KustError(`invalid Kustomization: error converting YAML to JSON: yaml: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
  if (k === null || k === undefined) k = {};
  if (typeof k !== "object" || Array.isArray(k)) throw new KustError(`invalid Kustomization: json: cannot unmarshal ${Array.isArray(k) ? "array" : typeof k === "string" ? "string" : "number"} into Go value of type types.Kustomization`);
  // encoding/json matches field names case-insensitively (Kustomization.Unmarshal, DisallowUnknownFields)
  const out: K = {};
  for (const [key, v] of Object.entries(k as K)) {
    const canon = [...FIELDS].find((f) => f.toLowerCase() === key.toLowerCase());
    if (!canon) throw new KustError(`invalid Kustomization: json: unknown field "${key}"`);
    out[canon] = v;
  }
  for (const [field, use] of DEPRECATED) if (out[field] != null) warnings.push(`# Warning: '${field}' is deprecated. Please use '${use}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.`);
  for (const key of Object.keys(out)) if (!SIMULATED.has(key) && out[key] != null) throw new KustError(`the kustomization field '${key}' is not supported in this simulated kubectl`);
  if (!Object.keys(out).some((key) => key !== "apiVersion" && key !== "kind" && out[key] != null)) throw new KustError("kustomization.yaml is empty");
  const kind = out.kind ?? "";
  if (kind && kind !== "Kustomization" && kind !== "Component") throw new KustError(`Failed to read kustomization file under ${dir}:\nkind should be Kustomization or Component`);
  if (kind === "Component") throw new KustError(`expected kind != 'Component' for path '${dir}'`);
  if (out.apiVersion && out.apiVersion !== "kustomize.config.k8s.io/v1beta1") throw new KustError(`Failed to read kustomization file under ${dir}:\napiVersion for ${kind || "Kustomization"} should be kustomize.config.k8s.io/v1beta1`);
  return out;
}

// ---- paths ------------------------------------------------------------------------------

function join(dir: string, p: string): string {
  const parts = (p.startsWith("/") ? p : `${dir}/${p}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (!part || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

const within = (root: string, p: string) => p === root || p.startsWith(root === "/" ? "/" : root + "/");

/** A file the kustomization names (patches, generator sources): inside its root (LoadRestrictionsRootOnly). */
function readRooted(fs: KustomizeFs, root: string, rel: string): string {
  const p = join(root, rel);
  if (!within(root, p)) throw new KustError(`security; file '${p}' is not in or below '${root}'`);
  if (fs.isDir(p)) throw new KustError(`'${p}' must resolve to a file`);
  const t = fs.isFile(p) ? fs.read(p) : null;
  if (t === null) throw new KustError(`evalsymlink failure on '${p}' : lstat ${p}: no such file or directory`);
  return t;
}

// ---- the build --------------------------------------------------------------------------

const isObj = (v: Json) => v !== null && typeof v === "object" && !Array.isArray(v);
const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v == null ? [] : [v]);
const asMap = (v: Json): Record<string, string> => {
  const out: Record<string, string> = {};
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out[k] = x === null || x === undefined ? "" : String(x);
  return out;
};

/** Accumulate one kustomization directory: its resources (files and nested kustomizations), generators, transformers. */
function accumulate(fs: KustomizeFs, dir: string, warnings: string[], stack: string[]): { res: Res[]; k: K } {
  if (stack.length > MAX_DEPTH) throw new KustError(`too many nested kustomizations below '${stack[0]}'`);
  if (stack.includes(dir)) throw new KustError(`cycle detected: candidate root '${dir}' contains visited root '${dir}'`);
  const k = loadKustomization(fs, dir, warnings);
  const res: Res[] = [];
  const add = (r: Res) => {
    const id = idOf(r.obj);
    if (res.some((x) => sameId(idOf(x.obj), id))) throw new KustError(`may not add resource with an already registered id: ${idString(id)}`);
    res.push(r);
  };
  for (const entry of [...asList(k.resources), ...asList(k.bases)]) {
    const rel = String(entry);
    const p = join(dir, rel);
    if (/^(https?:\/\/|git@|github\.com\/)/.test(rel)) throw new KustError(`accumulating resources: accumulation err='accumulating resources from '${rel}': URL resources are not available in this simulated shell (no network)'`);
    if (fs.isFile(p)) {
      if (!within(dir, p)) throw new KustError(`accumulating resources: accumulation err='accumulating resources from '${rel}': security; file '${p}' is not in or below '${dir}'': must build at directory: '${p}': file is not directory`);
      const parsed = parseManifests(fs.read(p) ?? "", rel);
      // a malformed file is reported alone, without the failed attempt to read it as a directory
      if (!parsed.ok) throw new KustError(`accumulating resources: accumulating resources from '${rel}': MalformedYAMLError: ${parsed.error.replace(/^error: error parsing [^:]*: (error converting YAML to JSON: )?/, "")} in File: ${rel}`);
      for (const d of parsed.docs) {
        if (!d || typeof d !== "object" || !d.kind) throw new KustError(`accumulating resources: accumulation err='accumulating resources from '${rel}': missing Resource metadata': must build at directory: '${p}': file is not directory`);
        add({ obj: clone(d), prev: [], needsHash: false });
      }
      continue;
    }
    if (fs.isDir(p)) {
      let sub: Res[];
      try {
        sub = accumulate(fs, p, warnings, [...stack, dir]).res;
      } catch (e) {
        if (!(e instanceof KustError)) throw e;
        const inner = e.message.startsWith("unable to find one of") ? `couldn't make target for path '${p}': ${e.message}` : `recursed accumulation of path '${p}': ${e.message}`;
        throw new KustError(`accumulating resources: accumulation err='accumulating resources from '${rel}': '${p}' must resolve to a file': ${inner}`);
      }
      for (const r of sub) add(r);
      continue;
    }
    const why = `evalsymlink failure on '${p}' : lstat ${p}: no such file or directory`;
    throw new KustError(`accumulating resources: accumulation err='accumulating resources from '${rel}': ${why}': must build at directory: not a valid directory: ${why}`);
  }
  generate(fs, dir, k, res);
  transform(fs, dir, k, res);
  return { res, k };
}

const sameId = (a: Id, b: Id) => a.kind === b.kind && groupOf(a.apiVersion) === groupOf(b.apiVersion) && a.name === b.name && sameNs(a.ns, b.ns);

// ---- generators (api/internal/generators) ------------------------------------------------

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

function parseEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  text.replace(/^\uFEFF/, "").split(/\r?\n/).forEach((raw) => {
    const line = raw.replace(/^\s+/, "");
    if (!line || line.startsWith("#")) return;
    const i = line.indexOf("=");
    const key = i < 0 ? line : line.slice(0, i);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new KustError(`"${key}" is not a valid environment variable name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`);
    out.push([key, i < 0 ? "" : line.slice(i + 1)]);
  });
  return out;
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

function kvPairs(fs: KustomizeFs, dir: string, g: Json): [string, string][] {
  const pairs: [string, string][] = [];
  const wrap = <T>(what: string, list: Json, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new KustError(`loading KV pairs: ${what}: [${asList(list).join(" ")}]: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const envs = asList(g.envs ?? (g.env ? [g.env] : []));
  for (const e of envs) pairs.push(...wrap("env source files", envs, () => parseEnvFile(readRooted(fs, dir, String(e)))));
  for (const l of asList(g.literals)) {
    const s = String(l);
    const i = s.indexOf("=");
    if (i <= 0) throw new KustError(`loading KV pairs: literal sources [${asList(g.literals).join(" ")}]: invalid literal source ${s}, expected key=value`);
    pairs.push([s.slice(0, i), removeQuotes(s.slice(i + 1))]);
  }
  for (const f of asList(g.files)) {
    const s = String(f);
    const n = s.split("=").length - 1;
    if (n > 1) throw new KustError(`loading KV pairs: file sources: [${asList(g.files).join(" ")}]: source "${s}" key name or file path contains '='`);
    const [key, path] = n === 1 ? s.split("=") : [s.replace(/\/+$/, "").split("/").pop() ?? s, s];
    if (!key) throw new KustError(`loading KV pairs: file sources: [${asList(g.files).join(" ")}]: missing key name for file path "${path}" in source "${s}"`);
    if (!path) throw new KustError(`loading KV pairs: file sources: [${asList(g.files).join(" ")}]: missing file path for key name "${key}" in source "${s}"`);
    pairs.push([key, wrap("file sources", g.files, () => readRooted(fs, dir, path))]);
  }
  return pairs;
}

function mergeOptions(local: Json, global: Json): GenOptions {
  const l = (local ?? {}) as GenOptions;
  const gl = (global ?? {}) as GenOptions;
  return {
    labels: { ...asMap(gl.labels), ...asMap(l.labels) },
    annotations: { ...asMap(gl.annotations), ...asMap(l.annotations) },
    disableNameSuffixHash: !!gl.disableNameSuffixHash || !!l.disableNameSuffixHash,
    immutable: !!gl.immutable || !!l.immutable,
  };
}

function generate(fs: KustomizeFs, dir: string, k: K, res: Res[]) {
  const gens: [string, Json][] = [...asList(k.configMapGenerator).map((g): [string, Json] => ["ConfigMap", g]), ...asList(k.secretGenerator).map((g): [string, Json] => ["Secret", g])];
  for (const [kind, g] of gens) {
    const name = String(g?.name ?? "");
    if (!name) throw new KustError(`a configmap must have a name`);
    const opts = mergeOptions(g.options, k.generatorOptions);
    const data: Record<string, string> = {};
    for (const [key, value] of kvPairs(fs, dir, g)) {
      if (!KEY_RE.test(key)) throw new KustError(`"${key}" is not a valid key name for a ${kind}: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`);
      if (key in data) throw new KustError(`configmap ${name} illegally repeats the key \`${key}\``);
      data[key] = kind === "Secret" ? b64encode(value) : value;
    }
    const obj: Json = { apiVersion: "v1", kind, metadata: { name } };
    if (g.namespace) obj.metadata.namespace = String(g.namespace);
    if (kind === "Secret") obj.type = String(g.type || "Opaque");
    if (Object.keys(data).length) obj.data = data;
    if (Object.keys(opts.labels ?? {}).length) obj.metadata.labels = opts.labels;
    if (Object.keys(opts.annotations ?? {}).length) obj.metadata.annotations = opts.annotations;
    if (opts.immutable) obj.immutable = true;
    const behavior = String(g.behavior || "create");
    const id = idOf(obj);
    const existing = res.find((r) => allIds(r).some((x) => x.kind === kind && x.name === name && sameNs(x.ns, id.ns)));
    if (behavior === "create") {
      if (existing) throw new KustError(`merging from generator &{${kind} ${name}}: id ${idString(id)} exists; behavior must be merge or replace`);
      res.push({ obj, prev: [], needsHash: !opts.disableNameSuffixHash });
      continue;
    }
    if (behavior !== "merge" && behavior !== "replace") throw new KustError(`unknown generation behavior '${behavior}'`);
    if (!existing) throw new KustError(`merging from generator &{${kind} ${name}}: id ${idString(id)} does not exist; cannot merge or replace`);
    const t = existing.obj;
    if (behavior === "replace") {
      t.data = obj.data;
      if (t.data === undefined) delete t.data;
    } else if (obj.data) t.data = { ...(t.data ?? {}), ...obj.data };
    t.metadata.labels = { ...(t.metadata.labels ?? {}), ...(obj.metadata.labels ?? {}) };
    t.metadata.annotations = { ...(t.metadata.annotations ?? {}), ...(obj.metadata.annotations ?? {}) };
    if (!Object.keys(t.metadata.labels).length) delete t.metadata.labels;
    if (!Object.keys(t.metadata.annotations).length) delete t.metadata.annotations;
    if (opts.disableNameSuffixHash) existing.needsHash = false;
  }
}

// ---- field specs (api/internal/konfig/builtinpluginconsts) -------------------------------

interface FieldSpec {
  path: string;
  kind?: string;
  group?: string;
  create: boolean;
}

const WORKLOADS_TEMPLATE = ["ReplicationController", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job"];
const metaLabelSpecs = (what: "labels" | "annotations"): FieldSpec[] => [
  { path: `metadata/${what}`, create: true },
  ...WORKLOADS_TEMPLATE.map((kind) => ({ path: `spec/template/metadata/${what}`, kind, create: true })),
  { path: `spec/jobTemplate/metadata/${what}`, kind: "CronJob", create: true },
  { path: `spec/jobTemplate/spec/template/metadata/${what}`, kind: "CronJob", create: true },
];
const AFFINITY = ["podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm", "podAffinity/requiredDuringSchedulingIgnoredDuringExecution", "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm", "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution"];
const SELECTOR_SPECS: FieldSpec[] = [
  { path: "spec/selector", kind: "Service", create: true },
  { path: "spec/selector", kind: "ReplicationController", create: true },
  ...["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"].map((kind) => ({ path: "spec/selector/matchLabels", kind, create: true })),
  ...["Deployment", "StatefulSet"].flatMap((kind) => [
    ...AFFINITY.map((a) => ({ path: `spec/template/spec/affinity/${a}/labelSelector/matchLabels`, kind, create: false })),
    { path: "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", kind, create: false },
  ]),
  { path: "spec/selector/matchLabels", kind: "Job", create: false },
  { path: "spec/jobTemplate/spec/selector/matchLabels", kind: "CronJob", create: false },
  { path: "spec/selector/matchLabels", kind: "PodDisruptionBudget", create: false },
  { path: "spec/podSelector/matchLabels", kind: "NetworkPolicy", create: false },
  { path: "spec/ingress/from/podSelector/matchLabels", kind: "NetworkPolicy", create: false },
  { path: "spec/egress/to/podSelector/matchLabels", kind: "NetworkPolicy", create: false },
];
const VCT_SPEC: FieldSpec = { path: "spec/volumeClaimTemplates[]/metadata/labels", kind: "StatefulSet", create: true };
const COMMON_LABEL_SPECS = [...SELECTOR_SPECS, ...metaLabelSpecs("labels"), VCT_SPEC];


/** Visit the map at a field-spec path, walking into every item of a list on the way (kyaml's PathGetter). */
function atPath(node: Json, segs: string[], create: boolean, leaf: (parent: Json, key: string) => void) {
  if (Array.isArray(node)) {
    for (const n of node) atPath(n, segs, create, leaf);
    return;
  }
  if (!isObj(node)) return;
  const key = segs[0].replace(/\[\]$/, "");
  if (segs.length === 1) {
    leaf(node, key);
    return;
  }
  if (node[key] === undefined || node[key] === null) {
    if (!create) return;
    node[key] = segs[1].endsWith("[]") ? [] : {};
  }
  atPath(node[key], segs.slice(1), create, leaf);
}

function applyMapSpecs(r: Res, specs: FieldSpec[], pairs: Record<string, string>) {
  const kind = String(r.obj.kind ?? "");
  const done = new Set<string>();
  for (const fs of specs) {
    if (fs.kind && fs.kind !== kind) continue;
    if (fs.group !== undefined && fs.group !== groupOf(String(r.obj.apiVersion ?? ""))) continue;
    if (done.has(fs.path)) continue;
    done.add(fs.path);
    atPath(r.obj, fs.path.split("/"), fs.create, (parent, key) => {
      if (parent[key] === undefined || parent[key] === null) {
        if (!fs.create) return;
        parent[key] = {};
      }
      if (!isObj(parent[key])) return;
      Object.assign(parent[key], pairs);
    });
  }
}

// ---- transformers (kusttarget_configplugin.go order) -------------------------------------

function parsePatchText(text: string, source: string): Json[] {
  const parsed = parseManifests(text, source);
  if (parsed.ok) return parsed.docs;
  throw new KustError(`unable to parse SM or JSON patch from ${source}`);
}

function matchSelector(r: Res, t: Target, labelMatch: (labels: Record<string, string>, sel: string) => boolean): boolean {
  const o = r.obj;
  const anchored = (re: string, v: string) => {
    try {
      return new RegExp(`^(?:${re})$`).test(v);
    } catch {
      return re === v;
    }
  };
  if (t.kind && !anchored(t.kind, String(o.kind ?? ""))) return false;
  if (t.group !== undefined && t.group !== "" && !anchored(t.group, groupOf(String(o.apiVersion ?? "")))) return false;
  if (t.version && !anchored(t.version, versionOf(String(o.apiVersion ?? "")))) return false;
  if (t.name && !allIds(r).some((id) => anchored(String(t.name), id.name))) return false;
  if (t.namespace && !anchored(t.namespace, String(o.metadata?.namespace ?? ""))) return false;
  if (t.labelSelector && !labelMatch(o.metadata?.labels ?? {}, t.labelSelector)) return false;
  if (t.annotationSelector && !labelMatch(o.metadata?.annotations ?? {}, t.annotationSelector)) return false;
  return true;
}

/** Equality-based selectors (`a=b,c!=d,e`), enough for patch targets. */
function simpleSelector(labels: Record<string, string>, sel: string): boolean {
  return sel
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .every((term) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return labels[ne[1].trim()] !== ne[2].trim();
      const eq = /^([^=]+)==?(.*)$/.exec(term);
      if (eq) return labels[eq[1].trim()] === eq[2].trim();
      if (term.startsWith("!")) return !(term.slice(1) in labels);
      return term in labels;
    });
}

function applySmp(r: Res, patch: Json) {
  const p = clone(patch);
  if (p.metadata) {
    // the patch names its target; the name and namespace are not changes (unless options allow it)
    delete p.metadata.name;
    delete p.metadata.namespace;
  }
  delete p.apiVersion;
  delete p.kind;
  r.obj = strategicPatch(r.obj, p);
}

function applySmpPatches(res: Res[], docs: Json[]) {
  for (const patch of docs) {
    const pid = idOf(patch);
    const matches = res.filter((r) => allIds(r).some((id) => id.kind === pid.kind && id.apiVersion === pid.apiVersion && id.name === pid.name && sameNs(id.ns, pid.ns)));
    if (matches.length !== 1) throw new KustError(`no resource matches strategic merge patch "${idString(pid)}": ${matches.length ? "multiple matches" : "no matches"} for Id ${idString(pid)}; failed to find unique target for patch ${idString(pid)}`);
    if (patch.$patch === "delete") res.splice(res.indexOf(matches[0]), 1);
    else applySmp(matches[0], patch);
  }
}

function runPatch(fs: KustomizeFs, dir: string, res: Res[], entry: Json) {
  const path = entry?.path ? String(entry.path) : "";
  const inline = typeof entry?.patch === "string" ? entry.patch.trim() : "";
  if (!path && !inline) throw new KustError(`must specify one of patch and path in\n${toYaml(entry ?? {})}`);
  if (path && inline) throw new KustError(`patch and path can't be set at the same time\n${toYaml(entry)}`);
  const source = path ? `[path: "${path}"]` : `[patch: ${JSON.stringify(inline)}]`;
  let text = inline;
  if (path) {
    try {
      text = readRooted(fs, dir, path);
    } catch (e) {
      throw new KustError(`failed to get the patch file from path(${path}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const trimmed = text.trim();
  let ops: Json | null = null;
  if (trimmed.startsWith("[")) {
    try {
      ops = JSON.parse(trimmed);
    } catch {
      ops = null;
    }
  }
  if (ops === null) {
    const doc = parseDocument(text, { prettyErrors: false });
    if (!doc.errors.length && Array.isArray(doc.toJS())) ops = doc.toJS();
  }
  const target = entry?.target as Target | undefined;
  if (ops) {
    if (!target) throw new KustError(`must specify a target for JSON patch ${source}`);
    for (const r of res.filter((x) => matchSelector(x, target, simpleSelector))) {
      try {
        const before = idOf(r.obj);
        r.obj = jsonPatch(r.obj, ops);
        if (idOf(r.obj).name !== before.name) r.prev.push(before);
      } catch (e) {
        if (e instanceof PatchError) throw new KustError(`unable to apply JSON patch ${source}: ${e.message}`);
        throw e;
      }
    }
    return;
  }
  const docs = parsePatchText(text, source);
  if (!target) return applySmpPatches(res, docs);
  if (docs.length > 1) throw new KustError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${source}`);
  for (const r of res.filter((x) => matchSelector(x, target, simpleSelector))) {
    if (docs[0]?.$patch === "delete") res.splice(res.indexOf(r), 1);
    else applySmp(r, docs[0]);
  }
}

function transform(fs: KustomizeFs, dir: string, k: K, res: Res[]) {
  // patchesStrategicMerge: file paths or inline documents
  for (const p of asList(k.patchesStrategicMerge)) {
    const s = String(p);
    const isInline = /\n|:\s/.test(s) && !fs.isFile(join(dir, s));
    const text = isInline ? s : readRooted(fs, dir, s);
    applySmpPatches(res, parsePatchText(text, isInline ? `[patch: ${JSON.stringify(s)}]` : `[path: "${s}"]`));
  }
  for (const p of asList(k.patches)) runPatch(fs, dir, res, p);

  // namespace
  const ns = k.namespace ? String(k.namespace) : "";
  if (ns) {
    for (const r of res) {
      const kind = String(r.obj.kind ?? "");
      if (kind === "Namespace" && r.obj.apiVersion === "v1") {
        if (r.obj.metadata?.name !== ns) rename(r, ns);
        continue;
      }
      if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
        // setRoleBindingSubjects: defaultOnly (api/filters/namespace): only subjects named "default"
        for (const s of asList(r.obj.subjects)) if (isObj(s) && s.name === "default") s.namespace = ns;
      }
      if (CLUSTER_SCOPED.has(kind)) continue;
      if (r.obj.metadata?.namespace !== ns) {
        r.prev.push(idOf(r.obj));
        r.obj.metadata = { ...(r.obj.metadata ?? {}), namespace: ns };
      }
    }
  }

  // namePrefix / nameSuffix
  const skipName = (r: Res) => ["CustomResourceDefinition", "Namespace", "APIService"].includes(String(r.obj.kind));
  if (k.namePrefix) for (const r of res) if (!skipName(r)) rename(r, String(k.namePrefix) + (r.obj.metadata?.name ?? ""));
  if (k.nameSuffix) for (const r of res) if (!skipName(r)) rename(r, (r.obj.metadata?.name ?? "") + String(k.nameSuffix));

  // labels, then commonLabels
  const commonLabels = asMap(k.commonLabels);
  for (const l of asList(k.labels)) {
    const pairs = asMap(l?.pairs);
    let specs: FieldSpec[] = (asList(l?.fields) as Json[]).map((f) => ({ path: String(f.path ?? ""), kind: f.kind, group: f.group, create: !!f.create }));
    if (l?.includeSelectors) specs = [...specs, ...COMMON_LABEL_SPECS];
    else {
      if (l?.includeTemplates) specs = [...specs, ...metaLabelSpecs("labels")];
      specs = [...specs, { path: "metadata/labels", create: true }];
    }
    for (const r of res) applyMapSpecs(r, specs, pairs);
  }
  if (Object.keys(commonLabels).length) for (const r of res) applyMapSpecs(r, COMMON_LABEL_SPECS, commonLabels);

  // commonAnnotations
  const ann = asMap(k.commonAnnotations);
  if (Object.keys(ann).length) for (const r of res) applyMapSpecs(r, metaLabelSpecs("annotations"), ann);

  // patchesJson6902
  for (const p of asList(k.patchesJson6902)) runPatch(fs, dir, res, { path: p?.path, patch: p?.patch, target: p?.target });

  // replicas
  for (const rep of asList(k.replicas)) {
    const name = String(rep?.name ?? "");
    const count = Number(rep?.count ?? 0);
    for (const r of res) {
      if (!["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].includes(String(r.obj.kind))) continue;
      if (!allIds(r).some((id) => id.name === name)) continue;
      r.obj.spec = { ...(r.obj.spec ?? {}), replicas: count };
    }
  }

  // images: every containers/initContainers list anywhere (LegacyFilter), plus image volumes
  for (const img of [...asList(k.images), ...asList(k.imageTags)]) {
    if (!img?.name) continue;
    for (const r of res) if (r.obj.kind !== "CustomResourceDefinition") walkContainers(r.obj, (c) => {
      if (typeof c.image === "string") c.image = retag(c.image, img);
    });
  }
}

function walkContainers(node: Json, fn: (c: Json) => void) {
  if (Array.isArray(node)) return node.forEach((n) => walkContainers(n, fn));
  if (!isObj(node)) return;
  for (const [key, v] of Object.entries(node)) {
    walkContainers(v, fn);
    if ((key === "containers" || key === "initContainers") && Array.isArray(v)) v.forEach((c) => isObj(c) && fn(c));
  }
}

/** api/internal/image: does `image` name the entry's image, and what it becomes. */
function retag(image: string, img: Json): string {
  let re: RegExp;
  try {
    re = new RegExp(`^${img.name}(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return image;
  }
  if (!re.test(image)) return image;
  let [name, tag, digest] = splitImage(image);
  if (img.newName) name = String(img.newName);
  const newTag = img.newTag != null ? String(img.newTag) : "";
  const newDigest = img.digest ? String(img.digest) : "";
  if (newTag && newDigest) [tag, digest] = [newTag, newDigest];
  else if (newTag) [tag, digest] = [newTag, ""];
  else if (newDigest) [tag, digest] = ["", newDigest];
  else if (img.tagSuffix) [tag, digest] = [tag + String(img.tagSuffix), ""];
  return name + (tag ? `:${tag}` : "") + (digest ? `@${digest}` : "");
}

function splitImage(image: string): [string, string, string] {
  const slash = image.indexOf("/");
  const base = slash > 0 ? slash : 0;
  const search = image.slice(base);
  let id = search.indexOf("@");
  let ic = search.indexOf(":");
  if (ic < 0 && id < 0) return [image, "", ""];
  if (id >= 0 && (id < ic || ic < 0)) {
    id += base;
    return [image.slice(0, id), "", image.slice(id + 1)];
  }
  if (id >= 0 && ic >= 0) {
    id += base;
    ic += base;
    return [image.slice(0, ic), image.slice(ic + 1, id), image.slice(id + 1)];
  }
  ic += base;
  return [image.slice(0, ic), image.slice(ic + 1), ""];
}

// ---- name references (api/internal/konfig/builtinpluginconsts/namereference.go, in part) ---

type RefVisit = (kind: string, get: () => string, set: (v: string) => void) => void;

function podSpecOf(o: Json): Json | null {
  const k = String(o.kind ?? "");
  if (k === "Pod") return o.spec ?? null;
  if (k === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec ?? null;
  if (["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"].includes(k)) return o.spec?.template?.spec ?? null;
  return null;
}

function field(obj: Json, key: string, kind: string, visit: RefVisit) {
  if (isObj(obj) && typeof obj[key] === "string") visit(kind, () => obj[key], (v) => (obj[key] = v));
}

function visitRefs(o: Json, visit: RefVisit) {
  const spec = podSpecOf(o);
  if (spec) {
    for (const c of [...asList(spec.containers), ...asList(spec.initContainers)]) {
      for (const e of asList(c?.env)) {
        field(e?.valueFrom?.configMapKeyRef, "name", "ConfigMap", visit);
        field(e?.valueFrom?.secretKeyRef, "name", "Secret", visit);
      }
      for (const e of asList(c?.envFrom)) {
        field(e?.configMapRef, "name", "ConfigMap", visit);
        field(e?.secretRef, "name", "Secret", visit);
      }
    }
    for (const v of asList(spec.volumes)) {
      field(v?.configMap, "name", "ConfigMap", visit);
      field(v?.secret, "secretName", "Secret", visit);
      field(v?.persistentVolumeClaim, "claimName", "PersistentVolumeClaim", visit);
      for (const s of asList(v?.projected?.sources)) {
        field(s?.configMap, "name", "ConfigMap", visit);
        field(s?.secret, "name", "Secret", visit);
      }
    }
    for (const s of asList(spec.imagePullSecrets)) field(s, "name", "Secret", visit);
    field(spec, "serviceAccountName", "ServiceAccount", visit);
  }
  const k = String(o.kind ?? "");
  if (k === "StatefulSet") field(o.spec, "serviceName", "Service", visit);
  if (k === "Ingress") {
    const backend = (b: Json) => field(b?.service, "name", "Service", visit);
    backend(o.spec?.defaultBackend);
    for (const rule of asList(o.spec?.rules)) for (const p of asList(rule?.http?.paths)) backend(p?.backend);
    for (const t of asList(o.spec?.tls)) field(t, "secretName", "Secret", visit);
  }
  if (k === "HorizontalPodAutoscaler") field(o.spec?.scaleTargetRef, "name", String(o.spec?.scaleTargetRef?.kind ?? ""), visit);
  if (k === "RoleBinding" || k === "ClusterRoleBinding") {
    field(o.roleRef, "name", String(o.roleRef?.kind ?? ""), visit);
    for (const s of asList(o.subjects)) if (s?.kind === "ServiceAccount") field(s, "name", "ServiceAccount", visit);
  }
  if (k === "ServiceAccount") {
    for (const s of asList(o.secrets)) field(s, "name", "Secret", visit);
    for (const s of asList(o.imagePullSecrets)) field(s, "name", "Secret", visit);
  }
}

/** After names changed (prefix, suffix, hash), point references at the new names (ResAccumulator.FixBackReferences). */
function fixReferences(res: Res[]) {
  for (const referrer of res) {
    const ns = String(referrer.obj.metadata?.namespace ?? "");
    visitRefs(referrer.obj, (kind, get, set) => {
      const v = get();
      const candidates = res.filter((r) => r.obj.kind === kind && r.prev.some((id) => id.name === v) && r.obj.metadata?.name !== v);
      const pick = candidates.find((r) => CLUSTER_SCOPED.has(kind) || sameNs(String(r.obj.metadata?.namespace ?? ""), ns)) ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (pick) set(String(pick.obj.metadata.name));
    });
  }
}

// ---- output order (SortOrderTransformer, legacy) -------------------------------------------

const ORDER_FIRST = ["Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

function typeOrder(kind: string): number {
  const f = ORDER_FIRST.indexOf(kind);
  if (f >= 0) return -ORDER_FIRST.length + f;
  const l = ORDER_LAST.indexOf(kind);
  return l >= 0 ? 1 + l : 0;
}

function legacyCompare(a: Json, b: Json): number {
  const ia = idOf(a);
  const ib = idOf(b);
  const gvk = (id: Id) => `${groupOf(id.apiVersion) || "~G"}_${versionOf(id.apiVersion) || "~V"}_${id.kind || "~K"}`;
  if (gvk(ia) !== gvk(ib)) {
    const d = typeOrder(ia.kind) - typeOrder(ib.kind);
    if (d) return d;
    if (ia.kind === "Namespace" && ib.kind === "Namespace" && (!groupOf(ia.apiVersion) || !groupOf(ib.apiVersion))) return goCompare(gvk(ib), gvk(ia));
    return goCompare(gvk(ia), gvk(ib));
  }
  const key = (id: Id) => `${idString({ ...id, name: "", ns: "" })}|${id.ns || "~X"}|${id.name || "~N"}`;
  return goCompare(key(ia), key(ib));
}

// ---- entry points ----------------------------------------------------------------------

/** Build the kustomization in `dir` (absolute) as `kubectl kustomize` does; never throws for bad input. */
export function kustomizeBuild(fs: KustomizeFs, dir: string, typed = dir): KustomizeResult {
  const warnings: string[] = [];
  try {
    if (!fs.isDir(dir)) {
      if (fs.isFile(dir)) throw new KustError(`must build at directory: '${typed}': file is not directory`);
      throw new KustError(`must build at directory: not a valid directory: evalsymlink failure on '${typed}' : lstat ${dir}: no such file or directory`);
    }
    const { res, k } = accumulate(fs, dir, warnings, []);
    // the hash covers the final name and data, so it is added last, by the top kustomization only
    for (const r of res) if (r.needsHash) rename(r, `${r.obj.metadata.name}-${kustomizeHash(r.obj)}`);
    fixReferences(res);
    const fifo = k.sortOptions?.order === "fifo";
    if (k.sortOptions?.order && !fifo && k.sortOptions.order !== "legacy") throw new KustError("the field 'sortOptions.order' must be one of [fifo, legacy]");
    const docs = res.map((r) => r.obj);
    if (!fifo) docs.sort(legacyCompare);
    return { ok: true, docs, warnings };
  } catch (e) {
    if (e instanceof KustError) return { ok: false, error: e.message, warnings };
    // a build only reads files: whatever else went wrong is still the learner's input, not a crash
    return { ok: false, error: e instanceof Error ? e.message : String(e), warnings };
  }
}

/** The build printed as `kubectl kustomize` prints it: each object as YAML, `---` between them. */
export function kustomizeYaml(docs: Json[]): string {
  return docs.map((d) => toYaml(d)).join("---\n");
}
