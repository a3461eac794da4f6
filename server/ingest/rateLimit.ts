/**
 * Token bucket per station: `ratePerS` frames a second on average, bursts up to `burst`. Time is passed in
 * (wall-clock milliseconds, not the simulation clock: the limit protects this machine's resources).
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number | null = null;

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(nowMs: number, count = 1): boolean {
    if (this.lastMs !== null) {
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastMs) * this.ratePerS) / 1000);
    }
    this.lastMs = nowMs;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}
