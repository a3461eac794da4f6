// What one dashboard has not been sent yet. Bounded: when a client falls behind, its oldest samples go and
// the next update says how many (the dashboard shows it), the way Open MCT reports buffer overflow.
import type { Alarm, FleetEntry, StationStats, TelemetryEvent } from '../../shared/protocol/api';
import { applyFleetChange, mergeFleetChanges } from '../../shared/fleetChange';
import type { FleetEntryChange, LiveSample, LiveUpdate } from '../../shared/protocol/live';

export const MAX_BUFFERED_SAMPLES = 20_000;
export const MAX_BUFFERED_EVENTS = 500;

export class ClientBuffer {
  private samples: LiveSample[] = [];
  private readonly fleet = new Map<string, FleetEntry>();
  /** Changes of summaries not held whole here; a spacecraft is in `fleet` or here, never in both. */
  private readonly fleetChanges = new Map<string, FleetEntryChange>();
  private readonly alarms = new Map<string, Alarm>();
  private events: TelemetryEvent[] = [];
  private stations: StationStats[] | null = null;
  private dropped = 0;

  addSamples(samples: readonly LiveSample[]): void {
    for (const sample of samples) this.samples.push(sample);
    const excess = this.samples.length - MAX_BUFFERED_SAMPLES;
    if (excess > 0) {
      this.samples = this.samples.slice(excess);
      this.dropped += excess;
    }
  }

  noteDropped(count: number): void {
    this.dropped += count;
  }

  addFleet(entries: readonly FleetEntry[]): void {
    for (const entry of entries) {
      this.fleet.set(entry.spacecraftId, entry);
      this.fleetChanges.delete(entry.spacecraftId);
    }
  }

  addFleetChanges(changes: readonly FleetEntryChange[]): void {
    for (const change of changes) {
      const id = change.spacecraftId;
      const whole = this.fleet.get(id);
      const earlier = this.fleetChanges.get(id);
      if (whole) this.fleet.set(id, applyFleetChange(whole, change));
      else this.fleetChanges.set(id, earlier ? mergeFleetChanges(earlier, change) : change);
    }
  }

  addAlarms(alarms: readonly Alarm[]): void {
    for (const alarm of alarms) this.alarms.set(alarm.id, alarm);
  }

  addEvents(events: readonly TelemetryEvent[]): void {
    this.events.push(...events);
    if (this.events.length > MAX_BUFFERED_EVENTS) this.events = this.events.slice(-MAX_BUFFERED_EVENTS);
  }

  setStations(stations: StationStats[]): void {
    this.stations = stations;
  }

  get isEmpty(): boolean {
    return (
      this.samples.length === 0 &&
      this.fleet.size === 0 &&
      this.fleetChanges.size === 0 &&
      this.alarms.size === 0 &&
      this.events.length === 0 &&
      this.stations === null &&
      this.dropped === 0
    );
  }

  /** Everything buffered as one update, and empties the buffer. */
  take(serverTimeMs: number): LiveUpdate {
    const update: LiveUpdate = { serverTimeMs };
    if (this.fleet.size > 0) update.fleet = [...this.fleet.values()];
    if (this.fleetChanges.size > 0) update.fleetChanges = [...this.fleetChanges.values()];
    if (this.samples.length > 0) update.samples = this.samples;
    if (this.alarms.size > 0) update.alarms = [...this.alarms.values()];
    if (this.events.length > 0) update.events = this.events;
    if (this.stations) update.stations = this.stations;
    if (this.dropped > 0) update.dropped = this.dropped;
    this.samples = [];
    this.fleet.clear();
    this.fleetChanges.clear();
    this.alarms.clear();
    this.events = [];
    this.stations = null;
    this.dropped = 0;
    return update;
  }

  clear(): void {
    this.take(0);
  }
}
