// The fleet part carries changed summaries only, as their changed fields, with per-frame readings paced:
// whatever it holds back or leaves out, a dashboard that merges every fleet part into its snapshot (the
// server's buffers and the client's store alike) must end with exactly the server's summaries, and one that
// missed parts or merged onto a stale summary must hold them again within LIVE_REFRESH_MS.
import { beforeEach, describe, expect, it } from 'vitest';
import { ortaqStore } from '../../client/store';
import { FLEET_DISPLAY_INTERVAL_MS, FleetPace, type FleetPart } from '../../server/live/fleetPace';
import { ClientBuffer } from '../../server/live/clientBuffer';
import type { FleetEntry } from '../../shared/protocol/api';
import { LIVE_REFRESH_MS } from '../../shared/protocol/live';
import { fleetEntry, T0, update } from '../fixtures/dashboard';
import { seedStore } from '../helpers/client';

const TICK_MS = 100;
const IDS = ['kazeosat-1', 'kazeosat-2', 'gokturk-1a', 'gokturk-2', 'imece', 'ortaq-1'];

/** A fleet whose readings change with every frame and whose status and health change now and then. */
class FlyingFleet {
  readonly entries = new Map(IDS.map((id) => [id, fleetEntry(id)]));
  private seed = 7;

  private random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  /** Frames arrive for some spacecraft; returns those processing marks changed. */
  fly(nowMs: number): string[] {
    const changed = IDS.filter(() => this.random() < 0.8);
    for (const id of changed) {
      const entry = this.entries.get(id)!;
      const next: FleetEntry = {
        ...entry,
        lastFrameMs: nowMs,
        socPercent: Math.round(this.random() * 1000) / 10,
        facts: { ...entry.facts, lastRealtimeMs: nowMs },
      };
      if (this.random() < 0.05) {
        next.status = next.status === 'nominal' ? 'warning' : 'nominal';
        next.facts = { ...next.facts, alarmLevel: next.status === 'warning' ? 'yellow' : 'nominal' };
      }
      if (this.random() < 0.05) next.subsystems = { ...next.subsystems, EPS: 'yellow' };
      if (this.random() < 0.05) next.stationsInContact = this.random() < 0.5 ? ['ankara'] : [];
      this.entries.set(id, next);
    }
    return changed;
  }
}

const partSize = (part: FleetPart) => part.whole.length + part.changes.length;

describe('fleet part pacing and changes', () => {
  let fleet: FlyingFleet;
  let pace: FleetPace;
  const entryOf = (id: string) => fleet.entries.get(id)!;
  const apply = (now: number, part: FleetPart) =>
    ortaqStore.getState().applyLiveUpdate(update(now, { fleet: part.whole, fleetChanges: part.changes }), 0);
  const byId = (entries: FleetEntry[]) => Object.fromEntries(entries.map((e) => [e.spacecraftId, e]));
  /** Ticks with nothing flying until what was held back has gone out; returns the time after them. */
  const drain = (from: number, sink: (now: number, part: FleetPart) => void) => {
    let now = from;
    for (let tick = 1; tick <= FLEET_DISPLAY_INTERVAL_MS / TICK_MS + 1; tick++) {
      now += TICK_MS;
      sink(now, pace.take([], now, entryOf));
    }
    return now;
  };

  beforeEach(() => {
    fleet = new FlyingFleet();
    pace = new FleetPace();
    seedStore({ fleet: false });
  });

  it('leaves a merging dashboard, server buffer and client store alike, with the full fleet', () => {
    // The hub's first tick sends every summary whole; a dashboard subscribing then starts from its snapshot.
    const first = pace.take(IDS, T0, entryOf);
    expect(first.whole).toEqual([...fleet.entries.values()]);
    const snapshot = [...fleet.entries.values()];
    ortaqStore.getState().applyLiveUpdate(update(T0, { snapshot: true, fleet: snapshot }), 0);
    const buffer = new ClientBuffer();
    buffer.addFleet(snapshot);
    let sentEntries = 0;
    let changeBytes = 0;
    let wholeBytes = 0;
    let now = T0;
    for (let tick = 1; tick <= 200; tick++) {
      now = T0 + tick * TICK_MS;
      const part = pace.take(fleet.fly(now), now, entryOf);
      sentEntries += partSize(part);
      changeBytes += JSON.stringify(part.changes).length;
      wholeBytes += JSON.stringify(part.changes.map((c) => entryOf(c.spacecraftId))).length;
      buffer.addFleet(part.whole);
      buffer.addFleetChanges(part.changes);
      apply(now, part);
    }
    // Nothing flies any more: what was held back goes out within one window.
    const wholeInDrain = new Set<string>();
    now = drain(now, (at, part) => {
      for (const entry of part.whole) wholeInDrain.add(entry.spacecraftId);
      buffer.addFleet(part.whole);
      buffer.addFleetChanges(part.changes);
      apply(at, part);
    });
    const full = Object.fromEntries(fleet.entries);
    expect(ortaqStore.getState().fleet).toEqual(full);
    const buffered = buffer.take(now);
    expect(buffered.fleetChanges).toBeUndefined();
    expect(byId(buffered.fleet!)).toEqual(full);
    // Far fewer summaries than the one per changed spacecraft per tick sent before pacing, and changes far
    // smaller than the whole summaries they stand for.
    expect(sentEntries).toBeLessThan(IDS.length * 200 * 0.3);
    expect(changeBytes).toBeLessThan(wholeBytes / 3);
    // Whole summaries of the spacecraft changed since their last one are due within LIVE_REFRESH_MS; after
    // them, an idle fleet is quiet.
    const refreshed = pace.take([], now + LIVE_REFRESH_MS, entryOf);
    expect(refreshed.changes).toEqual([]);
    expect(byId(refreshed.whole)).toEqual(
      Object.fromEntries(IDS.filter((id) => !wholeInDrain.has(id)).map((id) => [id, entryOf(id)])),
    );
    expect(pace.take([], now + 2 * LIVE_REFRESH_MS, entryOf)).toEqual({ whole: [], changes: [] });
  });

  it('brings a dashboard that missed ticks to the same fleet through its buffer', () => {
    pace.take(IDS, T0, entryOf);
    ortaqStore
      .getState()
      .applyLiveUpdate(update(T0, { snapshot: true, fleet: [...fleet.entries.values()] }), 0);
    let now = T0;
    // In step for a while, then behind: what it misses waits in its buffer, merged, and goes out in one update.
    const behind = new ClientBuffer();
    for (let tick = 1; tick <= 60; tick++) {
      now = T0 + tick * TICK_MS;
      const part = pace.take(fleet.fly(now), now, entryOf);
      if (tick <= 20) {
        apply(now, part);
        continue;
      }
      behind.addFleet(part.whole);
      behind.addFleetChanges(part.changes);
    }
    now = drain(now, (_, part) => {
      behind.addFleet(part.whole);
      behind.addFleetChanges(part.changes);
    });
    const caughtUp = behind.take(now);
    expect(caughtUp.fleetChanges!.length).toBeGreaterThan(0);
    ortaqStore.getState().applyLiveUpdate(caughtUp, 0);
    expect(ortaqStore.getState().fleet).toEqual(Object.fromEntries(fleet.entries));
  });

  it('sends a spacecraft the dashboard holds no summary of, or a stale one of, whole within the refresh time', () => {
    pace.take(IDS, T0, entryOf);
    // A dashboard whose snapshot lacks one spacecraft and holds another's summary from before a change it
    // never got (a snapshot taken between two ticks, a spacecraft it was not allowed to see).
    const [missing, stale] = ['imece', 'gokturk-2'];
    const snapshot = [...fleet.entries.values()].filter((e) => e.spacecraftId !== missing);
    ortaqStore.getState().applyLiveUpdate(update(T0, { snapshot: true, fleet: snapshot }), 0);
    const truth = entryOf(stale!);
    fleet.entries.set(stale!, { ...truth, adcsMode: 'SAFE' });
    pace.take([stale!], T0 + TICK_MS, entryOf);
    let now = T0 + TICK_MS;
    for (; now <= T0 + LIVE_REFRESH_MS + 2 * TICK_MS; now += TICK_MS) {
      apply(now, pace.take(fleet.fly(now), now, entryOf));
    }
    drain(now, apply);
    expect(ortaqStore.getState().fleet).toEqual(Object.fromEntries(fleet.entries));
  });

  it('sends a status change in the same tick, and new readings alone at most once per window', () => {
    const id = 'imece';
    expect(partSize(pace.take([id], T0, entryOf))).toBe(1);
    const sentAt: number[] = [];
    for (let tick = 1; tick <= 50; tick++) {
      const now = T0 + tick * TICK_MS;
      const entry = entryOf(id);
      fleet.entries.set(id, { ...entry, lastFrameMs: now, facts: { ...entry.facts, lastRealtimeMs: now } });
      const part = pace.take([id], now, entryOf);
      if (part.changes.length > 0) {
        sentAt.push(now);
        expect(part.changes).toEqual([
          { spacecraftId: id, lastFrameMs: now, facts: { lastRealtimeMs: now } },
        ]);
      }
    }
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(sentAt.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FLEET_DISPLAY_INTERVAL_MS);

    const now = T0 + 51 * TICK_MS;
    fleet.entries.set(id, { ...entryOf(id), status: 'critical' });
    // With it, whatever reading was still held back.
    expect(pace.take([id], now, entryOf)).toEqual({
      whole: [],
      changes: [expect.objectContaining({ spacecraftId: id, status: 'critical' })],
    });
    // Unchanged since: nothing to send however often processing marks it.
    expect(pace.take([id], now + TICK_MS, entryOf)).toEqual({ whole: [], changes: [] });
  });

  it('staggers the spacecraft so a fleet flying at once does not send every summary in one tick', () => {
    pace.take(IDS, T0, entryOf);
    const perTick: number[] = [];
    for (let tick = 1; tick <= 30; tick++) {
      const now = T0 + tick * TICK_MS;
      for (const id of IDS) fleet.entries.set(id, { ...entryOf(id), lastFrameMs: now });
      perTick.push(partSize(pace.take(IDS, now, entryOf)));
    }
    expect(perTick.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(IDS.length * 2);
    expect(Math.max(...perTick)).toBeLessThan(IDS.length);
  });

  it('staggers a fleet whose ids differ in a character or two', () => {
    const alike = Array.from({ length: 100 }, (_, i) => `ortaq-kz-${String(i + 1).padStart(2, '0')}`);
    const entries = new Map(alike.map((id) => [id, fleetEntry(id)]));
    const alikeEntry = (id: string) => entries.get(id)!;
    pace.take(alike, T0, alikeEntry);
    const perTick: number[] = [];
    for (let tick = 1; tick <= FLEET_DISPLAY_INTERVAL_MS / TICK_MS; tick++) {
      const now = T0 + tick * TICK_MS;
      for (const id of alike) entries.set(id, { ...alikeEntry(id), lastFrameMs: now });
      perTick.push(partSize(pace.take(alike, now, alikeEntry)));
    }
    // Every spacecraft's new reading goes out within the second, about a tenth of the fleet a tick.
    expect(perTick.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(alike.length);
    expect(Math.max(...perTick)).toBeLessThan(alike.length / 4);
  });

  it('sends a seeded fleet as changes, whole only at the first refresh after a change', () => {
    pace.seed(fleet.entries.values(), T0);
    // Marked long after the seed (a quiet fleet whose frames start): changes only, not the fleet whole.
    const start = T0 + 5 * LIVE_REFRESH_MS;
    const first = pace.take(fleet.fly(start), start, entryOf);
    expect(first.whole).toEqual([]);
    expect(first.changes.length).toBeGreaterThan(0);
    const marked = new Set(first.changes.map((c) => c.spacecraftId));
    let now = start;
    const wholeAt = new Map<string, number>();
    for (; now < start + LIVE_REFRESH_MS; now += TICK_MS) {
      for (const entry of pace.take([], now + TICK_MS, entryOf).whole) {
        wholeAt.set(entry.spacecraftId, now + TICK_MS);
      }
    }
    // Each marked spacecraft whole once within LIVE_REFRESH_MS, at its own moment; the others not at all.
    expect(new Set(wholeAt.keys())).toEqual(marked);
    expect(new Set(wholeAt.values()).size).toBeGreaterThan(1);
  });
});
