// The fleet part carries the statistics of the stations that changed, and each station again once every
// LIVE_REFRESH_MS at a moment of its own: a dashboard merging them by station holds every station's
// statistics, and thirty stations never go out all in one tick.
import { describe, expect, it } from 'vitest';
import { StationChanges } from '../../server/live/stationChanges';
import type { StationStats } from '../../shared/protocol/api';
import { LIVE_REFRESH_MS } from '../../shared/protocol/live';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const TICK_MS = 100;

const stats = (stationId: string, framesReceived: number): StationStats => ({
  stationId,
  connected: true,
  framesReceived,
  uniqueFrames: framesReceived,
  duplicates: 0,
  rejects: {},
  lastFrameMs: null,
  bestSnrDb: null,
  spacecraftInView: [],
});

/** Thirty stations named as a network names them: ids that differ in a digit or two. */
const IDS = Array.from({ length: 30 }, (_, i) => `station-${String(i + 1).padStart(2, '0')}`);

describe('station statistics in the fleet part', () => {
  it('sends every station first, then a station in the tick its statistics change', () => {
    const changes = new StationChanges();
    expect(
      changes
        .take(
          IDS.map((id) => stats(id, 0)),
          T0,
        )
        ?.map((s) => s.stationId),
    ).toEqual(IDS);
    const held = new Map<string, StationStats>();
    for (let tick = 1; tick <= 3 * (LIVE_REFRESH_MS / TICK_MS); tick++) {
      const now = T0 + tick * TICK_MS;
      const current = IDS.map((id) => stats(id, id === 'station-07' ? tick : 0));
      const sent = changes.take(current, now) ?? [];
      expect(sent.map((s) => s.stationId)).toContain('station-07');
      for (const s of sent) held.set(s.stationId, s);
    }
    expect(held.get('station-07')).toEqual(stats('station-07', 3 * (LIVE_REFRESH_MS / TICK_MS)));
  });

  it('sends each unchanged station again once per refresh interval, spread over the ticks', () => {
    const changes = new StationChanges();
    const current = IDS.map((id) => stats(id, 5));
    changes.take(current, T0);
    const sends = new Map<string, number>();
    let mostInOneTick = 0;
    for (let now = T0 + TICK_MS; now <= T0 + LIVE_REFRESH_MS; now += TICK_MS) {
      const sent = changes.take(current, now) ?? [];
      mostInOneTick = Math.max(mostInOneTick, sent.length);
      for (const s of sent) sends.set(s.stationId, (sends.get(s.stationId) ?? 0) + 1);
    }
    expect(IDS.map((id) => sends.get(id) ?? 0)).toEqual(IDS.map(() => 1));
    expect(mostInOneTick).toBeLessThanOrEqual(IDS.length / 5);
  });

  it('sends nothing between two refreshes of a station that did not change', () => {
    const changes = new StationChanges();
    changes.take([stats('astana', 1)], T0);
    let sentAgain = 0;
    for (let now = T0 + TICK_MS; now < T0 + 3 * LIVE_REFRESH_MS; now += TICK_MS)
      if (changes.take([stats('astana', 1)], now)) sentAgain++;
    // Three intervals hold two or three of its roll-overs, depending on where its own moment falls.
    expect(sentAgain).toBeGreaterThanOrEqual(2);
    expect(sentAgain).toBeLessThanOrEqual(3);
  });
});
