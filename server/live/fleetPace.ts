// Which spacecraft summaries a tick's fleet part carries, and how. Only changed ones, as their changed fields
// (shared/fleetChange.ts): every fleet subscriber starts from a full snapshot (the subscription reply) and
// merges each fleet part into it, and a client that falls behind accumulates the same parts in its buffer, so
// all of them hold the summaries last sent here. A change to what decides the picture (status, alarms,
// contacts, health, contact windows) goes out in the next tick; a change only to the per-frame readings on a
// tile (DISPLAY_ONLY) goes out at most once per FLEET_DISPLAY_INTERVAL_MS per spacecraft. Held-back readings
// are sent when their window rolls over even if nothing changes after them, so every dashboard converges on
// the server's summaries.
//
// A snapshot is taken between two ticks, so it may hold a summary newer than the one recorded here. Merging
// a change (the fields that differ from the record) onto it leaves every field as the server holds it except
// one that moved after the record and back before the change was taken (A → B → A: the dashboard keeps B).
// Any such move was marked by processing, and the first roll-over of the spacecraft's refresh window after a
// mark (within LIVE_REFRESH_MS, staggered over the fleet) sends it whole, which replaces whatever a dashboard
// held. That whole summary also reaches a dashboard holding none of the spacecraft, or a status line only
// (it was not allowed to see it before: the pace is the same for every audience); it ignores the changes
// until then. A spacecraft without a record (added to the mission since the seed) goes out whole at its
// first mark; an idle fleet sends nothing.
//
// The record starts from a seed: when a dashboard subscribes while none holds summaries, the hub records
// every summary as it stands as sent whole, in the same turn as that dashboard's snapshot, and drops the
// marks processing made before it (what they marked is in the seed and in every snapshot). Every later
// snapshot is then taken after the seed, as if between two ticks of a pace that had sent everything whole at
// the seed: the case above. So the first tick after a start carries the changes since the seed instead of
// every summary whole to every dashboard (100 spacecraft to 500 dashboards: ~41 MB in one tick). For the same
// reason a spacecraft changing after a quiet spell goes out as changes and whole only at the next roll-over:
// the first frames after a start, or of many passes beginning at once, do not send the whole fleet in one
// tick.
import { fleetChange } from '../../shared/fleetChange';
import type { FleetEntry } from '../../shared/protocol/api';
import { LIVE_REFRESH_MS, type FleetEntryChange } from '../../shared/protocol/live';
import { staggeredWindow } from './staggeredWindow';

/** How often a spacecraft's display-only readings may go out when nothing else of it changed. */
export const FLEET_DISPLAY_INTERVAL_MS = 1000;

/** What a tick's fleet part carries. */
export interface FleetPart {
  whole: FleetEntry[];
  changes: FleetEntryChange[];
}

interface Sent {
  entry: FleetEntry;
  /** The summary without its display-only readings. */
  decisive: string;
  display: string;
  sentMs: number;
}

/** The per-frame readings of a summary; status decided from them is decisive and goes out at once. */
function displayOnly(entry: FleetEntry): string {
  const { lastRealtimeMs, lastPlaybackMs } = entry.facts;
  return JSON.stringify([
    entry.lastFrameMs,
    entry.socPercent,
    entry.storageFillPercent,
    lastRealtimeMs,
    lastPlaybackMs,
  ]);
}

function decisive(entry: FleetEntry): string {
  return JSON.stringify({
    ...entry,
    lastFrameMs: null,
    socPercent: null,
    storageFillPercent: null,
    facts: { ...entry.facts, lastRealtimeMs: null, lastPlaybackMs: null },
  });
}

export class FleetPace {
  /** Bounded by the mission's spacecraft: one per spacecraft ever sent or seeded. */
  private readonly sent = new Map<string, Sent>();
  /** Spacecraft whose display-only readings changed and wait for their window. */
  private held = new Set<string>();
  /** Spacecraft marked changed since their last whole summary, with the tick that first took such a mark. */
  private readonly sinceWhole = new Map<string, number>();

  /**
   * Records `entries` as sent whole at `nowMs` to every holder of summaries, as a tick would have: the
   * holders are about to take their snapshots, and nobody holds anything older.
   */
  seed(entries: Iterable<FleetEntry>, nowMs: number): void {
    for (const entry of entries) this.sent.set(entry.spacecraftId, sentOf(entry, nowMs));
    this.held.clear();
    this.sinceWhole.clear();
  }

  /** The summaries to send this tick, from the spacecraft processing marked changed since the last one. */
  take(changed: Iterable<string>, nowMs: number, entryOf: (id: string) => FleetEntry): FleetPart {
    const candidates = this.held;
    for (const id of changed) {
      candidates.add(id);
      if (!this.sinceWhole.has(id)) this.sinceWhole.set(id, nowMs);
    }
    this.held = new Set();
    for (const id of this.sinceWhole.keys()) if (this.refreshDue(id, nowMs)) candidates.add(id);
    const part: FleetPart = { whole: [], changes: [] };
    for (const id of candidates) {
      const entry = entryOf(id);
      const last = this.sent.get(id);
      if (!last || this.refreshDue(id, nowMs)) {
        this.sent.set(id, sentOf(entry, nowMs));
        this.sinceWhole.delete(id);
        part.whole.push(entry);
        continue;
      }
      const current = sentOf(entry, nowMs);
      const due =
        last.decisive !== current.decisive ||
        (last.display !== current.display &&
          staggeredWindow(id, nowMs, FLEET_DISPLAY_INTERVAL_MS) !==
            staggeredWindow(id, last.sentMs, FLEET_DISPLAY_INTERVAL_MS));
      if (due) {
        const change = fleetChange(last.entry, entry);
        this.sent.set(id, current);
        if (change) part.changes.push(change);
      } else if (last.display !== current.display) this.held.add(id);
    }
    return part;
  }

  /** Whether the spacecraft's refresh window rolled over since the first mark after its last whole summary. */
  private refreshDue(id: string, nowMs: number): boolean {
    const markedMs = this.sinceWhole.get(id);
    return (
      markedMs !== undefined &&
      staggeredWindow(id, nowMs, LIVE_REFRESH_MS) !== staggeredWindow(id, markedMs, LIVE_REFRESH_MS)
    );
  }
}

function sentOf(entry: FleetEntry, nowMs: number): Sent {
  return { entry, decisive: decisive(entry), display: displayOnly(entry), sentMs: nowMs };
}
