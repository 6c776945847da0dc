// The simulator's virtual clock counts milliseconds (lib/sim README: `c.now` is virtual ms), and so do
// ClusterView.now and FlowStep.t. Everything the workspace shows is in seconds: convert here, once.

/** The cluster clock (virtual ms) as h:mm:ss, or m:ss under an hour. */
export function clockTime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** Whole seconds between two readings of the virtual clock (ms). */
export function elapsedSeconds(fromMs: number, toMs: number): number {
  return Math.round((toMs - fromMs) / 1000);
}

/** A flow step's offset (ms from the first step) in seconds: ms precision below 10 s, then coarser. */
export function offsetSeconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0);
}
