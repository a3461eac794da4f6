// Archives in the layout of schema version 2 (frames keyed (sc, t, apid, seq), one samples row per parameter
// of every unique frame), written directly with SQL, so the migration to version 3 can be tested on data.
import Database from 'better-sqlite3';
import pg from 'pg';
import { RollupAccumulator, type RollupCell } from '../../server/archive/rollup';
import { MIGRATIONS } from '../../server/archive/postgres/schema';
import type { FrameRecord } from '../../server/archive/types';

/** Version 2 of the SQLite schema, as it shipped. */
const SQLITE_V2_SCHEMA = `
CREATE TABLE names (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (kind, name));
CREATE TABLE frames (
  sc INTEGER NOT NULL, t INTEGER NOT NULL, apid INTEGER NOT NULL, seq INTEGER NOT NULL,
  pb INTEGER NOT NULL, recv INTEGER NOT NULL, bytes BLOB NOT NULL,
  PRIMARY KEY (sc, t, apid, seq)
) WITHOUT ROWID;
CREATE INDEX frames_recv ON frames (recv);
CREATE TABLE receptions (
  station INTEGER NOT NULL, sc INTEGER NOT NULL, t INTEGER NOT NULL, ert INTEGER, snr REAL, uniq INTEGER NOT NULL
);
CREATE INDEX receptions_pass ON receptions (sc, station, t);
CREATE TABLE samples (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, pb INTEGER NOT NULL,
  PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE rollup_minute (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE rollup_10min (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE rollup_hour (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE alarms (
  id TEXT PRIMARY KEY, sc TEXT NOT NULL, open INTEGER NOT NULL, opened INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX alarms_open ON alarms (open, opened);
CREATE TABLE events (id TEXT PRIMARY KEY, sc TEXT, t INTEGER NOT NULL, severity TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX events_time ON events (t);
CREATE TABLE station_counters (
  station TEXT PRIMARY KEY, received INTEGER NOT NULL, uniq INTEGER NOT NULL, dups INTEGER NOT NULL,
  rejects TEXT NOT NULL, last_frame INTEGER, best_snr REAL
);
CREATE TABLE downlink (
  sc TEXT NOT NULL, station TEXT NOT NULL, t INTEGER NOT NULL, seconds REAL NOT NULL, bytes REAL NOT NULL,
  PRIMARY KEY (sc, station, t)
) WITHOUT ROWID;
PRAGMA user_version = 2;
`;

type Row = (number | boolean | Buffer | null)[];

interface V2Rows {
  names: [number, string, string][];
  frames: Row[];
  receptions: Row[];
  samples: Row[];
  rollups: Record<'rollup_minute' | 'rollup_10min' | 'rollup_hour', Row[]>;
}

/** The rows a version 2 archive held after committing these records in order. */
function v2Rows(records: readonly FrameRecord[]): V2Rows {
  const names: [number, string, string][] = [];
  const ids = new Map<string, number>();
  const idOf = (kind: string, name: string) => {
    const key = `${kind}:${name}`;
    if (!ids.has(key)) {
      ids.set(key, names.length + 1);
      names.push([names.length + 1, kind, name]);
    }
    return ids.get(key)!;
  };
  const frameKeys = new Set<string>();
  const sampleKeys = new Set<string>();
  const rows: V2Rows = {
    names,
    frames: [],
    receptions: [],
    samples: [],
    rollups: { rollup_minute: [], rollup_10min: [], rollup_hour: [] },
  };
  const rollups = new RollupAccumulator();
  for (const r of records) {
    const sc = idOf('spacecraft', r.spacecraftId);
    const key = `${sc}:${r.timeMs}:${r.apid}:${r.sequenceCount}`;
    const unique = !frameKeys.has(key);
    rows.receptions.push([idOf('station', r.stationId), sc, r.timeMs, r.ertMs, r.snrDb, unique]);
    if (!unique) continue;
    frameKeys.add(key);
    rows.frames.push([sc, r.timeMs, r.apid, r.sequenceCount, r.playback, r.receivedMs, Buffer.from(r.bytes)]);
    r.parameterIds.forEach((parameterId, i) => {
      const p = idOf('parameter', parameterId);
      if (sampleKeys.has(`${sc}:${p}:${r.timeMs}`)) return;
      sampleKeys.add(`${sc}:${p}:${r.timeMs}`);
      rows.samples.push([sc, p, r.timeMs, r.values[i]!, r.playback]);
      rollups.add(sc, p, r.timeMs, r.values[i]!);
    });
  }
  const cellRow = (c: RollupCell): Row => [c.spacecraft, c.parameter, c.timeMs, c.count, c.sum, c.min, c.max];
  rows.rollups.rollup_minute = [...rollups.minutes()].map(cellRow);
  rows.rollups.rollup_10min = rollups.tenMinutes().map(cellRow);
  rows.rollups.rollup_hour = rollups.hours().map(cellRow);
  return rows;
}

const COLUMNS = {
  frames: ['sc', 't', 'apid', 'seq', 'pb', 'recv', 'bytes'],
  receptions: ['station', 'sc', 't', 'ert', 'snr', 'uniq'],
  samples: ['sc', 'p', 't', 'v', 'pb'],
  rollup: ['sc', 'p', 't', 'n', 'sum', 'min', 'max'],
};

/** A version 2 SQLite archive file holding these records. */
export function writeSqliteV2(file: string, records: readonly FrameRecord[]): void {
  const rows = v2Rows(records);
  const db = new Database(file);
  const insert = (table: string, columns: string[], values: Row[]) => {
    const statement = db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    // SQLite stores booleans as 0/1.
    for (const row of values) statement.run(row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
  };
  db.transaction(() => {
    db.exec(SQLITE_V2_SCHEMA);
    insert('names', ['id', 'kind', 'name'], rows.names as unknown as Row[]);
    insert('frames', COLUMNS.frames, rows.frames);
    insert('receptions', COLUMNS.receptions, rows.receptions);
    insert('samples', COLUMNS.samples, rows.samples);
    for (const [table, cells] of Object.entries(rows.rollups)) insert(table, COLUMNS.rollup, cells);
  })();
  db.close();
}

const DAY_MS = 86_400_000;

/** A version 2 PostgreSQL archive in `schema` holding these records, with its day partitions. */
export async function writePostgresV2(
  url: string,
  schema: string,
  records: readonly FrameRecord[],
): Promise<void> {
  const rows = v2Rows(records);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  // Multi-row VALUES in chunks: one statement per row would make the setup the slowest part of the test.
  const insert = async (table: string, columns: string[], values: Row[]) => {
    for (let at = 0; at < values.length; at += 500) {
      const chunk = values.slice(at, at + 500);
      const tuples = chunk.map(
        (_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        chunk.flat(),
      );
    }
  };
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    for (const migration of MIGRATIONS.filter((m) => m.version <= 2)) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
    }
    const days = new Set(records.map((r) => Math.floor(r.timeMs / DAY_MS)));
    for (const day of days) {
      for (const table of ['frames', 'receptions', 'samples']) {
        await client.query(
          `CREATE TABLE ${table}_d${day} PARTITION OF ${table} FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`,
        );
      }
    }
    await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3)', [
      'names',
      'id',
      rows.names.length,
    ]);
    await insert('names', ['id', 'kind', 'name'], rows.names as unknown as Row[]);
    await insert('frames', COLUMNS.frames, rows.frames);
    await insert('receptions', COLUMNS.receptions, rows.receptions);
    await insert('samples', COLUMNS.samples, rows.samples);
    for (const [table, cells] of Object.entries(rows.rollups)) await insert(table, COLUMNS.rollup, cells);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
