/**
 * The server's notion of "now" as seen from the browser. The server may run on simulated time (the
 * simulator can fly the constellation at N× speed), so ages and countdowns are measured against the server's
 * clock, extrapolated between updates with the rate observed between them.
 */
export interface ServerClockState {
  /** Last server time seen, and the local time it was seen at. */
  serverMs: number;
  localMs: number;
  /** Server milliseconds per local millisecond. */
  rate: number;
  /** An older observation the rate is measured from, so jitter over short gaps does not swing it. */
  baseServerMs: number;
  baseLocalMs: number;
}

/** Rates are measured over at least this much local time. */
const MIN_BASELINE_MS = 2000;
const MAX_RATE = 10_000;

export function observeServerTime(
  prev: ServerClockState | null,
  serverMs: number,
  localMs: number,
): ServerClockState {
  if (!prev || serverMs < prev.serverMs - 60_000) {
    return { serverMs, localMs, rate: prev?.rate ?? 1, baseServerMs: serverMs, baseLocalMs: localMs };
  }
  const elapsedLocal = localMs - prev.baseLocalMs;
  if (elapsedLocal < MIN_BASELINE_MS) return { ...prev, serverMs, localMs };
  const measured = (serverMs - prev.baseServerMs) / elapsedLocal;
  const rate = Math.min(MAX_RATE, Math.max(0, measured));
  // Move the baseline forward so a change of simulation speed shows within a few seconds.
  return { serverMs, localMs, rate, baseServerMs: prev.serverMs, baseLocalMs: prev.localMs };
}

export function serverNow(clock: ServerClockState | null, localMs: number): number {
  if (!clock) return localMs;
  return clock.serverMs + Math.max(0, localMs - clock.localMs) * clock.rate;
}
