// Schema version 3 (frames re-keyed by APID, no samples table) on an archive written by version 2: after the
// migration, history, latest values, frames and receptions answer exactly what an archive written by version 3
// from the same frames answers, and de-duplication still holds against the old frames.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, HistoryQuery, Store } from '../../server/archive/types';
import { DICTIONARY } from '../../server/mission/shipped';
import { packetParameters } from '../../shared/dictionary/derived';
import { writePostgresV2, writeSqliteV2 } from '../helpers/archiveV2';
import { encodedRecord, valueOf } from '../helpers/records';
import { dropSchema, POSTGRES_URL, uniqueSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 6);
const HOUR_MS = 3_600_000;

/** Three hours of EPS every 10 s (a third also heard at Ankara), a dump from before, and an hour of ADCS. */
function dataset(): FrameRecord[] {
  const records: FrameRecord[] = [];
  for (let i = 0; i < 1080; i++) {
    const eps = {
      sequenceCount: i,
      timeMs: T0 + i * 10_000,
      values: { 'eps.batt_voltage': 30 + Math.sin(i / 40) * 2, 'eps.batt_soc': 80 - i / 100 },
    };
    records.push(encodedRecord(eps));
    if (i % 3 === 0) records.push(encodedRecord({ ...eps, stationId: 'ankara', snrDb: 4 }));
  }
  for (let i = 0; i < 20; i++) {
    records.push(
      encodedRecord({
        sequenceCount: 2000 + i,
        timeMs: T0 - HOUR_MS + i * 30_000,
        receivedMs: T0,
        playback: true,
        values: { 'eps.batt_voltage': 28 + i / 10 },
      }),
    );
  }
  for (let i = 0; i < 360; i++) {
    records.push(
      encodedRecord({
        spacecraftId: 'kazeosat-2',
        apid: 0x020,
        sequenceCount: i,
        timeMs: T0 + i * 10_000,
        values: { 'adcs.rate_x': Math.cos(i / 30) },
      }),
    );
  }
  return records;
}

const WINDOWS: Omit<HistoryQuery, 'spacecraftId' | 'parameterId'>[] = [
  { fromMs: T0 - HOUR_MS, toMs: T0 + 600_000, maxPoints: 1000 }, // raw, with the dump
  { fromMs: T0, toMs: T0 + 3 * HOUR_MS, maxPoints: 500 }, // 21.6 s buckets from the frames
  { fromMs: T0, toMs: T0 + 3 * HOUR_MS, maxPoints: 100 }, // minute rollup
  { fromMs: T0 - HOUR_MS, toMs: T0 + 3 * HOUR_MS, maxPoints: 4 }, // hour rollup
];

/** Everything the archive answers about the dataset. */
async function answers(store: Store) {
  const history = [];
  for (const window of WINDOWS) {
    for (const [spacecraftId, parameterId] of [
      ['kazeosat-1', 'eps.batt_voltage'],
      ['kazeosat-1', 'eps.batt_soc'],
      ['kazeosat-2', 'adcs.rate_x'],
    ] as const) {
      history.push(await store.history({ ...window, spacecraftId, parameterId }));
    }
  }
  const latest = (await store.latestValues()).sort(
    (a, b) => a.spacecraftId.localeCompare(b.spacecraftId) || a.parameterId.localeCompare(b.parameterId),
  );
  const frames = await store.frames({
    spacecraftId: 'kazeosat-1',
    fromMs: T0,
    toMs: T0 + HOUR_MS,
    limit: 50,
  });
  const since = await store.framesReceivedSince({
    spacecraftIds: ['kazeosat-2'],
    afterReceivedMs: T0 + HOUR_MS - 60_000,
    limit: 100,
  });
  const receptions = await store.receptions({
    spacecraftId: 'kazeosat-1',
    stationId: 'ankara',
    fromMs: T0,
    toMs: T0 + HOUR_MS,
  });
  return { history, latest, frames, since, receptions };
}

interface Archive {
  /** Opens the version 2 archive with the current code, which migrates it. */
  migrated(records: readonly FrameRecord[]): Promise<Store>;
  /** An empty archive of the current version. */
  fresh(): Promise<Store>;
}

const cleanups: (() => Promise<void> | void)[] = [];

const sqlite: Archive = {
  migrated: (records) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-migrate-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'ortaq.sqlite');
    writeSqliteV2(file, records);
    return Promise.resolve(createSqliteStore({ file, synchronous: 'NORMAL' }));
  },
  fresh: () => Promise.resolve(createSqliteStore({ file: ':memory:', synchronous: 'NORMAL' })),
};

function postgres(url: string): Archive {
  const open = (schema: string) => {
    cleanups.push(() => dropSchema(url, schema));
    return createPostgresStore({ connectionString: url, schema, maxConnections: 2 });
  };
  return {
    migrated: async (records) => {
      const schema = uniqueSchema();
      await writePostgresV2(url, schema, records);
      return open(schema);
    },
    fresh: () => open(uniqueSchema()),
  };
}

const ARCHIVES: [string, Archive][] = POSTGRES_URL
  ? [
      ['sqlite', sqlite],
      ['postgres', postgres(POSTGRES_URL)],
    ]
  : [['sqlite', sqlite]];

describe.each(ARCHIVES)('migration of a version 2 archive: %s', (_name, archive) => {
  const stores: Store[] = [];

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('answers as an archive written by the current version, and keeps de-duplicating', async () => {
    const records = dataset();
    const migrated = await archive.migrated(records);
    const fresh = await archive.fresh();
    stores.push(migrated, fresh);
    await fresh.commit({ frames: records, alarms: [], events: [], stations: [], downlink: [] });

    const got = await answers(migrated);
    expect(got).toEqual(await answers(fresh));
    // And those answers are the data: the raw window holds the dump and the first ten minutes, flagged.
    const raw = got.history[0]!;
    expect(raw.downsampled).toBe(false);
    const inWindow = records
      .filter((r) => r.stationId === 'astana' && r.apid === 0x010 && r.timeMs <= T0 + 600_000)
      .sort((a, b) => a.timeMs - b.timeMs);
    expect(raw.points.map((p) => [p.t, p.v, p.playback ?? false])).toEqual(
      inWindow.map((r) => [r.timeMs, valueOf(r, 'eps.batt_voltage'), r.playback]),
    );
    // Buckets from the frames (kazeosat-1) and from each rollup tier.
    for (const series of [got.history[3], got.history[6], got.history[9]]) {
      expect(series).toMatchObject({ downsampled: true });
      expect(series!.points.length).toBeGreaterThan(0);
    }
    // Measured and derived parameters alike have a latest value.
    const parameters = (apid: number) =>
      packetParameters(DICTIONARY.packets.find((p) => p.apid === apid)!).length;
    expect(got.latest).toHaveLength(parameters(0x010) + parameters(0x020));

    const again = encodedRecord({ sequenceCount: 5, timeMs: T0 + 50_000, stationId: 'baku' });
    // Two days on: a day with no partition yet on PostgreSQL, created next to the migrated ones.
    const next = encodedRecord({ sequenceCount: 1080, timeMs: T0 + 48 * HOUR_MS });
    const batch = { frames: [again, next], alarms: [], events: [], stations: [], downlink: [] };
    expect(await migrated.commit(batch)).toEqual([false, true]);
    expect(
      await migrated.frames({ fromMs: T0 - HOUR_MS, toMs: T0 + 48 * HOUR_MS, limit: 10_000 }),
    ).toHaveLength(1080 + 20 + 360 + 1);
  });
});
