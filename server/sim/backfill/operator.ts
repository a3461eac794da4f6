// The simulated operator of the filled history: alarms raised in the past were seen and acknowledged, a few
// minutes after they opened, by an operator who never existed. Every such acknowledgement says so, in the
// alarm (by SIMULATED_OPERATOR, with a comment) and in the audit log. The last hour is left to real people:
// its alarms are still waiting when the dashboard opens. Pure: alarms and times in, decisions out.
import type { Alarm } from '../../../shared/protocol/api';

/** The name on every acknowledgement made in simulated history. */
export const SIMULATED_OPERATOR = 'simulated operator';
export const SIMULATED_ACK_COMMENT = 'Simulated history of the first start: acknowledged by the simulator';
/** Acknowledged between 4 and 14 minutes after the alarm opened, spread by the alarm's id. */
const ACK_AFTER_MS = 4 * 60_000;
const ACK_SPREAD_MS = 10 * 60_000;
/** Alarms that opened this close to the end of the history stay unacknowledged. */
export const LEAVE_UNACKNOWLEDGED_MS = 60 * 60_000;

/** A stable 0..1 from an id (FNV-1a), so the same alarm is always answered after the same delay. */
function spreadOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}

/** When the simulated operator acknowledges an alarm. */
export const acknowledgeAtMs = (alarm: Pick<Alarm, 'id' | 'discoveredAtMs'>): number =>
  alarm.discoveredAtMs + ACK_AFTER_MS + Math.floor(spreadOf(alarm.id) * ACK_SPREAD_MS);

/** The alarms due for acknowledgement once the history has reached nowMs (historyEndMs: its end). */
export function dueAcknowledgements(alarms: readonly Alarm[], nowMs: number, historyEndMs: number): Alarm[] {
  return alarms.filter(
    (alarm) =>
      alarm.acknowledged === null &&
      alarm.discoveredAtMs < historyEndMs - LEAVE_UNACKNOWLEDGED_MS &&
      acknowledgeAtMs(alarm) <= nowMs,
  );
}
