// Go's time.ParseDuration and time.Parse(time.RFC3339, …) with their exact error texts, as kubectl's
// flags surface them (pflag's DurationVar for `logs --since`; kubectl pkg/util ParseRFC3339 for
// `logs --since-time`, which returns time.Parse's *ParseError as is). Ported from Go src/time/format.go.

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "\u00b5s": 1e-3, "\u03bcs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration: milliseconds (fractional below 1 ms) or Go's error text. */
export function goParseDuration(orig: string): { ms: number } | { error: string } {
  const bad = { error: `time: invalid duration ${JSON.stringify(orig)}` };
  let s = orig;
  let neg = false;
  if (s && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ms: 0 };
  if (!s) return bad;
  let total = 0;
  while (s) {
    if (!(s[0] === "." || (s[0] >= "0" && s[0] <= "9"))) return bad;
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    if (!m[1] && !m[2]) return bad; // no digits, e.g. ".s"
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== "." && !(s[i] >= "0" && s[i] <= "9")) i++;
    if (i === 0) return { error: `time: missing unit in duration ${JSON.stringify(orig)}` };
    const u = s.slice(0, i);
    s = s.slice(i);
    if (!(u in UNITS)) return { error: `time: unknown unit ${JSON.stringify(u)} in duration ${JSON.stringify(orig)}` };
    total += Number(`${m[1] || "0"}.${m[2] || "0"}`) * UNITS[u];
  }
  return { ms: neg ? -total : total };
}

/** Go's Duration.Round(time.Second) in whole seconds: halves away from zero. */
export function roundToSeconds(ms: number): number {
  const s = Math.round(Math.abs(ms) / 1000);
  return ms < 0 ? -s : s;
}

const LAYOUT = "2006-01-02T15:04:05Z07:00";
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * time.Parse(time.RFC3339, s): Unix ms, or the *ParseError text (`parsing time "x" as
 * "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`, `…: month out of range`, `…: extra text: …`).
 */
export function goParseRFC3339(value: string): { ms: number } | { error: string } {
  const q = JSON.stringify;
  const cannot = (rest: string, elem: string) => ({ error: `parsing time ${q(value)} as ${q(LAYOUT)}: cannot parse ${q(rest)} as ${q(elem)}` });
  const range = (what: string) => ({ error: `parsing time ${q(value)}: ${what} out of range` });
  const digit = (s: string, i: number) => i < s.length && s[i] >= "0" && s[i] <= "9";
  // getnum: one or two digits (two when fixed)
  const getnum = (s: string, fixed: boolean): [number, string] | null => {
    if (!digit(s, 0)) return null;
    if (!digit(s, 1)) return fixed ? null : [Number(s[0]), s.slice(1)];
    return [Number(s.slice(0, 2)), s.slice(2)];
  };
  const skip = (s: string, lit: string) => (s[0] === lit ? s.slice(1) : null);
  let v = value;
  if (v.length < 4 || !/^[0-9]{4}/.test(v)) return cannot(v, "2006");
  const year = Number(v.slice(0, 4));
  v = v.slice(4);
  const steps: [string, string, boolean, string | null][] = [["-", "01", true, "month"], ["-", "02", true, null], ["T", "15", false, "hour"], [":", "04", true, "minute"], [":", "05", true, "second"]];
  const nums: number[] = [];
  for (const [lit, elem, fixed, name] of steps) {
    const after = skip(v, lit);
    if (after === null) return cannot(v, lit);
    v = after;
    const n = getnum(v, fixed);
    if (!n) return cannot(v, elem);
    const [x, rest] = n;
    if (name === "month" && (x <= 0 || x > 12)) return range("month");
    if (name === "hour" && x >= 24) return range("hour");
    if ((name === "minute" || name === "second") && x >= 60) return range(name);
    nums.push(x);
    v = rest;
  }
  let frac = 0;
  if (v.length >= 2 && (v[0] === "." || v[0] === ",") && digit(v, 1)) {
    let n = 2;
    while (digit(v, n)) n++;
    frac = Number("0." + v.slice(1, Math.min(n, 10))) * 1000; // parseNanoseconds reads at most 9 digits
    v = v.slice(n);
  }
  let offset = 0;
  if (v[0] === "Z") v = v.slice(1);
  else {
    if (v.length < 6 || v[3] !== ":") return cannot(v, "Z07:00");
    const hh = getnum(v.slice(1, 3), true), mm = getnum(v.slice(4, 6), true);
    if (!hh || !mm || (v[0] !== "+" && v[0] !== "-")) return cannot(v, "Z07:00");
    if (hh[0] > 24) return range("time zone offset hour");
    if (mm[0] > 60) return range("time zone offset minute");
    offset = (v[0] === "-" ? -1 : 1) * (hh[0] * 60 + mm[0]) * 60_000;
    v = v.slice(6);
  }
  if (v) return { error: `parsing time ${q(value)}: extra text: ${q(v)}` };
  const [month, day, hour, min, sec] = nums;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > (month === 2 && leap ? 29 : DAYS[month - 1])) return range("day");
  return { ms: Date.UTC(year, month - 1, day, hour, min, sec) + frac - offset };
}
