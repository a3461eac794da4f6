// What of a payload a principal may receive, applied at the last step before the wire (REST bodies and
// /live updates), so no path that builds a payload can leak a denied spacecraft's telemetry. Fleet entries,
// passes and utilization of a spacecraft seen only at the agreement's `status` level are cut down to the
// status line (FLEET_STATUS_FIELDS); the field set is decided here, once, for REST and /live alike.
import type {
  Alarm,
  FleetEntry,
  Pass,
  TelemetryEvent,
  UtilizationResponse,
} from '../../../shared/protocol/api';
import { FLEET_STATUS_FIELDS } from '../../../shared/protocol/api';
import type { Principal, VisibilityLevel } from '../../../shared/protocol/auth';
import type { CapacityResponse } from '../../../shared/protocol/capacity';
import type { LimitLevel } from '../../../shared/protocol/status';
import type { FleetEntryChange, LiveSample, LiveUpdate } from '../../../shared/protocol/live';
import type { VisibilityPolicy } from '../agreement';

export interface PayloadFilter {
  /** The principal may see this spacecraft's telemetry. */
  sees(spacecraftId: string): boolean;
  fleet(entries: FleetEntry[]): FleetEntry[];
  fleetChanges(changes: FleetEntryChange[]): FleetEntryChange[];
  alarms(alarms: Alarm[]): Alarm[];
  events(events: TelemetryEvent[]): TelemetryEvent[];
  samples(samples: LiveSample[]): LiveSample[];
  passes(passes: Pass[]): Pass[];
  utilization(body: UtilizationResponse): UtilizationResponse;
  capacity(body: CapacityResponse): CapacityResponse;
  update(update: LiveUpdate): LiveUpdate;
}

/**
 * A fleet entry as a partner with `status` visibility receives it: the FLEET_STATUS_FIELDS, the rest null.
 * Built field by field, so a field added to FleetEntry must be decided on here before it compiles.
 */
export function statusLine(entry: FleetEntry): FleetEntry {
  return {
    spacecraftId: entry.spacecraftId,
    status: entry.status,
    lastFrameMs: entry.lastFrameMs,
    socPercent: entry.socPercent,
    adcsMode: entry.adcsMode,
    stationsInContact: entry.stationsInContact,
    stationsExpected: entry.stationsExpected,
    nextContact: entry.nextContact,
    // What the status is decided from, so the dashboard keeps it current; the alarm level only as far as the
    // status itself already shows it (a silent or stale spacecraft's alarms are not this partner's to see).
    facts: { ...entry.facts, alarmLevel: ALARM_LEVEL_SHOWN[entry.status] ?? 'nominal' },
    downlink: null,
    storageFillPercent: null,
    activeAlarms: null,
    subsystems: null,
  };
}

const ALARM_LEVEL_SHOWN: Partial<Record<FleetEntry['status'], LimitLevel>> = {
  warning: 'yellow',
  critical: 'red',
};

/**
 * A change of a summary as a `status` partner receives it: the FLEET_STATUS_FIELDS it changed, the alarm
 * level in its facts only with the status it follows from (as statusLine shows it); null when nothing of the
 * status line changed.
 */
export function statusLineChange(change: FleetEntryChange): FleetEntryChange | null {
  const out: Record<string, unknown> = { spacecraftId: change.spacecraftId };
  for (const field of FLEET_STATUS_FIELDS) {
    if (field !== 'spacecraftId' && field !== 'facts' && change[field] !== undefined)
      out[field] = change[field];
  }
  const { alarmLevel: _alarmLevel, ...facts } = change.facts ?? {};
  const shown = change.status && { ...facts, alarmLevel: ALARM_LEVEL_SHOWN[change.status] ?? 'nominal' };
  if (shown || Object.keys(facts).length > 0) out.facts = shown ?? facts;
  return Object.keys(out).length > 1 ? (out as FleetEntryChange) : null;
}

/** A pass of a spacecraft seen at `status` level: the prediction, without how it was heard. */
function predictionOnly({ reception: _reception, bytesDownlinked: _bytes, ...prediction }: Pass): Pass {
  return prediction;
}

export function payloadFilter(policy: VisibilityPolicy, principal: Principal): PayloadFilter {
  const sees = (spacecraftId: string, level: VisibilityLevel) =>
    policy.canSee(principal, spacecraftId, level);
  const filter: PayloadFilter = {
    sees: (spacecraftId) => sees(spacecraftId, 'telemetry'),
    fleet: (entries) =>
      entries.flatMap((e) => {
        if (sees(e.spacecraftId, 'telemetry')) return [e];
        return sees(e.spacecraftId, 'status') ? [statusLine(e)] : [];
      }),
    fleetChanges: (changes) =>
      changes.flatMap((c) => {
        if (sees(c.spacecraftId, 'telemetry')) return [c];
        const line = sees(c.spacecraftId, 'status') ? statusLineChange(c) : null;
        return line ? [line] : [];
      }),
    alarms: (alarms) => alarms.filter((a) => sees(a.spacecraftId, 'telemetry')),
    // Ground events without a spacecraft (e.g. station notices) are for everyone.
    events: (events) => events.filter((e) => e.spacecraftId === null || sees(e.spacecraftId, 'telemetry')),
    samples: (samples) => samples.filter((s) => sees(s.spacecraftId, 'telemetry')),
    passes: (passes) =>
      passes.flatMap((p) => {
        if (sees(p.spacecraftId, 'telemetry')) return [p];
        return sees(p.spacecraftId, 'status') ? [predictionOnly(p)] : [];
      }),
    // Per-partner totals are the agreement's own accounting of shared station time: everyone's. What one
    // spacecraft delivered is its telemetry.
    utilization: (body) => ({
      ...body,
      spacecraft: body.spacecraft.filter((row) => sees(row.spacecraftId, 'telemetry')),
    }),
    // How much of its orbit a spacecraft imaged is its telemetry (its payload's events).
    capacity: (body) => ({
      ...body,
      spacecraft: body.spacecraft.filter((row) => sees(row.spacecraftId, 'telemetry')),
    }),
    update: (update) => {
      const out: LiveUpdate = { ...update };
      if (update.fleet) out.fleet = filter.fleet(update.fleet);
      if (update.fleetChanges) out.fleetChanges = filter.fleetChanges(update.fleetChanges);
      if (update.alarms) out.alarms = filter.alarms(update.alarms);
      if (update.events) out.events = filter.events(update.events);
      if (update.samples) out.samples = filter.samples(update.samples);
      return out;
    },
  };
  return filter;
}
