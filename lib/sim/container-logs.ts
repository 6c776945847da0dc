/**
 * A container's log as the kubelet reads it back (`kubectl logs`, `crictl logs`): the CRI log file the
 * runtime writes holds one record per line with the time the line was written, and the kubelet's
 * ReadLogs (kubelet pkg/kubelet/kuberuntime/logs/logs.go) serves it with the request's options:
 * `tailLines` first picks the last lines of the file, then lines older than `since` are skipped
 * (`msg.timestamp.Before(opts.since)`, so a line written exactly at `since` is kept), and with
 * `timestamps` each line is prefixed with its time in types.RFC3339NanoFixed and one space.
 *
 * Times are kept as a number array parallel to the lines (virtual ms), not as one object per line.
 */
import { EPOCH_MS } from "./util";
import type { TimelineEvent } from "./shell";

/** The records of one container run's log: line i was written at t[i] (absolute virtual ms). */
export interface ContainerLog {
  t: number[];
  line: string[];
  /** the last record had no trailing newline (the program's output ended mid-line) */
  partial: boolean;
}

/** PodLogOptions as the kubelet applies them (NewLogOptions): since is absolute virtual ms. */
export interface LogReadOptions {
  tailLines?: number;
  since?: number;
  timestamps?: boolean;
  /** stop after this many bytes, cutting the last line (logWriter.remain) */
  limitBytes?: number;
}

/**
 * The log records of a timeline's output up to `until` (ms since the container started at `startedAt`).
 * Output written without a newline joins the next line, which carries the time the line was completed
 * (containerd's CRI logger stamps a line when it reads its end).
 */
export function logFromEvents(events: readonly TimelineEvent[], until: number, startedAt: number): ContainerLog {
  const log: ContainerLog = { t: [], line: [], partial: false };
  let pending = "";
  let open = false;
  for (const e of events) {
    if (e.t > until) break;
    let text: string;
    if (e.out !== undefined) text = e.out;
    else if (e.err !== undefined) text = e.err;
    else continue;
    if (e.out !== undefined && e.nonl) {
      pending += text;
      open = true;
      continue;
    }
    log.t.push(startedAt + e.t);
    log.line.push(pending + text);
    pending = "";
    open = false;
  }
  if (open) {
    const last = events.filter((e) => e.t <= until && e.out !== undefined).pop();
    log.t.push(startedAt + (last?.t ?? 0));
    log.line.push(pending);
    log.partial = true;
  }
  return log;
}

/** Go's time.Format with kubelet types.RFC3339NanoFixed ("2006-01-02T15:04:05.000000000Z07:00") in UTC. */
export function formatLogTime(ms: number): string {
  // the virtual clock counts whole milliseconds: the nanosecond digits below them are zero
  const whole = Math.floor(ms);
  const iso = new Date(EPOCH_MS + whole).toISOString(); // 2026-01-01T00:00:00.000Z
  return iso.slice(0, 23) + "000000Z";
}

/** What the kubelet sends back for a log request (ReadLogs): tail, then since, then the timestamp prefix, then the byte limit. */
export function readLog(log: ContainerLog, opts: LogReadOptions = {}): string {
  const n = log.line.length;
  const from = opts.tailLines !== undefined && opts.tailLines >= 0 ? Math.max(0, n - opts.tailLines) : 0;
  let s = "";
  let remain = opts.limitBytes ?? Infinity;
  for (let i = from; i < n && remain > 0; i++) {
    if (opts.since !== undefined && log.t[i] < opts.since) continue;
    let rec = (opts.timestamps ? formatLogTime(log.t[i]) + " " : "") + log.line[i] + (i < n - 1 || !log.partial ? "\n" : "");
    if (remain !== Infinity) {
      const bytes = utf8.encode(rec);
      if (bytes.length > remain) rec = new TextDecoder().decode(bytes.subarray(0, remain)).replace(/\uFFFD$/, "");
      remain -= Math.min(bytes.length, remain);
    }
    s += rec;
  }
  return s;
}

const utf8 = new TextEncoder();

/** How many access-log lines of a server container's current run are kept (the oldest are dropped). */
export const ACCESS_LOG_CAP = 500;

/**
 * The HTTP access log lines a server image (nginx, httpd) writes per request in its current run, as a ring of
 * the last ACCESS_LOG_CAP lines: `t` (ms since the run started) and `line` are parallel arrays, `h` is where the
 * next line goes once the ring is full (its oldest line). Appending is O(1), so a busy server costs no copying.
 */
export interface AccessLog {
  t: number[];
  line: string[];
  h: number;
}

/** Checkpoints taken before the ring kept one object per line. */
type LegacyAccessLog = { t: number; line: string }[];

/** Append a request's line (a checkpoint's older array form is converted on the way). */
export function appendAccessLog(log: AccessLog | LegacyAccessLog | undefined, t: number, line: string, cap = ACCESS_LOG_CAP): AccessLog {
  const r: AccessLog = !log ? { t: [], line: [], h: 0 } : Array.isArray(log) ? { t: log.map((a) => a.t), line: log.map((a) => a.line), h: 0 } : log;
  if (r.t.length < cap) {
    r.t.push(t);
    r.line.push(line);
  } else {
    r.t[r.h] = t;
    r.line[r.h] = line;
    r.h = (r.h + 1) % cap;
  }
  return r;
}

/** The ring's lines, oldest first, as timeline output events (ms since the run started). */
export function accessLogEvents(log: AccessLog | LegacyAccessLog | undefined): TimelineEvent[] {
  if (!log) return [];
  if (Array.isArray(log)) return log.map((a) => ({ t: a.t, out: a.line }));
  const n = log.t.length;
  const out: TimelineEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = (log.h + i) % n;
    out[i] = { t: log.t[k], out: log.line[k] };
  }
  return out;
}
