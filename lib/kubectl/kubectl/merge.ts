// Client-side merging: kubectl apply's three-way strategic merge, and the three patch
// types of kubectl patch (strategic, merge = RFC 7386, json = RFC 6902).
import type { Json } from "../cluster-api";

/** patchMergeKey of merge lists of objects (k8s.io/api types' struct tags); shared with smp.ts. */
export const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  imagePullSecrets: "name",
  hostAliases: "ip",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
  schedulingGates: "name",
  ownerReferences: "uid",
  conditions: "type",
};

function mergeKey(field: string, path: string[], items: Json[]): string | null {
  if (field === "ports") {
    if (items.some((i) => i && typeof i === "object" && "containerPort" in i)) return "containerPort";
    if (items.some((i) => i && typeof i === "object" && "port" in i)) return "port";
    return null;
  }
  void path;
  return MERGE_KEYS[field] ?? null;
}

const isObj = (v: Json) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Fields whose struct tag has patchStrategy retainKeys: a Deployment's spec.strategy, an item of a Pod spec's volumes. */
const retainsKeys = (field: string, path: string[]) =>
  (field === "strategy" && path.length === 2 && path[0] === "spec") || (path[path.length - 1] === "[]" && path[path.length - 2] === "volumes");

/** Structural equality of JSON values. */
export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}

/** Deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Three-way merge for apply: desired wins, fields removed since last-applied are deleted, others kept. */
export function threeWay(live: Json, last: Json, desired: Json, field = "", path: string[] = []): Json {
  if (isObj(desired)) {
    if (!isObj(live)) return clone(desired);
    const out: Json = { ...live };
    for (const k of Object.keys(desired)) {
      if (desired[k] === null) {
        // null in the file: a no-op if it was null last time too (e.g. creationTimestamp: null)
        if (!(isObj(last) && k in last && last[k] === null)) delete out[k];
        continue;
      }
      out[k] = threeWay(live[k], isObj(last) ? last[k] : undefined, desired[k], k, [...path, k]);
    }
    if (isObj(last)) for (const k of Object.keys(last)) if (!(k in desired)) delete out[k];
    // patchStrategy retainKeys (DeploymentSpec.strategy, PodSpec.volumes items): kubectl's patch carries
    // `$retainKeys` and the server clears the keys the file does not set (strategicpatch diffMaps)
    if (retainsKeys(field, path)) for (const k of Object.keys(out)) if (!(k in desired)) delete out[k];
    return out;
  }
  if (Array.isArray(desired)) {
    const key = mergeKey(field, path, desired);
    if (!key || !Array.isArray(live) || !desired.every(isObj)) return clone(desired);
    const lastArr: Json[] = Array.isArray(last) ? last : [];
    const res: Json[] = desired.map((d) => {
      const l = live.find((x: Json) => isObj(x) && x[key] === d[key]);
      const la = lastArr.find((x) => isObj(x) && x[key] === d[key]);
      return l ? threeWay(l, la, d, "", [...path, "[]"]) : clone(d);
    });
    for (const l of live) {
      if (!isObj(l)) continue;
      if (desired.some((d) => d[key] === l[key])) continue;
      if (lastArr.some((x) => isObj(x) && x[key] === l[key])) continue;
      res.push(l);
    }
    return res;
  }
  return desired;
}

/** Strategic merge patch (two-way): objects merge, null deletes, keyed lists merge by key. */
export function strategicPatch(target: Json, patch: Json, field = ""): Json {
  if (isObj(patch)) {
    if (patch["$patch"] === "replace") {
      const c = { ...patch };
      delete c["$patch"];
      return c;
    }
    const out: Json = isObj(target) ? { ...target } : {};
    for (const k of Object.keys(patch)) {
      if (k.startsWith("$")) continue;
      if (patch[k] === null) delete out[k];
      else out[k] = strategicPatch(out[k], patch[k], k);
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const key = mergeKey(field, [], patch);
    if (!key || !Array.isArray(target) || !patch.every(isObj)) return clone(patch);
    const out = target.map(clone);
    for (const p of patch) {
      const i = out.findIndex((x: Json) => isObj(x) && x[key] === p[key]);
      if (p["$patch"] === "delete") {
        if (i >= 0) out.splice(i, 1);
        continue;
      }
      if (i >= 0) out[i] = strategicPatch(out[i], p, "");
      else out.push(clone(p));
    }
    return out;
  }
  return patch;
}

/** JSON merge patch, RFC 7386. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return clone(patch);
  const out: Json = isObj(target) ? { ...target } : {};
  for (const k of Object.keys(patch)) {
    if (patch[k] === null) delete out[k];
    else out[k] = mergePatch(out[k], patch[k]);
  }
  return out;
}

/** A patch that cannot be applied (kubectl prints it as an UnprocessableEntity error). */
export class PatchError extends Error {}

function pointer(path: string): string[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
  return path
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** JSON patch, RFC 6902. Throws PatchError with kubectl-like messages. */
export function jsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  let root = clone(doc);
  for (const op of ops) {
    const parts = pointer(String(op.path ?? ""));
    const getParent = (ps: string[], create = false) => {
      let cur = root;
      for (const p of ps.slice(0, -1)) {
        if (cur === null || typeof cur !== "object") throw new PatchError(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
        if (!(p in cur)) {
          if (!create) throw new PatchError(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
        }
        cur = Array.isArray(cur) ? cur[Number(p)] : cur[p];
      }
      if (cur === null || typeof cur !== "object") throw new PatchError(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
      return cur;
    };
    const last = parts[parts.length - 1];
    const getAt = (ps: string[]) => {
      let cur = root;
      for (const p of ps) {
        if (cur === null || typeof cur !== "object" || !(Array.isArray(cur) ? Number(p) < cur.length : p in cur)) throw new PatchError(`${op.op} operation does not apply: doc is missing path: "${op.path}": missing value`);
        cur = Array.isArray(cur) ? cur[Number(p)] : cur[p];
      }
      return cur;
    };
    const add = (ps: string[], value: Json) => {
      if (!ps.length) {
        root = clone(value);
        return;
      }
      const parent = getParent(ps);
      const k = ps[ps.length - 1];
      if (Array.isArray(parent)) {
        const idx = k === "-" ? parent.length : Number(k);
        if (!(idx >= 0 && idx <= parent.length)) throw new PatchError(`add operation does not apply: doc is missing path: "${op.path}": missing value`);
        parent.splice(idx, 0, clone(value));
      } else parent[k] = clone(value);
    };
    const remove = (ps: string[]) => {
      const parent = getParent(ps);
      const k = ps[ps.length - 1];
      if (Array.isArray(parent)) {
        const idx = Number(k);
        if (!(idx >= 0 && idx < parent.length)) throw new PatchError(`remove operation does not apply: doc is missing path: "${op.path}": missing value`);
        parent.splice(idx, 1);
      } else {
        if (!(k in parent)) throw new PatchError(`remove operation does not apply: doc is missing path: "${op.path}": missing value`);
        delete parent[k];
      }
    };
    switch (op.op) {
      case "add":
        add(parts, op.value);
        break;
      case "remove":
        remove(parts);
        break;
      case "replace":
        getAt(parts);
        if (!parts.length) root = clone(op.value);
        else {
          const parent = getParent(parts);
          if (Array.isArray(parent)) parent[Number(last)] = clone(op.value);
          else parent[last] = clone(op.value);
        }
        break;
      case "move": {
        const from = pointer(String(op.from ?? ""));
        const v = getAt(from);
        remove(from);
        add(parts, v);
        break;
      }
      case "copy":
        add(parts, getAt(pointer(String(op.from ?? ""))));
        break;
      case "test":
        if (!deepEqual(getAt(parts), op.value)) throw new PatchError(`testing value ${op.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}
