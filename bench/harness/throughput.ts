// Turns timestamped completions into per-second rates, so a sustained throughput is reported as the median
// of its one-second windows with the slowest and fastest window beside it.

/**
 * Counts per whole second from `fromMs`, over the seconds that lie entirely before `toMs`. The first
 * `skipSeconds` windows (connection set-up, JIT warm-up) are left out.
 */
export function perSecondRates(
  atMs: readonly number[],
  counts: readonly number[],
  fromMs: number,
  toMs: number,
  skipSeconds = 1,
): number[] {
  const windows = Math.floor((toMs - fromMs) / 1000);
  const bins = new Array<number>(Math.max(0, windows)).fill(0);
  for (let i = 0; i < atMs.length; i++) {
    const bin = Math.floor((atMs[i]! - fromMs) / 1000);
    if (bin >= 0 && bin < windows) bins[bin]! += counts[i]!;
  }
  return bins.slice(Math.min(skipSeconds, Math.max(0, windows - 1)));
}
