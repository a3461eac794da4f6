// Client-side downsampling for live windows: a chart never gets more than two points per pixel, because
// anything more is invisible and costs drawing time. Min and max of each pixel column are kept so spikes show.

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
