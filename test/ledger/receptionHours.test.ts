// Fair share's totals come from receptions per hour plus the seconds of the partial hours at a window's ends:
// on both archives they must equal what the seconds alone say, for any window, after seconds merged across
// commits, after pruning, and (SQLite) in an archive written before the hours existed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { ContactTotal, FrameRecord, Store } from '../../server/archive/types';
import { RECEPTION_HOUR_MS, splitByHour } from '../../server/archive/receptionHours';
import { encodedRecord } from '../helpers/records';
import { RAW_ARCHIVES, type RawArchive } from '../helpers/rawArchive';

const HOUR = RECEPTION_HOUR_MS;
const T0 = Date.UTC(2026, 10, 3);
const STATIONS = ['astana', 'ankara', 'baku'];
const SPACECRAFT = ['kazeosat-1', 'gokturk-2'];

/**
 * Three hours of frames, two a second for a while around each half hour, each heard first by one station
 * and again by the next one; a few seconds get a second frame in a later commit (the second merges).
 */
function frames(): FrameRecord[][] {
  const first: FrameRecord[] = [];
  const later: FrameRecord[] = [];
  let sequence = 0;
  for (let h = 0; h < 3; h++) {
    for (let s = -100; s < 100; s++) {
      const spacecraftId = SPACECRAFT[(h + (s & 1)) % 2]!;
      const timeMs = T0 + h * HOUR + HOUR / 2 + s * 1000 + (s & 3) * 100;
      const heardBy = STATIONS[(h + Math.abs(s)) % 3]!;
      const also = STATIONS[(h + Math.abs(s) + 1) % 3]!;
      const record = (stationId: string, seq: number, t: number) =>
        encodedRecord({ spacecraftId, stationId, sequenceCount: seq & 0x3fff, timeMs: t });
      const seq = sequence++;
      first.push(record(heardBy, seq, timeMs));
      if (s % 3 === 0) first.push(record(also, seq, timeMs));
      if (s % 7 === 0) later.push(record(heardBy, sequence++, timeMs + 400));
    }
  }
  // Seconds on either side of the hours: half past the last one and just before T0.
  first.push(encodedRecord({ sequenceCount: 9000, timeMs: T0 - 1500, stationId: 'baku' }));
  return [first, later];
}

/** What the seconds say, computed here from the frames: distinct seconds heard and packets first brought. */
function expected(all: FrameRecord[], fromMs: number, toMs: number): ContactTotal[] {
  const seconds = new Map<string, Set<number>>();
  const packets = new Map<string, number>();
  const seen = new Set<string>();
  for (const f of all) {
    if (f.timeMs < Math.floor(fromMs / 1000) * 1000 || f.timeMs >= toMs) continue;
    const second = Math.floor(f.timeMs / 1000) * 1000;
    if (second < fromMs) continue;
    const pair = `${f.spacecraftId}|${f.stationId}`;
    if (!seconds.has(pair)) seconds.set(pair, new Set());
    seconds.get(pair)!.add(second);
    const key = `${f.spacecraftId}|${f.apid}|${f.timeMs}|${f.sequenceCount}`;
    const isNew = !seen.has(key);
    seen.add(key);
    packets.set(pair, (packets.get(pair) ?? 0) + (isNew ? 1 : 0));
  }
  return sorted(
    [...seconds].map(([pair, s]) => {
      const [spacecraftId, stationId] = pair.split('|') as [string, string];
      return { spacecraftId, stationId, seconds: s.size, packets: packets.get(pair)! };
    }),
  );
}

const sorted = (totals: ContactTotal[]) =>
  [...totals].sort((a, b) =>
    `${a.spacecraftId}|${a.stationId}`.localeCompare(`${b.spacecraftId}|${b.stationId}`),
  );

async function commit(store: Store, batch: FrameRecord[]): Promise<void> {
  await store.commit({ frames: batch, alarms: [], events: [], stations: [], downlink: [] });
}

const WINDOWS: [string, number, number][] = [
  ['whole hours', T0, T0 + 3 * HOUR],
  ['partial hours at both ends', T0 + HOUR / 2 + 17_300, T0 + 2 * HOUR + HOUR / 2 - 41_000],
  ['inside one hour', T0 + HOUR + HOUR / 2 - 50_000, T0 + HOUR + HOUR / 2 + 20_000],
  ['across one hour boundary', T0 + HOUR - 30_000, T0 + HOUR + HOUR / 2 + 10_000],
  ['wider than the data', T0 - 5 * HOUR, T0 + 30 * HOUR],
  ['empty', T0 + HOUR, T0 + HOUR],
];

describe('splitting a window by hour', () => {
  it('covers the window exactly once, whole hours in the middle', () => {
    for (const [, from, to] of WINDOWS) {
      const { head, hours, tail } = splitByHour(from, to);
      expect(head.fromMs).toBe(from);
      expect(head.toMs).toBe(hours.fromMs);
      expect(hours.toMs).toBe(tail.fromMs);
      expect(tail.toMs).toBe(Math.max(from, to));
      expect(hours.fromMs % HOUR === 0 || hours.fromMs === hours.toMs).toBe(true);
      expect(hours.toMs % HOUR === 0 || hours.fromMs === hours.toMs).toBe(true);
    }
  });
});

describe.each(RAW_ARCHIVES)('contact totals from hours on $name', (factory) => {
  let raw: RawArchive;
  let all: FrameRecord[];
  beforeEach(async () => {
    raw = await factory.create();
    const [first, later] = frames();
    await commit(raw.store, first!);
    await commit(raw.store, later!);
    all = [...first!, ...later!];
  }, 60_000);
  afterEach(() => raw.dispose());

  it.each(WINDOWS)('equal what the seconds say: %s', async (_window, from, to) => {
    const want = expected(all, from, to);
    expect(sorted(await raw.store.contactTotals(from, to))).toEqual(want);
  });

  it('see a fixture of several pairs, seconds merged across commits and packets heard twice', () => {
    const want = expected(all, T0, T0 + 3 * HOUR);
    expect(want.length).toBeGreaterThan(4);
    const frameCount = all.filter((f) => f.timeMs >= T0).length;
    const packets = want.reduce((n, t) => n + t.packets, 0);
    const seconds = want.reduce((n, t) => n + t.seconds, 0);
    expect(packets).toBeLessThan(frameCount);
    expect(seconds).toBeLessThan(frameCount);
  });

  it('stay equal after the seconds before a cutoff in the middle of an hour are pruned', async () => {
    const cutoff = T0 + HOUR + HOUR / 2 + 3_500;
    await raw.store.pruneBefore(cutoff);
    const kept = all.filter((f) => f.timeMs >= cutoff);
    const total = sorted(await raw.store.contactTotals(T0 - HOUR, T0 + 4 * HOUR));
    expect(total).toEqual(expected(kept, T0 - HOUR, T0 + 4 * HOUR));
    expect(total.reduce((n, t) => n + t.packets, 0)).toBeGreaterThan(0);
  });
});

describe('an SQLite archive written before the hours', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-hours-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gets them from its seconds when opened', async () => {
    const file = path.join(dir, 'ortaq.sqlite');
    const [first, later] = frames();
    const before = createSqliteStore({ file, synchronous: 'NORMAL' });
    await commit(before, first!);
    await commit(before, later!);
    await before.close();
    // As schema version 8 left it: no hours.
    const db = new Database(file);
    db.exec(
      'DROP TABLE reception_hours; DROP TRIGGER reception_hours_add; DROP TRIGGER reception_hours_merge',
    );
    db.pragma('user_version = 8');
    db.close();
    const after = createSqliteStore({ file, synchronous: 'NORMAL' });
    try {
      const window: [number, number] = [T0, T0 + 3 * HOUR];
      expect(sorted(await after.contactTotals(...window))).toEqual(
        expected([...first!, ...later!], ...window),
      );
      // And keeps them from then on.
      const next = encodedRecord({ sequenceCount: 9001, timeMs: T0 + 2 * HOUR + 5_000, stationId: 'baku' });
      await commit(after, [next]);
      expect(sorted(await after.contactTotals(...window))).toEqual(
        expected([...first!, ...later!, next], ...window),
      );
    } finally {
      await after.close();
    }
  });
});
