// Heat-map cells, pure: a level for the colour and a text that says the same without colour.

/** 0 none, 1 started, 2 under half, 3 half or more, 4 all (or 100 %). */
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

/** The level of `done` out of `total` (a cell with nothing to do has level 0). */
export function heatLevel(done: number, total: number): HeatLevel {
  if (total <= 0 || done <= 0) return 0;
  if (done >= total) return 4;
  const r = done / total;
  return r >= 0.5 ? 3 : r >= 0.2 ? 2 : 1;
}

/** The median of numbers (null for none). */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
