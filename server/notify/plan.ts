// Who hears of an alarm (pure): the owner's operations centre, and while the spacecraft is in contact also the
// partners whose stations hear it (they can act now), each only for spacecraft the agreement lets it see.
// Within a partner, its routing rules pick the channels (all of its channels when it has none), its rota adds
// whoever is on call now in the partner's own time zone, and its escalation level waits for an acknowledgement.
import type { PartnerId } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol/api';
import type { AlarmNotification, NotifySeverity, PartnerRouting } from '../../shared/protocol/notify';
import type { StoredChannel } from './store';

export type Contact = AlarmNotification['contact'];

export interface PlanInput {
  alarm: Alarm;
  /** Subsystem of the alarm's parameter (null for link alarms). */
  subsystem: string | null;
  owner: PartnerId;
  contact: Contact;
  nowMs: number;
  channels: readonly StoredChannel[];
  routing: ReadonlyMap<PartnerId, PartnerRouting>;
  timeZoneOf(partner: PartnerId): string;
  canSee(partner: PartnerId, spacecraftId: string): boolean;
}

export interface PlannedDelivery {
  channelId: string;
  /** 0 for now; the escalation delay for the next level. */
  delayMs: number;
  escalation: boolean;
}

const RANK: Record<NotifySeverity, number> = { yellow: 1, red: 2 };

export function planDeliveries(input: PlanInput): PlannedDelivery[] {
  const partners = new Set<PartnerId>([input.owner, ...input.contact.inContactWith.map((s) => s.partner)]);
  const now = new Map<string, PlannedDelivery>();
  const later = new Map<string, PlannedDelivery>();
  for (const partner of partners) {
    if (!input.canSee(partner, input.alarm.spacecraftId)) continue;
    const usable = new Map(
      input.channels
        .filter((c) => c.partner === partner && c.enabled && RANK[input.alarm.level] >= RANK[c.minSeverity])
        .map((c) => [c.id, c]),
    );
    const routing = input.routing.get(partner);
    const picked = routing && routing.rules.length > 0 ? ruleChannels(routing, input) : [...usable.keys()];
    const onCall = routing ? onCallShifts(routing, input.timeZoneOf(partner), input.nowMs) : [];
    for (const id of [...picked, ...onCall.flatMap((s) => s.channelIds)]) {
      if (usable.has(id)) now.set(id, { channelId: id, delayMs: 0, escalation: false });
    }
    for (const id of routing?.escalation?.channelIds ?? []) {
      if (usable.has(id) && !now.has(id)) {
        later.set(id, { channelId: id, delayMs: routing!.escalation!.afterMs, escalation: true });
      }
    }
  }
  // Nothing to escalate from when no one heard of the alarm in the first place.
  return now.size === 0 ? [] : [...now.values(), ...later.values()];
}

function ruleChannels(routing: PartnerRouting, input: PlanInput): string[] {
  const { alarm } = input;
  const matches = (list: readonly string[], value: string | null) =>
    list.length === 0 || (value !== null && list.includes(value));
  return routing.rules
    .filter(
      (r) =>
        matches(r.severities, alarm.level) &&
        matches(r.spacecraftIds, alarm.spacecraftId) &&
        matches(r.subsystems, input.subsystem) &&
        matches(r.parameterIds, alarm.parameterId),
    )
    .flatMap((r) => r.channelIds);
}

/** Weekday (0 = Sunday) and minutes since midnight at `nowMs` in an IANA time zone. */
export function localTime(timeZone: string, nowMs: number): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(nowMs);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday'));
  return { day, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The rota shifts on call at `nowMs`; a shift past midnight belongs to the day it started. */
export function onCallShifts(
  routing: PartnerRouting,
  timeZone: string,
  nowMs: number,
): PartnerRouting['rota'] {
  const { day, minutes } = localTime(timeZone, nowMs);
  const yesterday = (day + 6) % 7;
  return routing.rota.filter((shift) => {
    const start = minutesOf(shift.start);
    const end = minutesOf(shift.end);
    if (end > start) return shift.days.includes(day) && minutes >= start && minutes < end;
    return (
      (shift.days.includes(day) && minutes >= start) || (shift.days.includes(yesterday) && minutes < end)
    );
  });
}
