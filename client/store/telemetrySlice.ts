import { indexDictionary, type Dictionary, type DictionaryIndex } from '../../shared/dictionary';
import { applyFleetChange } from '../../shared/fleetChange';
import type {
  Alarm,
  FleetEntry,
  FleetEntryChange,
  LiveUpdate,
  StationStats,
  TelemetryEvent,
} from '../../shared/protocol';
import { SampleBuffers } from './sampleBuffers';
import type { ConnectionSlice } from './connectionSlice';
import type { SliceCreator } from './slice';

/** Newest events kept in the browser; older ones are read from the archive on demand. */
export const EVENT_CAPACITY = 500;

export interface TelemetrySlice {
  dictionary: DictionaryIndex | null;
  /** Fleet summary by spacecraft id; null until the first answer. */
  fleet: Record<string, FleetEntry> | null;
  alarms: Record<string, Alarm>;
  /** Newest first, at most EVENT_CAPACITY. */
  events: TelemetryEvent[];
  stations: Record<string, StationStats>;
  /** Live sample windows (outside React state, see SampleBuffers); the instance never changes. */
  samples: SampleBuffers;
  setDictionary: (dictionary: Dictionary) => void;
  setFleet: (fleet: FleetEntry[]) => void;
  mergeAlarms: (alarms: Alarm[], replace?: boolean) => void;
  mergeEvents: (events: TelemetryEvent[]) => void;
  mergeStations: (stations: StationStats[], replace?: boolean) => void;
  /** Applies one coalesced /live update (or the snapshot/catch-up answering a subscription). */
  applyLiveUpdate: (update: LiveUpdate, localMs: number) => void;
}

function byKey<T>(
  items: readonly T[],
  key: (item: T) => string,
  base: Record<string, T> = {},
): Record<string, T> {
  const out = { ...base };
  for (const item of items) out[key(item)] = item;
  return out;
}

/**
 * The fleet with changes applied to the summaries held; a change of a spacecraft without a summary here waits
 * for that spacecraft's next whole summary (the server sends one within LIVE_REFRESH_MS).
 */
function withChanges(fleet: Record<string, FleetEntry>, changes: readonly FleetEntryChange[]) {
  const out = { ...fleet };
  for (const change of changes) {
    const held = out[change.spacecraftId];
    if (held) out[change.spacecraftId] = applyFleetChange(held, change);
  }
  return out;
}

/** Merges events by id, newest first, bounded. */
export function mergeEventLists(current: readonly TelemetryEvent[], incoming: readonly TelemetryEvent[]) {
  const byId = new Map(current.map((e) => [e.id, e]));
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.timeMs - a.timeMs).slice(0, EVENT_CAPACITY);
}

export const createTelemetrySlice: SliceCreator<TelemetrySlice, ConnectionSlice> = (set, get) => ({
  dictionary: null,
  fleet: null,
  alarms: {},
  events: [],
  stations: {},
  samples: new SampleBuffers(),
  setDictionary: (dictionary) => set({ dictionary: indexDictionary(dictionary) }),
  setFleet: (fleet) => set({ fleet: byKey(fleet, (f) => f.spacecraftId) }),
  mergeAlarms: (alarms, replace = false) =>
    set((s) => ({ alarms: byKey(alarms, (a) => a.id, replace ? {} : s.alarms) })),
  mergeEvents: (events) => set((s) => ({ events: mergeEventLists(s.events, events) })),
  mergeStations: (stations, replace = false) =>
    set((s) => ({ stations: byKey(stations, (st) => st.stationId, replace ? {} : s.stations) })),
  applyLiveUpdate: (update, localMs) => {
    const state = get();
    state.noteServerTime(update.serverTimeMs, localMs);
    const replace = update.snapshot === true;
    if (update.fleet) {
      const base = replace ? {} : (state.fleet ?? {});
      set({ fleet: byKey(update.fleet, (f) => f.spacecraftId, base) });
    }
    const fleet = get().fleet;
    if (update.fleetChanges && fleet) set({ fleet: withChanges(fleet, update.fleetChanges) });
    if (update.alarms) state.mergeAlarms(update.alarms, replace);
    if (update.events) state.mergeEvents(update.events);
    if (update.stations) state.mergeStations(update.stations, replace);
    if (update.samples) state.samples.ingest(update.samples);
    if (update.dropped) state.noteDropped(update.dropped);
  },
});
