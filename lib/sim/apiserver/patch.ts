/** Patch formats the API server accepts: JSON merge (RFC 7386), strategic merge, JSON patch (RFC 6902). */
import { clone, type Obj } from "../util";

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return clone(patch);
  const out: Obj = target && typeof target === "object" && !Array.isArray(target) ? clone(target as Obj) : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** patchMergeKey per list field name (from the Go struct tags), for strategic merge. */
const MERGE_KEYS: Record<string, string> = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", volumes: "name", env: "name",
  volumeMounts: "mountPath", ports: "containerPort", imagePullSecrets: "name", hostAliases: "ip",
  conditions: "type", topologySpreadConstraints: "topologyKey", resourceClaims: "name", volumeDevices: "devicePath",
};

/** Strategic merge patch (simplified): maps merge, lists with a merge key merge by key, `$patch: delete|replace` honoured. */
export function strategicMerge(target: unknown, patch: unknown, field = ""): unknown {
  if (patch === null || typeof patch !== "object") return clone(patch);
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    // Service ports merge on "port"; container ports on containerPort.
    const mk = field === "ports" && patch.some((p) => p && typeof p === "object" && "port" in p && !("containerPort" in p)) ? "port" : key;
    if (!mk || !Array.isArray(target)) return patch.filter((x) => !(x && typeof x === "object" && (x as Obj).$patch)).map(clone);
    const out = (target as Obj[]).map(clone);
    for (const item of patch as Obj[]) {
      if (!item || typeof item !== "object") continue;
      const idx = out.findIndex((x) => x && x[mk] === item[mk]);
      if (item.$patch === "delete") {
        if (idx >= 0) out.splice(idx, 1);
      } else if (idx >= 0) out[idx] = strategicMerge(out[idx], item) as Obj;
      else out.push(strategicMerge({}, item) as Obj);
    }
    return out;
  }
  const p = patch as Obj;
  if (p.$patch === "replace") {
    const c = clone(p);
    delete c.$patch;
    return c;
  }
  const out: Obj = target && typeof target === "object" && !Array.isArray(target) ? clone(target as Obj) : {};
  for (const [k, v] of Object.entries(p)) {
    if (k.startsWith("$")) continue;
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v, k);
  }
  return out;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(p: string): string[] {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new Error(`invalid JSON pointer: "${p}"`);
  return p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** RFC 6902 JSON patch; throws Error with a message on failure (the API server answers 422/400). */
export function jsonPatch(doc: unknown, ops: JsonPatchOp[]): unknown {
  let root = clone(doc);
  const walk = (path: string[]): { parent: Obj | unknown[]; key: string } => {
    let cur: unknown = root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      if (Array.isArray(cur)) cur = cur[Number(seg)];
      else if (cur && typeof cur === "object") cur = (cur as Obj)[seg];
      else cur = undefined;
      if (cur === undefined || cur === null || typeof cur !== "object") throw new Error(`doc is missing path: "/${path.join("/")}": missing value`);
    }
    return { parent: cur as Obj, key: path[path.length - 1] };
  };
  const getAt = (path: string[]): unknown => {
    let cur: unknown = root;
    for (const seg of path) {
      if (Array.isArray(cur)) cur = cur[Number(seg)];
      else if (cur && typeof cur === "object") cur = (cur as Obj)[seg];
      else return undefined;
    }
    return cur;
  };
  const remove = (path: string[]) => {
    const { parent, key } = walk(path);
    if (Array.isArray(parent)) {
      const i = Number(key);
      if (!(i >= 0 && i < parent.length)) throw new Error(`unable to remove nonexistent key: ${key}: missing value`);
      parent.splice(i, 1);
    } else {
      if (!(key in parent)) throw new Error(`unable to remove nonexistent key: ${key}: missing value`);
      delete (parent as Obj)[key];
    }
  };
  const add = (path: string[], value: unknown, replace: boolean) => {
    if (path.length === 0) {
      root = clone(value);
      return;
    }
    const { parent, key } = walk(path);
    if (Array.isArray(parent)) {
      const i = key === "-" ? parent.length : Number(key);
      if (!(i >= 0 && i <= parent.length)) throw new Error(`add operation does not apply: doc is missing path: "/${path.join("/")}": missing value`);
      if (replace) parent[i] = clone(value);
      else parent.splice(i, 0, clone(value));
    } else {
      if (replace && !(key in parent)) throw new Error(`replace operation does not apply: doc is missing key: /${path.join("/")}: missing value`);
      (parent as Obj)[key] = clone(value);
    }
  };
  for (const op of ops) {
    const path = parsePointer(op.path ?? "");
    switch (op.op) {
      case "add": add(path, op.value, false); break;
      case "replace": add(path, op.value, true); break;
      case "remove": remove(path); break;
      case "test": if (JSON.stringify(getAt(path)) !== JSON.stringify(op.value)) throw new Error(`testing value /${path.join("/")} failed: test failed`); break;
      case "move": { const v = getAt(parsePointer(op.from ?? "")); remove(parsePointer(op.from ?? "")); add(path, v, false); break; }
      case "copy": add(path, getAt(parsePointer(op.from ?? "")), false); break;
      default: throw new Error(`Unexpected kind: ${op.op}`);
    }
  }
  return root;
}

/**
 * Client-side apply three-way patch (kubectl apply): fields present in the last applied
 * configuration but gone from the new one are deleted (null), list items with a merge key that
 * disappeared get `$patch: delete`, and matching items are patched recursively.
 */
export function threeWayPatch(lastApplied: Obj | undefined, modified: Obj, field = ""): Obj {
  void field;
  const patch: Obj = {};
  for (const [k, v] of Object.entries(modified)) {
    const lv = lastApplied?.[k];
    if (v && typeof v === "object" && !Array.isArray(v) && lv && typeof lv === "object" && !Array.isArray(lv)) patch[k] = threeWayPatch(lv, v, k);
    else if (Array.isArray(v) && Array.isArray(lv) && MERGE_KEYS[k]) patch[k] = threeWayList(lv, v, k);
    else patch[k] = v;
  }
  for (const k of Object.keys(lastApplied ?? {})) if (!(k in modified)) patch[k] = null;
  return patch;
}

function threeWayList(last: unknown[], mod: unknown[], field: string): unknown[] {
  const isServicePorts = field === "ports" && mod.some((p) => p && typeof p === "object" && "port" in (p as Obj) && !("containerPort" in (p as Obj)));
  const key = isServicePorts ? "port" : MERGE_KEYS[field];
  const out: unknown[] = [];
  for (const item of mod) {
    if (!item || typeof item !== "object") { out.push(item); continue; }
    const prev = last.find((x) => x && typeof x === "object" && (x as Obj)[key] === (item as Obj)[key]) as Obj | undefined;
    out.push(prev ? { ...threeWayPatch(prev, item as Obj), [key]: (item as Obj)[key] } : item);
  }
  for (const prev of last) {
    if (!prev || typeof prev !== "object") continue;
    const kv = (prev as Obj)[key];
    if (!mod.some((x) => x && typeof x === "object" && (x as Obj)[key] === kv)) out.push({ [key]: kv, $patch: "delete" });
  }
  return out;
}
