// Slows password guessing without letting anyone lock a user out from afar. Every login attempt is counted
// BEFORE its password is checked: the count and the decision happen in one transaction of the auth store
// (shared by every node), so parallel guesses cannot all slip through between a check and a record. An attempt
// that then succeeds is taken back; a failed one stays counted for its window.
//
// Three counts, each with its own limit:
// - one username from one client address (`pair`): the tight limit, 5 per 15 minutes;
// - one client address, any username (`client`): password spraying from one place;
// - one username from every address (`user`): a slower, global backoff against guessing from many places.
//   It does not apply from an address the user signed in from successfully within KNOWN_ADDRESS_MS, so
//   failed guesses from elsewhere never lock a user (admin included) out of their usual workplace.
// The rule is a pure function of the counted times; the store only keeps them.
import { randomUUID } from 'node:crypto';
import type { AuthStore, LoginAttemptRow } from './store';

export interface ThrottleRule {
  max: number;
  windowMs: number;
}

const MINUTE_MS = 60_000;

export const LOGIN_LIMITS = {
  pair: { max: 5, windowMs: 15 * MINUTE_MS },
  client: { max: 20, windowMs: 15 * MINUTE_MS },
  user: { max: 20, windowMs: 15 * MINUTE_MS },
} satisfies Record<string, ThrottleRule>;
export type LoginLimits = typeof LOGIN_LIMITS;

/** How long a successful sign-in makes an address "known" for that user. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE_MS;

/** Milliseconds until a key with attempts at these times may try again under `rule`, or 0. */
export function retryAfterMs(attemptTimesMs: readonly number[], nowMs: number, rule: ThrottleRule): number {
  const recent = attemptTimesMs.filter((t) => t > nowMs - rule.windowMs).sort((a, b) => a - b);
  if (recent.length < rule.max) return 0;
  return recent[recent.length - rule.max]! + rule.windowMs - nowMs;
}

export interface ThrottleKeys {
  pair: string;
  client: string;
  user: string;
  known: string;
}

/** Keys are built from the parsed username and the client address; newline cannot occur in either. */
export function throttleKeys(username: string, address: string): ThrottleKeys {
  return {
    pair: `pair:${username}\n${address}`,
    client: `client:${address}`,
    user: `user:${username}`,
    known: `known:${username}\n${address}`,
  };
}

/** The wait before this attempt may be made (0: now), given the stored rows of the keys. */
export function waitBeforeAttempt(
  rows: readonly LoginAttemptRow[],
  keys: ThrottleKeys,
  nowMs: number,
  limits: LoginLimits = LOGIN_LIMITS,
): number {
  const timesOf = (key: string) => rows.filter((r) => r.key === key).map((r) => r.atMs);
  const known = timesOf(keys.known).some((t) => t > nowMs - KNOWN_ADDRESS_MS);
  return Math.max(
    retryAfterMs(timesOf(keys.pair), nowMs, limits.pair),
    retryAfterMs(timesOf(keys.client), nowMs, limits.client),
    known ? 0 : retryAfterMs(timesOf(keys.user), nowMs, limits.user),
  );
}

export type LoginClaim =
  { ok: true; attemptId: string; keys: ThrottleKeys } | { ok: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly countedMs: number;

  constructor(
    private readonly store: AuthStore,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {
    this.countedMs = Math.max(limits.pair.windowMs, limits.client.windowMs, limits.user.windowMs);
  }

  /** Counts an attempt of `username` from `address` if the limits allow it; call before checking a password. */
  async claim(username: string, address: string, nowMs: number): Promise<LoginClaim> {
    const keys = throttleKeys(username, address);
    const attemptId = randomUUID();
    const wait = await this.store.claimLoginAttempt(
      [keys.pair, keys.client, keys.user, keys.known],
      nowMs,
      (rows) => waitBeforeAttempt(rows, keys, nowMs, this.limits),
      {
        keys: [keys.pair, keys.client, keys.user],
        atMs: nowMs,
        expiresAtMs: nowMs + this.countedMs,
        attemptId,
      },
    );
    return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true, attemptId, keys };
  }

  /**
   * The claimed attempt was right: it no longer counts, the user's failures from this address are forgotten,
   * and the address becomes known for the user.
   */
  async succeeded(claim: LoginClaim & { ok: true }, nowMs: number): Promise<void> {
    await this.store.settleLoginSuccess(claim.attemptId, [claim.keys.pair], {
      key: claim.keys.known,
      atMs: nowMs,
      expiresAtMs: nowMs + KNOWN_ADDRESS_MS,
    });
  }
}
