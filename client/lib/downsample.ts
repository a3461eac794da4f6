// Client-side downsampling for live windows: a chart never gets more than two points per pixel, because
// anything more is invisible and costs SVG nodes. Min and max of each pixel column are kept so spikes show.

export interface TimePoint {
  t: number;
  v: number;
}

/**
 * Keeps, for each of `widthPx` equal time buckets in [fromMs, toMs], the minimum and the maximum point in
 * time order; points outside the window are ignored. Input must be sorted by time.
 */
export function downsampleMinMax<P extends TimePoint>(
  points: readonly P[],
  fromMs: number,
  toMs: number,
  widthPx: number,
): P[] {
  const buckets = Math.max(1, Math.floor(widthPx));
  const span = toMs - fromMs;
  const inWindow = points.filter((p) => p.t >= fromMs && p.t <= toMs);
  if (inWindow.length <= buckets * 2 || span <= 0) return inWindow;
  const out: P[] = [];
  let bucket = -1;
  let min: P | undefined;
  let max: P | undefined;
  const flush = () => {
    if (!min || !max) return;
    if (min === max) out.push(min);
    else if (min.t <= max.t) out.push(min, max);
    else out.push(max, min);
  };
  for (const p of inWindow) {
    const b = Math.min(buckets - 1, Math.floor(((p.t - fromMs) / span) * buckets));
    if (b !== bucket) {
      flush();
      bucket = b;
      min = p;
      max = p;
    } else {
      if (p.v < min!.v) min = p;
      if (p.v > max!.v) max = p;
    }
  }
  flush();
  return out;
}

const TICK_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800,
  604_800,
].map((s) => s * 1000);

/**
 * Time-axis ticks on round UTC multiples (10 s, 5 min, 6 h, 1 d …), at most `maxTicks` of them, so the
 * labels of a live window do not dance as it slides.
 */
export function timeTicks(fromMs: number, toMs: number, maxTicks: number): number[] {
  const span = toMs - fromMs;
  if (!(span > 0) || maxTicks < 1) return [];
  const step = TICK_STEPS_MS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t <= toMs; t += step) ticks.push(t);
  return ticks;
}
