// What one coalescing tick sends, cut into the parts that many dashboards share. The fleet part (summaries,
// alarms, events, station statistics) is the same for every fleet subscriber of an audience; the spacecraft
// part (samples of the subscribed spacecraft, and their summaries for a client without the fleet) is the same
// for every subscriber of the same spacecraft and parameters. A client that fell behind gets both parts in
// its own buffer, through the same two functions, so a shared and a private update never differ in content.
import type { Alarm, FleetEntry, StationStats, TelemetryEvent } from '../../shared/protocol/api';
import type { FleetEntryChange, LiveSample } from '../../shared/protocol/live';
import type { ActiveSubscription } from './catchUp';
import type { ClientBuffer } from './clientBuffer';
import type { FleetPart } from './fleetPace';

/** Everything processing reported since the last tick, built once for every client. */
export interface TickChanges {
  fleet: FleetPart;
  /** The fleet part's summaries by spacecraft, whole or as changes, for clients without the fleet. */
  fleetById: Map<string, { whole: FleetEntry } | { change: FleetEntryChange }>;
  alarms: Alarm[];
  events: TelemetryEvent[];
  stations: StationStats[] | null;
  samples: ReadonlyMap<string, readonly LiveSample[]>;
  /** Samples processing dropped before the tick, by spacecraft (a flood between two ticks). */
  dropped: ReadonlyMap<string, number>;
}

export function fillFleetPart(buffer: ClientBuffer, changes: TickChanges): void {
  buffer.addFleet(changes.fleet.whole);
  buffer.addFleetChanges(changes.fleet.changes);
  buffer.addAlarms(changes.alarms);
  buffer.addEvents(changes.events);
  if (changes.stations) buffer.setStations(changes.stations);
}

export function fillSpacecraftPart(
  buffer: ClientBuffer,
  subscription: ActiveSubscription,
  changes: TickChanges,
): void {
  const wanted = subscription.parameters.length > 0 ? new Set(subscription.parameters) : null;
  for (const spacecraftId of new Set(subscription.spacecraft)) {
    // A fleet subscriber has this summary in its fleet part already.
    const entry = subscription.fleet ? undefined : changes.fleetById.get(spacecraftId);
    if (entry && 'whole' in entry) buffer.addFleet([entry.whole]);
    else if (entry) buffer.addFleetChanges([entry.change]);
    buffer.noteDropped(changes.dropped.get(spacecraftId) ?? 0);
    const pending = changes.samples.get(spacecraftId);
    if (!pending) continue;
    buffer.addSamples(wanted ? pending.filter((s) => wanted.has(s.parameterId)) : pending);
  }
}

export function fleetById(part: FleetPart): TickChanges['fleetById'] {
  const byId: TickChanges['fleetById'] = new Map();
  for (const whole of part.whole) byId.set(whole.spacecraftId, { whole });
  for (const change of part.changes) byId.set(change.spacecraftId, { change });
  return byId;
}
