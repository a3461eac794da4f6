// What of a payload a principal may receive, applied at the last step before the wire (REST bodies and
// /live updates), so no path that builds a payload can leak a denied spacecraft's telemetry.
import type { Alarm, FleetEntry, TelemetryEvent } from '../../../shared/protocol/api';
import type { Principal } from '../../../shared/protocol/auth';
import type { LiveSample, LiveUpdate } from '../../../shared/protocol/live';
import type { VisibilityPolicy } from '../agreement';

export interface PayloadFilter {
  /** The principal may see this spacecraft's telemetry. */
  sees(spacecraftId: string): boolean;
  fleet(entries: FleetEntry[]): FleetEntry[];
  alarms(alarms: Alarm[]): Alarm[];
  events(events: TelemetryEvent[]): TelemetryEvent[];
  samples(samples: LiveSample[]): LiveSample[];
  update(update: LiveUpdate): LiveUpdate;
}

const NO_ALARMS: FleetEntry['activeAlarms'] = { yellow: 0, red: 0, unacknowledged: 0 };

/**
 * A fleet line shared at status level keeps its status but not its alarm counts: the partner cannot list
 * those alarms, so a wall or badge counting them would say what the Alarms page cannot show.
 */
function statusOnly(entry: FleetEntry): FleetEntry {
  return { ...entry, activeAlarms: NO_ALARMS };
}

export function payloadFilter(policy: VisibilityPolicy, principal: Principal): PayloadFilter {
  const sees = (spacecraftId: string, level: 'status' | 'telemetry') =>
    policy.canSee(principal, spacecraftId, level);
  const filter: PayloadFilter = {
    sees: (spacecraftId) => sees(spacecraftId, 'telemetry'),
    fleet: (entries) =>
      entries
        .filter((e) => sees(e.spacecraftId, 'status'))
        .map((e) => (sees(e.spacecraftId, 'telemetry') ? e : statusOnly(e))),
    alarms: (alarms) => alarms.filter((a) => sees(a.spacecraftId, 'telemetry')),
    // Ground events without a spacecraft (e.g. station notices) are for everyone.
    events: (events) => events.filter((e) => e.spacecraftId === null || sees(e.spacecraftId, 'telemetry')),
    samples: (samples) => samples.filter((s) => sees(s.spacecraftId, 'telemetry')),
    update: (update) => {
      const out: LiveUpdate = { ...update };
      if (update.fleet) out.fleet = filter.fleet(update.fleet);
      if (update.alarms) out.alarms = filter.alarms(update.alarms);
      if (update.events) out.events = filter.events(update.events);
      if (update.samples) out.samples = filter.samples(update.samples);
      return out;
    },
  };
  return filter;
}
