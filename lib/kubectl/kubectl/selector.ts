// Label selectors (=, ==, !=, in, notin, exists, !exists) and basic field selectors.
import type { Json } from "../cluster-api";

export interface Requirement {
  key: string;
  op: "=" | "!=" | "in" | "notin" | "exists" | "!";
  values: string[];
}

export type SelectorResult = { ok: true; reqs: Requirement[] } | { ok: false; error: string };

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;

/** Parse a label selector string like `app=web,tier in (fe,be),!canary`. */
export function parseLabelSelector(s: string): SelectorResult {
  const reqs: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (p === "") {
      if (s.trim() === "") continue;
      return { ok: false, error: `unable to parse requirement: found '', expected: '!', identifier, or 'end of string'` };
    }
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) {
      const vals = m[3].split(",").map((v) => v.trim()).filter((v) => v !== "");
      if (!KEY.test(m[1])) return { ok: false, error: invalidKey(m[1]) };
      reqs.push({ key: m[1], op: m[2] as "in" | "notin", values: vals });
    } else if ((m = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(p))) {
      if (!KEY.test(m[1])) return { ok: false, error: invalidKey(m[1]) };
      reqs.push({ key: m[1], op: m[2] === "!=" ? "!=" : "=", values: [m[3]] });
    } else if ((m = /^!\s*(\S+)$/.exec(p))) {
      reqs.push({ key: m[1], op: "!", values: [] });
    } else if (/^\S+$/.test(p) && !/[=!()]/.test(p)) {
      if (!KEY.test(p)) return { ok: false, error: invalidKey(p) };
      reqs.push({ key: p, op: "exists", values: [] });
    } else {
      return { ok: false, error: `unable to parse requirement: found '${p.split(/\s+/)[1] ?? p}', expected: in, notin, =, ==, !=, gt, lt` };
    }
  }
  return { ok: true, reqs };
}

function invalidKey(k: string): string {
  return `unable to parse requirement: <nil>: Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`;
}

/** Do labels satisfy every requirement of a parsed label selector? */
export function matchLabels(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case "=":
        return has && l[r.key] === r.values[0];
      case "!=":
        return !has || l[r.key] !== r.values[0];
      case "in":
        return has && r.values.includes(l[r.key]);
      case "notin":
        return !has || !r.values.includes(l[r.key]);
      case "exists":
        return has;
      case "!":
        return !has;
    }
  });
}

/** Does a LabelSelector object (matchLabels/matchExpressions) select these labels? */
export function selectorMatches(sel: Json, labels: Record<string, string> | undefined): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries((sel.matchLabels ?? {}) as Record<string, string>)) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in l;
    if (e.operator === "In" && !(has && (e.values ?? []).includes(l[e.key]))) return false;
    if (e.operator === "NotIn" && has && (e.values ?? []).includes(l[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

export type FieldSelector = { ok: true; match: (o: Json) => boolean } | { ok: false; error: string };

/** Field selectors: metadata.name, metadata.namespace, status.phase, spec.nodeName, type, ... with = == != */
export function parseFieldSelector(s: string, kind: string): FieldSelector {
  const tests: ((o: Json) => boolean)[] = [];
  for (const raw of s.split(",")) {
    const p = raw.trim();
    if (!p) continue;
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(p);
    if (!m) return { ok: false, error: `invalid selector: '${p}'; can't understand '${p}'` };
    const [, field, op, value] = m;
    const allowed = ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.podIP", "status.nominatedNodeName", "spec.unschedulable", "type", "involvedObject.kind", "involvedObject.name", "involvedObject.namespace", "reason", "source", "spec.clusterIP", "spec.type"];
    if (!allowed.includes(field)) return { ok: false, error: `field label not supported: ${field}` };
    void kind;
    tests.push((o) => {
      let v: Json = o;
      for (const part of field.split(".")) v = v?.[part];
      const sv = v === undefined || v === null ? "" : String(v);
      return op === "!=" ? sv !== value : sv === value;
    });
  }
  return { ok: true, match: (o) => tests.every((t) => t(o)) };
}
