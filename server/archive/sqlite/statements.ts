// Every SQL statement of the SQLite archive, prepared once. Values are always bound, never spliced in.
import { SQLITE_PACKED_RUN, SQLITE_PACKED_STREAM } from '../deliveryRuns';
import type Database from 'better-sqlite3';
import type { ReceptionRow } from '../types';

export interface FrameRow {
  sc: number;
  t: number;
  apid: number;
  seq: number;
  pb: number;
  recv: number;
  bytes: Buffer;
}

/**
 * A delivered frame as the ledger reads it: sc, station, apid, t, seq, recv, bytes. Read as arrays, not
 * objects: a month's verify reads a million of them, and named rows cost twice the time (bench `ledger`).
 */
export type DeliveryRow = [
  sc: number,
  station: number | null,
  apid: number,
  t: number,
  seq: number,
  recv: number,
  bytes: Buffer,
];

export interface LedgerDayRow {
  day: string;
  prev: string;
  hash: string;
  records: string;
}

interface StationRow {
  station: string;
  received: number;
  uniq: number;
  dups: number;
  rejects: string;
  last_frame: number | null;
  best_snr: number | null;
}

const FRAME_COLUMNS = 'sc, t, apid, seq, pb, recv, bytes';

/** An alarm query's partner view (@scs) and onset window (@from, @to), each NULL when absent. */
const ALARM_FILTER = `(@scs IS NULL OR sc IN (SELECT value FROM json_each(@scs)))
         AND (@from IS NULL OR opened >= @from) AND (@to IS NULL OR opened <= @to)`;

/** A frame read for its parameter values (history, latest values). */
export interface FrameValueRow {
  t: number;
  pb: number;
  bytes: Buffer;
}

export class SqliteStatements {
  readonly insertFrame;
  readonly addReceptions;
  readonly upsertAlarm;
  readonly insertEvent;
  readonly selectStation;
  readonly upsertStation;
  readonly allStations;
  readonly upsertDownlink;
  readonly downlinkTotals;
  readonly spacecraftList;
  readonly latestFrame;
  readonly framesInWindow;
  readonly framesOfSpacecraft;
  readonly framesReceivedSince;
  readonly receptions;
  readonly openAlarms;
  readonly allAlarms;
  readonly alarmsByIds;
  readonly events;
  readonly deliveries;
  readonly deliveryRuns;
  readonly deliveryStream;
  readonly firstReceived;
  readonly ledgerDays;
  readonly lastLedgerDay;
  readonly appendLedgerDay;
  readonly pruneFrames;
  readonly pruneReceptions;
  readonly pruneEvents;
  readonly pruneAlarms;

  constructor(db: Database.Database) {
    this.insertFrame = db.prepare<[number, number, number, number, number, number, Uint8Array, number]>(
      `INSERT OR IGNORE INTO frames (${FRAME_COLUMNS}, station) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.addReceptions = db.prepare<
      [number, number, number, number, number, number, number, number, number, number | null]
    >(
      `INSERT INTO receptions (sc, station, t, first, last, n, uniq, snr_sum, snr_n, snr_max)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sc, station, t) DO UPDATE SET first = MIN(first, excluded.first),
         last = MAX(last, excluded.last), n = n + excluded.n, uniq = uniq + excluded.uniq,
         snr_sum = snr_sum + excluded.snr_sum, snr_n = snr_n + excluded.snr_n,
         snr_max = COALESCE(MAX(snr_max, excluded.snr_max), snr_max, excluded.snr_max)`,
    );
    this.upsertAlarm = db.prepare<[string, string, number, number, string]>(
      `INSERT INTO alarms (id, sc, open, opened, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET open = excluded.open, body = excluded.body`,
    );
    this.insertEvent = db.prepare<[string, string | null, number, string, string]>(
      'INSERT OR IGNORE INTO events (id, sc, t, severity, body) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectStation = db.prepare<[string], StationRow>('SELECT * FROM station_counters WHERE station = ?');
    this.upsertStation = db.prepare<[string, number, number, number, string, number | null, number | null]>(
      `INSERT OR REPLACE INTO station_counters (station, received, uniq, dups, rejects, last_frame, best_snr)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.allStations = db.prepare<[], StationRow>('SELECT * FROM station_counters ORDER BY station');
    this.upsertDownlink = db.prepare<[string, string, number, number, number]>(
      `INSERT INTO downlink (sc, station, t, seconds, bytes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sc, station, t) DO UPDATE SET seconds = seconds + excluded.seconds,
         bytes = bytes + excluded.bytes`,
    );
    this.downlinkTotals = db.prepare<
      [number, number],
      { sc: string; station: string; seconds: number; bytes: number }
    >(
      `SELECT sc, station, SUM(seconds) AS seconds, SUM(bytes) AS bytes FROM downlink
       WHERE t >= ? AND t <= ? GROUP BY sc, station ORDER BY sc, station`,
    );
    this.spacecraftList = db.prepare<[], { id: number }>("SELECT id FROM names WHERE kind = 'spacecraft'");
    // Of two packets at the same time, the later sequence count is taken as the newer.
    this.latestFrame = db.prepare<[number, number, number], FrameValueRow>(
      'SELECT t, pb, bytes FROM frames WHERE sc = ? AND apid = ? ORDER BY t DESC, seq DESC LIMIT ?',
    );
    // Listing the spacecraft lets frames_sc_time read only the window of each one (then one sort), where a
    // bare time range would scan the whole table.
    this.framesInWindow = db.prepare<[number, number, number], FrameRow>(
      `SELECT ${FRAME_COLUMNS} FROM frames
       WHERE sc IN (SELECT id FROM names WHERE kind = 'spacecraft') AND t >= ? AND t <= ? ORDER BY t LIMIT ?`,
    );
    this.framesOfSpacecraft = db.prepare<[number, number, number, number], FrameRow>(
      `SELECT ${FRAME_COLUMNS} FROM frames WHERE sc = ? AND t >= ? AND t <= ? ORDER BY t LIMIT ?`,
    );
    // Frames received since a recent moment are few; left to itself the planner would rather walk every frame
    // of the spacecraft by the sc-led indexes and sort them.
    this.framesReceivedSince = db.prepare<[number, string, number], FrameRow>(
      `SELECT ${FRAME_COLUMNS} FROM frames INDEXED BY frames_recv
       WHERE recv > ? AND sc IN (SELECT value FROM json_each(?)) ORDER BY recv LIMIT ?`,
    );
    this.receptions = db.prepare<[number, number, number, number], ReceptionRow>(
      `SELECT first AS firstMs, last AS lastMs, n AS frames, uniq AS uniqueFrames, snr_sum AS snrSumDb,
         snr_n AS snrCount, snr_max AS bestSnrDb
       FROM receptions WHERE sc = ? AND station = ? AND t >= ? AND t <= ? ORDER BY t`,
    );
    // @scs: a JSON array of the spacecraft a partner may see, or NULL for all of them.
    this.openAlarms = db.prepare<[AlarmParams], { body: string }>(
      `SELECT body FROM alarms WHERE open = 1 AND (@sc IS NULL OR sc = @sc) AND ${ALARM_FILTER}
       ORDER BY opened DESC LIMIT @limit`,
    );
    this.allAlarms = db.prepare<[AlarmParams], { body: string }>(
      `SELECT body FROM alarms WHERE (@sc IS NULL OR sc = @sc) AND ${ALARM_FILTER}
       ORDER BY opened DESC LIMIT @limit`,
    );
    // ?: a JSON array of ids; each is a primary-key look-up.
    this.alarmsByIds = db.prepare<[string], { body: string }>(
      'SELECT body FROM alarms WHERE id IN (SELECT value FROM json_each(?))',
    );
    this.events = db.prepare<
      [
        {
          from: number;
          to: number;
          sc: string | null;
          scs: string | null;
          severities: string | null;
          limit: number;
        },
      ],
      { body: string }
    >(
      `SELECT body FROM events WHERE t >= @from AND t <= @to AND (@sc IS NULL OR sc = @sc)
         AND (@scs IS NULL OR sc IS NULL OR sc IN (SELECT value FROM json_each(@scs)))
         AND (@severities IS NULL OR severity IN (SELECT value FROM json_each(@severities)))
       ORDER BY t DESC LIMIT @limit`,
    );
    this.deliveries = db
      .prepare<[number, number], DeliveryRow>(
        `SELECT sc, station, apid, t, seq, recv, bytes FROM frames INDEXED BY frames_recv
         WHERE recv >= ? AND recv < ? ORDER BY recv, sc, apid, t, seq`,
      )
      .raw(true);
    this.deliveryRuns = db
      .prepare<[number, number], [number, number | null, Buffer]>(
        `SELECT sc, station, ${SQLITE_PACKED_RUN} FROM frames INDEXED BY frames_recv
         WHERE recv >= ? AND recv < ? GROUP BY sc, station`,
      )
      .raw(true);
    this.deliveryStream = db.prepare<[number, number], Buffer | null>(SQLITE_PACKED_STREAM).pluck(true);
    this.firstReceived = db.prepare<[], { recv: number | null }>('SELECT MIN(recv) AS recv FROM frames');
    this.ledgerDays = db.prepare<[string, string], LedgerDayRow>(
      'SELECT day, prev, hash, records FROM ledger_days WHERE day >= ? AND day <= ? ORDER BY day',
    );
    this.lastLedgerDay = db.prepare<[], LedgerDayRow>(
      'SELECT day, prev, hash, records FROM ledger_days ORDER BY day DESC LIMIT 1',
    );
    this.appendLedgerDay = db.prepare<[string, string, string, string]>(
      'INSERT OR IGNORE INTO ledger_days (day, prev, hash, records) VALUES (?, ?, ?, ?)',
    );
    this.pruneFrames = db.prepare('DELETE FROM frames WHERE sc = ? AND t < ?');
    this.pruneReceptions = db.prepare('DELETE FROM receptions WHERE sc = ? AND station = ? AND t < ?');
    this.pruneEvents = db.prepare('DELETE FROM events WHERE t < ?');
    this.pruneAlarms = db.prepare('DELETE FROM alarms WHERE open = 0 AND opened < ?');
  }
}

interface AlarmParams {
  sc: string | null;
  scs: string | null;
  from: number | null;
  to: number | null;
  limit: number;
}
