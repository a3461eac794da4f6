// Which channels hear of an alarm transition (pure): enabled channels whose partner may see the spacecraft's
// telemetry under the constellation agreement, at or above the channel's severity. Shelved alarms go nowhere.
import type { Alarm } from '../../shared/protocol/api';
import type { NotifySeverity } from '../../shared/protocol/notify';
import type { AlarmTransition } from '../limits/alarms';
import { isShelved } from '../limits/alarms';
import type { VisibilityPolicy } from '../auth/agreement';
import type { NotifiedTransition } from './message';
import type { StoredChannel } from './store';

const NOTIFIED: ReadonlySet<AlarmTransition> = new Set(['opened', 'escalated', 'reactivated']);
const RANK: Record<NotifySeverity, number> = { yellow: 1, red: 2 };

export function isNotified(transition: AlarmTransition): transition is NotifiedTransition {
  return NOTIFIED.has(transition);
}

export function channelsFor(
  alarm: Alarm,
  channels: readonly StoredChannel[],
  policy: VisibilityPolicy,
  nowMs: number,
): StoredChannel[] {
  if (isShelved(alarm, nowMs)) return [];
  return channels.filter(
    (c) =>
      c.enabled &&
      RANK[alarm.level] >= RANK[c.minSeverity] &&
      policy.canSee({ partner: c.partner }, alarm.spacecraftId, 'telemetry'),
  );
}

/** Seconds after each failed attempt before the next; past the last one the notification has failed. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/** When to try again after `attempts` failed tries, or null when there are no tries left. */
export function nextAttemptAt(attempts: number, nowMs: number, delaysMs: readonly number[]): number | null {
  const delay = delaysMs[attempts - 1];
  return delay === undefined ? null : nowMs + delay;
}
