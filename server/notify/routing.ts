// Which alarm transitions are news, and when a failed delivery is tried again (pure).
import type { AlarmTransition } from '../limits/alarms';
import type { NotifiedTransition } from './message';

const NOTIFIED: ReadonlySet<AlarmTransition> = new Set(['opened', 'escalated', 'reactivated']);

export function isNotified(transition: AlarmTransition): transition is NotifiedTransition {
  return NOTIFIED.has(transition);
}

/** Seconds after each failed attempt before the next; past the last one the notification has failed. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/** When to try again after `attempts` failed tries, or null when there are no tries left. */
export function nextAttemptAt(attempts: number, nowMs: number, delaysMs: readonly number[]): number | null {
  const delay = delaysMs[attempts - 1];
  return delay === undefined ? null : nowMs + delay;
}
