// SQLite schema of the archive. Frames and rollups are WITHOUT ROWID tables keyed for time-range scans of one
// series; spacecraft, parameters and stations are small integers from the names table so the big tables stay
// narrow. There is no row per parameter: a parameter's raw history is read from the frames of its APIDs.
import type Database from 'better-sqlite3';
import { RECEPTION_CELL_MS } from '../receptionCells';
import { PENDING_ROLLUPS_TABLE } from './coarseRollups';
import { UNFLUSHED_MINUTES_TABLE } from './minuteRollups';
import { CONTACTS_TABLE } from './contacts';
import { FILL_CONTACT_DAYS } from './contactDays';
import { LINK_CELLS_TABLE } from './linkCells';
import { FILL_RECEPTION_HOURS, RECEPTION_HOURS_TABLE } from './receptionHours';

export const SCHEMA_VERSION = 13;

// The de-duplication key (a packet heard by several stations is one row), ordered so that the frames of one
// spacecraft and APID, which hold a parameter's raw history (or its share, when packets of several APIDs
// carry it), are one range of the table in time order.
const FRAMES_TABLE = (name: string) => `CREATE TABLE IF NOT EXISTS ${name} (
  sc INTEGER NOT NULL, apid INTEGER NOT NULL, t INTEGER NOT NULL, seq INTEGER NOT NULL,
  pb INTEGER NOT NULL, recv INTEGER NOT NULL, bytes BLOB NOT NULL, station INTEGER,
  PRIMARY KEY (sc, apid, t, seq)
) WITHOUT ROWID;`;

// Frames heard per spacecraft, station and second of packet time (server/archive/receptionCells.ts).
const RECEPTIONS_TABLE = (name: string) => `CREATE TABLE IF NOT EXISTS ${name} (
  sc INTEGER NOT NULL, station INTEGER NOT NULL, t INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
  n INTEGER NOT NULL, uniq INTEGER NOT NULL, snr_sum REAL NOT NULL, snr_n INTEGER NOT NULL, snr_max REAL,
  PRIMARY KEY (sc, station, t)
) WITHOUT ROWID;`;

// Version 6: every station's reception of every packet, keyed like the packet then the station, so the
// packet heard by two stations is one frame and two receptions. The frame the station had it from is its
// virtual channel (vc) and virtual channel frame count (fc). Written in the commit that archives the packet.
const PACKET_RECEPTIONS_TABLE = `CREATE TABLE IF NOT EXISTS packet_receptions (
  sc INTEGER NOT NULL, t INTEGER NOT NULL, apid INTEGER NOT NULL, seq INTEGER NOT NULL, station INTEGER NOT NULL,
  recv INTEGER NOT NULL, ert INTEGER, snr REAL, vc INTEGER, fc INTEGER,
  PRIMARY KEY (sc, t, apid, seq, station)
) WITHOUT ROWID;`;

// Version 8: packet reassembly kept from a clean stop to the next start (server/ingest/reassemblyState.ts).
const REASSEMBLY_TABLE = `CREATE TABLE IF NOT EXISTS link_reassembly (
  station TEXT PRIMARY KEY, state TEXT NOT NULL
);`;

// Version 4: limits changed at run time (server/limits/changes.ts). Every change stays (retention never
// prunes them: they are the record of why a parameter was judged as it was); the override table points at
// the change in force per spacecraft and parameter, and loses its row on a revert.
const LIMIT_TABLES = `
CREATE TABLE IF NOT EXISTS limit_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, sc TEXT NOT NULL, p TEXT NOT NULL, t INTEGER NOT NULL,
  actor TEXT NOT NULL, previous TEXT, limits TEXT, reason TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS limit_changes_parameter ON limit_changes (sc, p, id);
CREATE TABLE IF NOT EXISTS limit_overrides (
  sc TEXT NOT NULL, p TEXT NOT NULL, change_id INTEGER NOT NULL,
  PRIMARY KEY (sc, p)
) WITHOUT ROWID;
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS names (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (kind, name)
);
${FRAMES_TABLE('frames')}
-- frames(spacecraft, window) and pruning per spacecraft; the key, led by APID, cannot serve them in time order.
CREATE INDEX IF NOT EXISTS frames_sc_time ON frames (sc, t);
CREATE INDEX IF NOT EXISTS frames_recv ON frames (recv);
${RECEPTIONS_TABLE('receptions')}
-- Version 9: the same receptions per hour, kept by triggers (server/archive/sqlite/receptionHours.ts).
${RECEPTION_HOURS_TABLE}
${PACKET_RECEPTIONS_TABLE}
${REASSEMBLY_TABLE}
CREATE TABLE IF NOT EXISTS rollup_minute (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_10min (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollup_hour (
  sc INTEGER NOT NULL, p INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  PRIMARY KEY (sc, p, t)
) WITHOUT ROWID;
-- Version 12: the 10-minute cells whose coarse rollups wait to be rebuilt (server/archive/sqlite/coarseRollups.ts).
${PENDING_ROLLUPS_TABLE}
-- Version 13: the minutes whose cells a commit left in memory (server/archive/sqlite/minuteRollups.ts).
${UNFLUSHED_MINUTES_TABLE}
CREATE TABLE IF NOT EXISTS alarms (
  id TEXT PRIMARY KEY, sc TEXT NOT NULL, open INTEGER NOT NULL, opened INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarms_open ON alarms (open, opened);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, sc TEXT, t INTEGER NOT NULL, severity TEXT NOT NULL, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_time ON events (t);
CREATE TABLE IF NOT EXISTS station_counters (
  station TEXT PRIMARY KEY, received INTEGER NOT NULL, uniq INTEGER NOT NULL, dups INTEGER NOT NULL,
  rejects TEXT NOT NULL, last_frame INTEGER, best_snr REAL
);
-- The ledger (server/ledger): one row per closed day, append-only; the triggers refuse any change to a
-- day once written, so only an edit of the file itself can alter one (which the chain then shows).
CREATE TABLE IF NOT EXISTS ledger_days (
  day TEXT PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL, records TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS ledger_days_no_update BEFORE UPDATE ON ledger_days
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER IF NOT EXISTS ledger_days_no_delete BEFORE DELETE ON ledger_days
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TABLE IF NOT EXISTS downlink (
  sc TEXT NOT NULL, station TEXT NOT NULL, t INTEGER NOT NULL, seconds REAL NOT NULL, bytes REAL NOT NULL,
  PRIMARY KEY (sc, station, t)
) WITHOUT ROWID;
${LIMIT_TABLES}
-- Version 7: what became of each predicted pass (server/contacts); version 11: counted per day.
${CONTACTS_TABLE}
${LINK_CELLS_TABLE}`;

// Version 2 added the 10-minute rollup; an archive written before it fills it from its minute rollup, which
// holds every sample the 10-minute cells would have taken at ingest.
const FILL_TEN_MINUTES = `
INSERT OR IGNORE INTO rollup_10min (sc, p, t, n, sum, min, max)
SELECT sc, p, t / 600000 * 600000, SUM(n), SUM(sum), MIN(min), MAX(max) FROM rollup_minute
GROUP BY sc, p, t / 600000;
`;

// Version 3 dropped the samples table (a row per parameter of every frame), re-keyed frames from
// (sc, t, apid, seq) to (sc, apid, t, seq) (the same de-duplication key in an order that serves history), and
// summed receptions per second (a row per frame heard before). The old rows are copied in key order and the
// old tables and their indexes dropped; SCHEMA then creates the indexes on the new ones.
const TO_VERSION_3 = `
${FRAMES_TABLE('frames_v3')}
INSERT INTO frames_v3 (sc, apid, t, seq, pb, recv, bytes)
SELECT sc, apid, t, seq, pb, recv, bytes FROM frames ORDER BY sc, apid, t, seq;
DROP TABLE frames;
ALTER TABLE frames_v3 RENAME TO frames;
${RECEPTIONS_TABLE('receptions_v3')}
INSERT INTO receptions_v3 (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
SELECT sc, station, t / ${RECEPTION_CELL_MS} * ${RECEPTION_CELL_MS}, MIN(t), MAX(t), COUNT(*), SUM(uniq), TOTAL(snr),
  COUNT(snr), MAX(snr)
FROM receptions GROUP BY sc, station, t / ${RECEPTION_CELL_MS} ORDER BY sc, station, t / ${RECEPTION_CELL_MS};
DROP TABLE receptions;
ALTER TABLE receptions_v3 RENAME TO receptions;
DROP TABLE IF EXISTS samples;
`;

export type Synchronous = 'FULL' | 'NORMAL';

export function migrate(db: Database.Database, synchronous: Synchronous): void {
  db.pragma('journal_mode = WAL');
  // FULL syncs the WAL at every commit, so an acked frame survives a power cut; NORMAL survives a crash of
  // the process but not of the machine. Group commit keeps the number of syncs low either way.
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = OFF');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`archive schema ${version} is newer than this server's (${SCHEMA_VERSION})`);
  }
  // One transaction: an archive is either still at its old version or fully migrated, never in between.
  db.transaction(() => {
    if (version < 3 && tableExists(db, 'frames')) db.exec(TO_VERSION_3);
    // Version 5 records which station delivered each frame first (the ledger's count); older frames have none.
    if (tableExists(db, 'frames') && !columnExists(db, 'frames', 'station')) {
      db.exec('ALTER TABLE frames ADD COLUMN station INTEGER');
    }
    db.exec(SCHEMA);
    if (version < 2) db.exec(FILL_TEN_MINUTES);
    // Version 9 sums the seconds an archive already holds into hours; the triggers take it from there.
    if (version < 9) db.exec(FILL_RECEPTION_HOURS);
    // Version 11 counts the contact records an archive already holds per day; the triggers take it from there.
    if (version < 11) db.exec(FILL_CONTACT_DAYS);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function columnExists(db: Database.Database, table: string, column: string): boolean {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[];
  return columns.some((c) => c.name === column);
}
