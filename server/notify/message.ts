// What a notification says: the webhook body and the e-mail text, built from the alarm and the dictionary
// alone (pure), so the body decided before a crash is the body sent after it.
import { createHash } from 'node:crypto';
import type { DictionaryIndex, LimitBand } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import type { AlarmNotification } from '../../shared/protocol/notify';

export type NotifiedTransition = AlarmNotification['transition'];

/** Path of the one-time acknowledgement links (outside /api: the recipient may have no session). */
export const ACK_PATH = '/ack/';

export interface NotificationInput {
  alarm: Alarm;
  transition: NotifiedTransition;
  /** When the transition happened (packet time for telemetry alarms). */
  atMs: number;
  channelId: string;
  /** Base URL of the dashboard ("https://ortaq.example.org"); empty gives a path-only link. */
  publicUrl: string;
  escalation: boolean;
  contact: AlarmNotification['contact'];
  /** The one-time acknowledgement token of this notification, if one was issued. */
  ackToken: string | null;
}

/** One key per (alarm transition, channel): every attempt to that channel carries the same one. */
export function idempotencyKey(alarmId: string, transition: string, atMs: number, channelId: string): string {
  const digest = createHash('sha256').update(`${alarmId}\u0000${transition}\u0000${atMs}\u0000${channelId}`);
  return `ntf_${digest.digest('hex').slice(0, 32)}`;
}

export function buildNotification(index: DictionaryIndex, input: NotificationInput): AlarmNotification {
  const { alarm } = input;
  const base = input.publicUrl.replace(/\/+$/, '');
  const step = input.escalation ? `${input.transition}+escalation` : input.transition;
  return {
    idempotencyKey: idempotencyKey(alarm.id, step, input.atMs, input.channelId),
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
    link: `${base}/alarms?alarm=${encodeURIComponent(alarm.id)}`,
    escalation: input.escalation,
    contact: input.contact,
    ackLink: input.ackToken === null ? null : `${base}${ACK_PATH}${input.ackToken}`,
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
    `${n.escalation ? 'ESCALATED, still unacknowledged: ' : ''}${n.severity.toUpperCase()} alarm ${n.transition} on ${n.spacecraftId}: ${what}${value}${limit}`,
    `Raised at ${n.raisedAt}${n.playback ? ' (recorded onboard, received later)' : ''}; now ${n.state}.`,
    contactLine(n.contact),
    '',
    `Open in Ortaq: ${n.link}`,
    ...(n.ackLink ? [`Acknowledge (one use): ${n.ackLink}`] : []),
    '',
    `Alarm ${n.alarmId} · notification ${n.idempotencyKey}`,
  ];
  return {
    subject: `[Ortaq] ${n.escalation ? 'ESCALATED ' : ''}${n.severity.toUpperCase()} ${n.spacecraftId} ${what}${value}`,
    text: lines.join('\n'),
  };
}

function contactLine(contact: AlarmNotification['contact']): string {
  if (contact.inContactWith.length > 0) {
    return `In contact now with ${contact.inContactWith.map((s) => `${s.stationId} (${s.partner})`).join(', ')}.`;
  }
  if (!contact.next) return 'No contact predicted in the next day.';
  return `Out of contact; next contact ${contact.next.aos} at ${contact.next.stationId} (${contact.next.partner}).`;
}
