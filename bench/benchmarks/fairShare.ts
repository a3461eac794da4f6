// The fair-share matrix the Partners view asks for (GET /api/fairshare) over 30 and 90 days on SQLite and
// PostgreSQL, against the 200 ms goal, with the sum over the per-second receptions (how it was answered before
// the hours) measured on the same data as the baseline. The receptions are written straight into the archive's
// tables rather than through commits of frames (90 days of frames would take the machine an hour to write);
// the commit path that keeps the hours is what test/ledger/receptionHours.test.ts checks.
//
// Volume: 6 spacecraft × 6 stations, each spacecraft 9 passes a day heard by 3 stations for 8 minutes, one
// reception row per station and second with 6 housekeeping packets (the simulator's 1 Hz rate): 162 station
// passes a day (~59,000 a year, the year of contact records), ~78,000 rows a day, 7 M in 90 days.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { RECEPTION_HOURS_MIGRATION } from '../../server/archive/postgres/receptionHours';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { ownersOf } from '../../server/ledger/book';
import { fairShareMatrix } from '../../server/ledger/fairShare';
import { DICTIONARY } from '../../server/mission/shipped';
import { latencyRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
import { encodedRecord } from '../../test/helpers/records';
import { benchSchema, dropSchema, findPostgres } from '../workloads/postgres';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const PASSES_PER_DAY = 9;
const STATIONS_PER_PASS = 3;
const PASS_S = 480;
const PACKETS_PER_S = 6;
/** The view's windows end now, never on the hour: both partial hours are read from the seconds. */
const END_OFFSET_MS = 17 * 60_000 + 23_456;

const SPACECRAFT = DICTIONARY.spacecraft.map((s) => s.id);
const STATIONS = DICTIONARY.stations.map((s) => s.id);

/** One reception row: spacecraft and station index, second, packets first brought. */
type Row = [sc: number, station: number, t: number, uniq: number];

/** A day of passes: spread over the day, each heard by three neighbouring stations, the first bringing all. */
function dayOfRows(day: number): Row[] {
  const rows: Row[] = [];
  for (let sc = 0; sc < SPACECRAFT.length; sc++) {
    for (let pass = 0; pass < PASSES_PER_DAY; pass++) {
      const startMs = T0 + day * DAY_MS + pass * (DAY_MS / PASSES_PER_DAY) + sc * 600_000 + 1000;
      for (let h = 0; h < STATIONS_PER_PASS; h++) {
        const station = (day + pass + sc + h) % STATIONS.length;
        for (let s = 0; s < PASS_S; s++)
          rows.push([sc, station, startMs + s * 1000, h === 0 ? PACKETS_PER_S : 0]);
      }
    }
  }
  return rows;
}

/** Names and (PostgreSQL) day partitions exist once a frame of every pair was committed each day. */
async function seed(store: Store, days: number): Promise<void> {
  for (let day = 0; day < days; day++) {
    const frames = SPACECRAFT.flatMap((spacecraftId, i) =>
      STATIONS.map((stationId, j) =>
        encodedRecord({ spacecraftId, stationId, sequenceCount: i * 6 + j, timeMs: T0 + day * DAY_MS }),
      ),
    );
    await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
  }
}

interface Archive {
  name: string;
  matrix(from: number, to: number): Promise<void>;
  /** The sum over the seconds alone, as contact totals were read before the hours. */
  seconds(from: number, to: number): Promise<void>;
}

async function timed(work: () => Promise<void>, repeats: number): Promise<number[]> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function rowsFor(archive: Archive, days: number, windows: number[], log: (m: string) => void) {
  const rows: ResultRow[] = [];
  const to = T0 + days * DAY_MS - END_OFFSET_MS;
  for (const windowDays of windows) {
    const from = to - windowDays * DAY_MS;
    const baseline = await timed(() => archive.seconds(from, to), 3);
    const samples = await timed(() => archive.matrix(from, to), 15);
    const sorted = [...baseline].sort((a, b) => a - b);
    log(`fairshare: ${archive.name} ${windowDays} days measured`);
    rows.push(
      latencyRow(
        {
          bench: 'fairshare',
          metric: `fair-share matrix, ${windowDays} days, ${archive.name}`,
          workload: `${days} days of receptions, 6 sc × 6 stations, ~78 k station-seconds a day, ${archive.name}`,
          unit: 'ms',
          target: { value: 200, better: 'lower', on: 'median' },
          baseline: { name: 'sum over the per-second receptions', median: sorted[1]! },
          note: 'hours of receptions plus the partial hours at both ends from the seconds, to the partner matrix',
        },
        samples,
      ),
    );
  }
  return rows;
}

const owners = ownersOf(DICTIONARY);
const matrixOf = (store: Store) => async (from: number, to: number) => {
  fairShareMatrix(await store.contactTotals(from, to), owners, { from, to });
};

async function onSqlite(days: number, windows: number[], log: (m: string) => void): Promise<ResultRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-bench-fairshare-'));
  const file = path.join(dir, 'ortaq.sqlite');
  const store = createSqliteStore({ file, synchronous: 'NORMAL' });
  const db = new Database(file);
  try {
    await seed(store, days);
    const id = (kind: string, name: string) =>
      (db.prepare('SELECT id FROM names WHERE kind = ? AND name = ?').get(kind, name) as { id: number }).id;
    const sc = SPACECRAFT.map((s) => id('spacecraft', s));
    const st = STATIONS.map((s) => id('station', s));
    // The archive's own triggers keep the hours as these rows go in.
    const insert = db.prepare(
      `INSERT OR IGNORE INTO receptions (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, NULL)`,
    );
    const fillDay = db.transaction((rows: Row[]) => {
      for (const [s, g, t, uniq] of rows) insert.run(sc[s], st[g], t, t, t, PACKETS_PER_S, uniq);
    });
    for (let day = 0; day < days; day++) fillDay(dayOfRows(day));
    log(`fairshare: SQLite filled ${days} days`);
    const seconds = db.prepare(
      `SELECT sc, station, COUNT(*) AS seconds, SUM(uniq) AS packets FROM receptions
       WHERE sc IN (SELECT id FROM names WHERE kind = 'spacecraft') AND t >= ? AND t < ? GROUP BY sc, station`,
    );
    return await rowsFor(
      {
        name: 'SQLite',
        matrix: matrixOf(store),
        seconds: (from, to) => Promise.resolve(void seconds.all(from, to)),
      },
      days,
      windows,
      log,
    );
  } finally {
    db.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(days: number, windows: number[], log: (m: string) => void): Promise<ResultRow[]> {
  const url = await findPostgres();
  if (!url) return [];
  const schema = benchSchema();
  const store = await createPostgresStore({ connectionString: url, schema });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seed(store, days);
    await client.query(`SET search_path TO ${schema}`);
    const { rows: names } = await client.query<{ id: number; kind: string; name: string }>(
      'SELECT id, kind, name FROM names',
    );
    const id = (kind: string, name: string) => names.find((n) => n.kind === kind && n.name === name)!.id;
    const sc = SPACECRAFT.map((s) => id('spacecraft', s));
    const st = STATIONS.map((s) => id('station', s));
    for (let day = 0; day < days; day++) {
      const rows = dayOfRows(day);
      await client.query(
        `INSERT INTO receptions (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
         SELECT sc, station, t, t, t, ${PACKETS_PER_S}, uniq, 0, 0, NULL
         FROM unnest($1::integer[], $2::integer[], $3::bigint[], $4::integer[]) AS r (sc, station, t, uniq)
         ON CONFLICT DO NOTHING`,
        [rows.map((r) => sc[r[0]]), rows.map((r) => st[r[1]]), rows.map((r) => r[2]), rows.map((r) => r[3])],
      );
    }
    // The hours as migration 9 builds them from the seconds an archive holds.
    await client.query('DELETE FROM reception_hours');
    await client.query(RECEPTION_HOURS_MIGRATION.slice(RECEPTION_HOURS_MIGRATION.indexOf('INSERT')));
    await client.query('ANALYZE');
    log(`fairshare: PostgreSQL filled ${days} days`);
    return await rowsFor(
      {
        name: 'PostgreSQL',
        matrix: matrixOf(store),
        seconds: async (from, to) => {
          await client.query(
            `SELECT sc, station, count(*)::integer AS seconds, sum(uniq)::integer AS packets FROM receptions
             WHERE t >= $1 AND t < $2 GROUP BY sc, station`,
            [from, to],
          );
        },
      },
      days,
      windows,
      log,
    );
  } finally {
    await client.end();
    await store.close();
    await dropSchema(url, schema);
  }
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const days = context.quick ? 31 : 91;
  const windows = context.quick ? [30] : [30, 90];
  return [...(await onSqlite(days, windows, context.log)), ...(await onPostgres(days, windows, context.log))];
}
