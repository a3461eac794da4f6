// What a notification says: the webhook body and the e-mail text, built from the alarm and the dictionary
// alone (pure), so the body decided before a crash is the body sent after it.
import { createHash } from 'node:crypto';
import type { DictionaryIndex, LimitBand } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import type { AlarmNotification } from '../../shared/protocol/notify';

export type NotifiedTransition = AlarmNotification['transition'];

export interface NotificationInput {
  alarm: Alarm;
  transition: NotifiedTransition;
  /** When the transition happened (packet time for telemetry alarms). */
  atMs: number;
  channelId: string;
  /** Base URL of the dashboard ("https://ortaq.example.org"); empty gives a path-only link. */
  publicUrl: string;
}

/** One key per (alarm transition, channel): every attempt to that channel carries the same one. */
export function idempotencyKey(alarmId: string, transition: string, atMs: number, channelId: string): string {
  const digest = createHash('sha256').update(`${alarmId}\u0000${transition}\u0000${atMs}\u0000${channelId}`);
  return `ntf_${digest.digest('hex').slice(0, 32)}`;
}

export function buildNotification(index: DictionaryIndex, input: NotificationInput): AlarmNotification {
  const { alarm } = input;
  return {
    idempotencyKey: idempotencyKey(alarm.id, input.transition, input.atMs, input.channelId),
    alarmId: alarm.id,
    spacecraftId: alarm.spacecraftId,
    parameterId: alarm.parameterId,
    kind: alarm.kind,
    severity: alarm.level,
    transition: input.transition,
    value: alarm.lastValue,
    limit: violatedLimit(index, alarm),
    raisedAtMs: input.atMs,
    raisedAt: new Date(input.atMs).toISOString(),
    state: alarm.active ? 'active' : 'cleared',
    playback: alarm.playback,
    link: `${input.publicUrl.replace(/\/+$/, '')}/alarms?alarm=${encodeURIComponent(alarm.id)}`,
  };
}

/** The limit the alarm's value crossed, from the context limits that applied when it was raised. */
function violatedLimit(index: DictionaryIndex, alarm: Alarm): AlarmNotification['limit'] {
  if (alarm.parameterId === null || !alarm.side) return null;
  if (alarm.side === 'state') return { side: 'state', value: null };
  const parameter = index.parameterById.get(alarm.parameterId);
  const limits =
    parameter?.contextLimits?.find((c) => c.label === alarm.context)?.limits ?? parameter?.limits;
  const band: LimitBand | undefined = limits?.[alarm.level];
  return { side: alarm.side, value: band?.[alarm.side] ?? null };
}

export interface EmailText {
  subject: string;
  text: string;
}

export function emailText(n: AlarmNotification): EmailText {
  const what = n.parameterId ?? `link (${n.kind})`;
  const value = n.value === null ? '' : ` = ${n.value}`;
  const limit = n.limit && n.limit.value !== null ? ` (${n.limit.side} limit ${n.limit.value})` : '';
  const lines = [
    `${n.severity.toUpperCase()} alarm ${n.transition} on ${n.spacecraftId}: ${what}${value}${limit}`,
    `Raised at ${n.raisedAt}${n.playback ? ' (recorded onboard, received later)' : ''}; now ${n.state}.`,
    '',
    `Open in Ortaq: ${n.link}`,
    '',
    `Alarm ${n.alarmId} · notification ${n.idempotencyKey}`,
  ];
  return {
    subject: `[Ortaq] ${n.severity.toUpperCase()} ${n.spacecraftId} ${what}${value}`,
    text: lines.join('\n'),
  };
}
