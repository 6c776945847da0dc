// The patch `kubectl apply` sends for an object that exists: a three-way strategic merge patch
// (k8s.io/apimachinery/pkg/util/strategicpatch CreateThreeWayMergePatch, ported: diffMaps,
// diffLists, mergeMap with MergeOptions{}). kubectl prints its bytes (compactJson, as Go's
// json.Marshal) when the server refuses the PATCH ("error when applying patch:\n<patch>\nto:…").
// Patch metadata (patchStrategy/patchMergeKey struct tags of k8s.io/api) is looked up by field
// name, which is enough for the fields manifests use; custom resources get a JSON merge patch,
// which is the same computation without merge keys.
import type { Json } from "../cluster-api";
import { deepEqual, MERGE_KEYS } from "./merge";
import { goCompare } from "./yaml";

interface Meta {
  /** patchStrategy:"merge" (lists merged by key); "" = the list is replaced as a whole */
  merge: boolean;
  mergeKey: string;
  /** patchStrategy includes retainKeys */
  retainKeys: boolean;
}

const NONE: Meta = { merge: false, mergeKey: "", retainKeys: false };

/** Patch metadata of field `key` under `path` (parent field names); `items` are the list's elements on both sides. */
function metaOf(key: string, path: string[], items: Json[], builtin: boolean): Meta {
  if (!builtin) return NONE;
  if (key === "finalizers" && path[path.length - 1] === "metadata") return { merge: true, mergeKey: "", retainKeys: false };
  // DeploymentSpec.strategy: patchStrategy:"retainKeys"
  if (key === "strategy" && path.length === 1 && path[0] === "spec") return { merge: false, mergeKey: "", retainKeys: true };
  if (key === "ports") {
    // ContainerPort (containerPort) or ServicePort (port)
    if (items.some((i) => isObj(i) && "containerPort" in i)) return { merge: true, mergeKey: "containerPort", retainKeys: false };
    if (items.some((i) => isObj(i) && "port" in i)) return { merge: true, mergeKey: "port", retainKeys: false };
    return NONE;
  }
  const mk = MERGE_KEYS[key];
  if (!mk) return NONE;
  return { merge: true, mergeKey: mk, retainKeys: key === "volumes" || key === "resourceClaims" };
}

const isObj = (v: Json): v is Record<string, Json> => v !== null && typeof v === "object" && !Array.isArray(v);

/** reflect.TypeOf of a value decoded by apimachinery's json (whole numbers are int64, others float64). */
function goType(v: Json): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "slice";
  if (typeof v === "object") return "map";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  return typeof v;
}

/** fmt.Sprintf("%v", v) for the scalars merge keys and primitive lists hold. */
const goString = (v: Json): string => (v === null || v === undefined ? "<nil>" : typeof v === "object" ? JSON.stringify(v) : String(v));

const goLess = (a: string, b: string) => goCompare(a, b) < 0;

interface DiffOptions {
  setElementOrder?: boolean;
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  buildRetainKeysDirective?: boolean;
}

interface Walk {
  builtin: boolean;
}

function diffMaps(original: Record<string, Json>, modified: Record<string, Json>, path: string[], w: Walk, o: DiffOptions): Record<string, Json> {
  const patch: Record<string, Json> = {};
  const retainKeys: string[] = [];
  for (const key of Object.keys(modified)) {
    const mv = modified[key];
    if (mv === undefined) continue;
    if (o.buildRetainKeysDirective && mv !== null) retainKeys.push(key);
    if (!(key in original) || original[key] === undefined) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key];
    if (key === "$patch") {
      if (ov !== mv) patch[key] = mv;
      continue;
    }
    if (goType(ov) !== goType(mv)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    if (isObj(ov)) {
      const meta = metaOf(key, path, [], w.builtin);
      const sub = diffMaps(ov, mv, [...path, key], w, { ...o, buildRetainKeysDirective: meta.retainKeys });
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (Array.isArray(ov)) {
      handleSliceDiff(key, ov, mv, patch, path, w, o);
    } else if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) {
      patch[key] = mv;
    }
  }
  if (!o.ignoreDeletions) for (const key of Object.keys(original)) if (original[key] !== undefined && !(key in modified && modified[key] !== undefined)) patch[key] = null;
  if (retainKeys.length && (Object.keys(patch).length || hasAdditionalNewField(original, modified))) patch["$retainKeys"] = sortScalars(retainKeys);
  return patch;
}

function hasAdditionalNewField(original: Record<string, Json>, modified: Record<string, Json>): boolean {
  return Object.keys(original).some((k) => original[k] !== null && original[k] !== undefined && !(k in modified));
}

function handleSliceDiff(key: string, ov: Json[], mv: Json[], patch: Record<string, Json>, path: string[], w: Walk, o: DiffOptions) {
  const meta = metaOf(key, path, [...ov, ...mv], w.builtin);
  const keyed = meta.mergeKey && [...ov, ...mv].every((i) => isObj(i) && meta.mergeKey in i);
  const scalars = [...ov, ...mv].every((i) => !isObj(i) && !Array.isArray(i));
  if (!meta.merge || !(keyed || (!meta.mergeKey && scalars))) {
    if (!o.ignoreChangesAndAdditions && !deepEqual(ov, mv)) patch[key] = mv;
    return;
  }
  const [add, del, order] = diffLists(ov, mv, meta, [...path, key], w, { ...o, buildRetainKeysDirective: meta.retainKeys });
  if (add.length) patch[key] = add;
  if (del.length) patch[`$deleteFromPrimitiveList/${key}`] = del;
  if (order.length) patch[`$setElementOrder/${key}`] = order;
}

function diffLists(original: Json[], modified: Json[], meta: Meta, path: string[], w: Walk, o: DiffOptions): [Json[], Json[], Json[]] {
  if (!original.length) {
    if (!modified.length || o.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const mk = meta.mergeKey;
  if (mk) {
    const [changes, deletions] = diffListsOfMaps(original, modified, mk, path, w, o);
    const patchList = [...normalizeSliceOrder(changes, modified, mk), ...deletions];
    const orderSame = original.length === modified.length && modified.every((m, i) => original[i][mk] === m[mk]);
    const setOrder = o.setElementOrder && ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0));
    return [patchList, [], setOrder ? modified.map((m) => ({ [mk]: m[mk] })) : []];
  }
  const [add, del] = diffListsOfScalars(original, modified, o);
  const setOrder = o.setElementOrder && ((!o.ignoreDeletions && del.length > 0) || (!o.ignoreChangesAndAdditions && !deepEqual(original, modified)));
  return [normalizeSliceOrder(add, modified, ""), del, setOrder ? modified : []];
}

function diffListsOfScalars(original: Json[], modified: Json[], o: DiffOptions): [Json[], Json[]] {
  const os = sortScalars([...original]);
  const ms = sortScalars([...modified]);
  const add: Json[] = [];
  const del: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? goString(os[i]) : null;
    const b = j < ms.length ? goString(ms[j]) : null;
    if (a !== null && b !== null && a === b) {
      i++;
      j++;
    } else if (a === null || (b !== null && goLess(b, a))) {
      if (!o.ignoreChangesAndAdditions) add.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) del.push(os[i]);
      i++;
    }
  }
  return [add, deduplicateScalars(del)];
}

function diffListsOfMaps(original: Json[], modified: Json[], mk: string, path: string[], w: Walk, o: DiffOptions): [Json[], Json[]] {
  const byKey = (l: Json[]) => [...l].sort((x, y) => goCompare(goString(x[mk]), goString(y[mk])));
  const os = byKey(original);
  const ms = byKey(modified);
  const patch: Json[] = [];
  const deletions: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const a = i < os.length ? goString(os[i][mk]) : null;
    const b = j < ms.length ? goString(ms[j][mk]) : null;
    if (a !== null && b !== null && a === b) {
      const sub = diffMaps(os[i], ms[j], path, w, o);
      if (Object.keys(sub).length) patch.push({ ...sub, [mk]: ms[j][mk] });
      i++;
      j++;
    } else if (a === null || (b !== null && goLess(b, a))) {
      if (!o.ignoreChangesAndAdditions) patch.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [mk]: os[i][mk], $patch: "delete" });
      i++;
    }
  }
  return [patch, deletions];
}

/** sort.Sort over fmt "%v" strings (strategicpatch.sortScalars). */
function sortScalars<T extends Json>(s: T[]): T[] {
  return s.sort((x, y) => goCompare(goString(x), goString(y)));
}

/** strategicpatch.deduplicateScalars, order quirks included (a duplicate is replaced by the last element). */
function deduplicateScalars(s: Json[]): Json[] {
  s = [...s];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (s[i] === s[j]) {
        s[j] = s[length];
        s = s.slice(0, length);
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Position of `v` in `l`: by merge key for maps, by value (Go ==) for scalars. */
function indexIn(l: Json[], v: Json, mk: string): number {
  const val = (x: Json) => (mk ? (isObj(x) ? x[mk] : undefined) : x);
  return l.findIndex((x) => val(x) === val(v));
}

/** normalizeSliceOrder: sort.SliceStable by position in `order` (an insertion sort with kubectl's odd less). */
function normalizeSliceOrder(toSort: Json[], order: Json[], mk: string): Json[] {
  let items = [...toSort];
  let toDelete: Json[] = [];
  if (mk) {
    toDelete = items.filter((x) => isObj(x) && x["$patch"] === "delete");
    items = items.filter((x) => !(isObj(x) && x["$patch"] === "delete"));
  }
  const less = (a: Json, b: Json) => {
    const ia = indexIn(order, a, mk);
    const ib = indexIn(order, b, mk);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) [items[j], items[j - 1]] = [items[j - 1], items[j]];
  }
  return [...items, ...toDelete];
}

/** mergeSortedSlice: server-only items (left) inserted among patch items (right) by their order in `serverOrder`. */
function mergeSortedSlice(left: Json[], right: Json[], serverOrder: Json[], mk: string): Json[] {
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mk);
      const ri = indexIn(serverOrder, right[j], mk);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function normalizeElementOrder(patch: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], mk: string): Json[] {
  return mergeSortedSlice(normalizeSliceOrder(serverOnly, serverOrder, mk), normalizeSliceOrder(patch, patchOrder, mk), serverOrder, mk);
}

function partition(list: Json[], by: Json[], mk: string): [Json[], Json[]] {
  const inBy = (v: Json) => indexIn(by, v, mk) >= 0;
  return [list.filter(inBy), list.filter((v) => !inBy(v))];
}

/** mergeSlice with MergeOptions{} (kubectl's client side: parallel lists are kept, not applied). */
function mergeSlice(original: Json[], patch: Json[], mk: string, path: string[], w: Walk): Json[] {
  if (!original.length && !patch.length) return original;
  let merged: Json[];
  if (!mk) {
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    let orig = [...original];
    const plain: Json[] = [];
    for (const p of patch) {
      if (isObj(p) && p["$patch"] === "delete") orig = orig.filter((x) => !(isObj(x) && x[mk] === p[mk]));
      else plain.push(p);
    }
    for (const p of plain) {
      const at = orig.findIndex((x) => isObj(x) && x[mk] === p[mk]);
      if (at >= 0) orig[at] = mergeMap(orig[at], p, path, w);
      else orig.push(p);
    }
    merged = orig;
  }
  const [items, serverOnly] = partition(merged, patch, mk);
  return normalizeElementOrder(items, serverOnly, patch, original, mk);
}

/** mergeMap(original, patch) with MergeOptions{} as CreateThreeWayMergePatch merges the deletions with the delta. */
function mergeMap(original: Record<string, Json>, patch: Record<string, Json>, path: string[], w: Walk): Record<string, Json> {
  const out: Record<string, Json> = { ...original };
  const rest: Record<string, Json> = { ...patch };
  if ("$retainKeys" in rest) {
    if (!("$retainKeys" in out)) out["$retainKeys"] = rest["$retainKeys"];
    delete rest["$retainKeys"];
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith("$setElementOrder/")) continue;
    if (!(key in out)) out[key] = patch[key];
    delete rest[key];
    const field = key.slice("$setElementOrder/".length);
    const order = patch[key] as Json[];
    const ol = out[field];
    const pl = rest[field];
    if (ol === undefined && pl === undefined) continue;
    const meta = metaOf(field, path, [...(Array.isArray(ol) ? ol : []), ...(Array.isArray(pl) ? pl : [])], w.builtin);
    let merged: Json[];
    if (pl === undefined) merged = ol;
    else if (ol === undefined) merged = pl;
    else merged = meta.merge ? mergeSlice(ol, pl, meta.mergeKey, [...path, field], w) : pl;
    const [items, serverOnly] = partition(merged, order, meta.mergeKey);
    out[field] = normalizeElementOrder(items, serverOnly, order, Array.isArray(ol) ? ol : [], meta.mergeKey);
    delete rest[field];
  }
  for (const key of Object.keys(rest)) {
    const pv = rest[key];
    if (key.startsWith("$deleteFromPrimitiveList/")) {
      out[key] = pv;
      continue;
    }
    if (pv === null) delete out[key];
    if (!(key in out)) {
      out[key] = pv;
      continue;
    }
    const ov = out[key];
    if (goType(ov) !== goType(pv)) out[key] = pv;
    else if (isObj(ov)) out[key] = mergeMap(ov, pv, [...path, key], w);
    else if (Array.isArray(ov)) {
      const meta = metaOf(key, path, [...ov, ...pv], w.builtin);
      out[key] = meta.merge ? mergeSlice(ov, pv, meta.mergeKey, [...path, key], w) : pv;
    } else out[key] = pv;
  }
  return out;
}

/**
 * The patch `kubectl apply` computes from `original` (the last-applied configuration, null when the
 * annotation is missing), `modified` (the file's object with its new annotation) and `current` (the
 * live object). `builtin` = a type kubectl knows (strategic merge); false for custom resources.
 */
export function threeWayApplyPatch(original: Json, modified: Json, current: Json, builtin = true): Json {
  const w: Walk = { builtin };
  const orig = isObj(original) ? original : {};
  const mod = isObj(modified) ? modified : {};
  const cur = isObj(current) ? current : {};
  const delta = diffMaps(cur, mod, [], w, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(orig, mod, [], w, { setElementOrder: true, ignoreChangesAndAdditions: true });
  return mergeMap(deletions, delta, [], w);
}
