// Builds event-log entries: onboard event packets and ground events (alarm transitions, link changes).
import { randomUUID } from 'node:crypto';
import { EVENT_CODES, EVENT_SEVERITIES } from '../../shared/dictionary';
import type { Alarm, EventDetail, EventSeverity, TelemetryEvent } from '../../shared/protocol/api';
import type { AlarmChange } from '../limits/alarms';

const SEVERITY_BY_RAW: Record<number, EventSeverity> = { 0: 'info', 1: 'warning', 2: 'critical' };

/** An onboard event packet: code, severity and one argument (values in the packet's parameter order). */
export function onboardEvent(
  spacecraftId: string,
  timeMs: number,
  values: readonly number[],
  playback: boolean,
): TelemetryEvent {
  const [code = 0, severity = 0, arg = 0] = values;
  const name = EVENT_CODES[code] ?? `EVENT_${code}`;
  const event: TelemetryEvent = {
    id: randomUUID(),
    spacecraftId,
    timeMs,
    source: 'onboard',
    severity: SEVERITY_BY_RAW[severity] ?? 'info',
    code: name,
    detail: { kind: 'onboard', arg: round(arg) },
    text: `${name} (${EVENT_SEVERITIES[severity as keyof typeof EVENT_SEVERITIES] ?? severity}, arg ${round(arg)})`,
  };
  if (playback) event.playback = true;
  return event;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function describe(alarm: Alarm): string {
  const what = alarm.parameterId ?? 'link';
  const value = alarm.lastValue === null ? '' : ` at ${round(alarm.lastValue)}`;
  const side = alarm.side ? ` ${alarm.side}` : '';
  const context = alarm.context ? ` [${alarm.context}]` : '';
  return `${what} ${alarm.level}${side}${value}${context}`;
}

function alarmDetail({ alarm, transition }: AlarmChange): EventDetail {
  const detail: EventDetail = {
    kind: 'alarm',
    transition,
    parameterId: alarm.parameterId,
    level: alarm.level,
    value: alarm.lastValue === null ? null : round(alarm.lastValue),
  };
  if (alarm.side) detail.side = alarm.side;
  if (alarm.context) detail.context = alarm.context;
  if (transition === 'acknowledged' && alarm.acknowledged) {
    detail.by = alarm.acknowledged.by;
    if (alarm.acknowledged.comment) detail.comment = alarm.acknowledged.comment;
  }
  if (transition === 'assigned' && alarm.assignedTo) detail.by = alarm.assignedTo;
  return detail;
}

/** The event-log line for an alarm transition, at the time it happened (packet time or server time). */
export function alarmEvent(change: AlarmChange, timeMs: number): TelemetryEvent {
  const { alarm, transition } = change;
  const severity: EventSeverity =
    transition === 'cleared' ||
    transition === 'acknowledged' ||
    transition === 'shelved' ||
    transition === 'assigned'
      ? 'info'
      : alarm.level === 'red'
        ? 'critical'
        : 'warning';
  let text = `${describe(alarm)}: ${transition}`;
  if (transition === 'acknowledged' && alarm.acknowledged) {
    text += ` by ${alarm.acknowledged.by}${alarm.acknowledged.comment ? ` (${alarm.acknowledged.comment})` : ''}`;
  }
  if (transition === 'assigned') text += alarm.assignedTo ? ` to ${alarm.assignedTo}` : ' to nobody';
  if (alarm.playback) text += ' (playback)';
  const event: TelemetryEvent = {
    id: randomUUID(),
    spacecraftId: alarm.spacecraftId,
    timeMs,
    source: 'ground',
    severity,
    code: `ALARM_${transition.toUpperCase()}`,
    text,
    detail: alarmDetail(change),
  };
  if (alarm.playback) event.playback = true;
  return event;
}

/** A packet stamped ahead of ground time: kept as history, not shown as current (see clockGuard.ts). */
export function clockAheadEvent(
  spacecraftId: string,
  packetTimeMs: number,
  groundNowMs: number,
): TelemetryEvent {
  const leadS = Math.round((packetTimeMs - groundNowMs) / 1000);
  return {
    id: randomUUID(),
    spacecraftId,
    timeMs: groundNowMs,
    source: 'ground',
    severity: 'warning',
    code: 'CLOCK_AHEAD',
    detail: { kind: 'clockAhead', packetTimeMs, leadS },
    text: `packet time ${new Date(packetTimeMs).toISOString()} is ${leadS} s ahead of ground time; kept as history, not as current values`,
  };
}
