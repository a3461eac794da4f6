// Slows password guessing: after LOGIN_MAX_FAILURES failed logins for one key (a username, or a client
// address) within LOGIN_WINDOW_MS, further attempts for that key are refused until the window has passed. The
// failures are kept in the auth store, so nodes sharing one database count them together; the rule itself is
// a pure function of their times.
import type { AuthStore } from './store';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export const LOGIN_THROTTLE: ThrottlePolicy = { maxFailures: LOGIN_MAX_FAILURES, windowMs: LOGIN_WINDOW_MS };

/** Milliseconds until a key with failures at these times may try again, or 0 when it may try now. */
export function retryAfterMs(
  failureTimesMs: readonly number[],
  nowMs: number,
  policy: ThrottlePolicy = LOGIN_THROTTLE,
): number {
  const recent = failureTimesMs.filter((t) => t > nowMs - policy.windowMs).sort((a, b) => a - b);
  if (recent.length < policy.maxFailures) return 0;
  return recent[recent.length - policy.maxFailures]! + policy.windowMs - nowMs;
}

export class LoginThrottle {
  constructor(
    private readonly store: AuthStore,
    private readonly policy: ThrottlePolicy = LOGIN_THROTTLE,
  ) {}

  /** Milliseconds until every one of the keys may try again (the longest wait), or 0. */
  async retryAfterMs(keys: readonly string[], nowMs: number): Promise<number> {
    const failures = await this.store.loginFailures(keys, nowMs - this.policy.windowMs);
    const waits = keys.map((key) =>
      retryAfterMs(
        failures.filter((f) => f.key === key).map((f) => f.atMs),
        nowMs,
        this.policy,
      ),
    );
    return Math.max(0, ...waits);
  }

  /** Records a failure for each key; failures older than the window are forgotten on the way. */
  async recordFailure(keys: readonly string[], nowMs: number): Promise<void> {
    await this.store.recordLoginFailures(keys, nowMs, nowMs - this.policy.windowMs);
  }

  async recordSuccess(key: string): Promise<void> {
    await this.store.clearLoginFailures(key);
  }
}
