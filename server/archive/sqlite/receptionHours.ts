// The SQLite side of receptions per hour (server/archive/receptionHours.ts). Triggers on the seconds keep
// the hours: a new second adds itself, a second merged with more frames adds the packets it gained, inside
// the statement that wrote the second. Pruning the seconds prunes the hours (pruneBefore below), not a
// trigger: a day of deletes would otherwise pay an update per second deleted.
import type Database from 'better-sqlite3';
import type { ContactTotal } from '../types';
import { hourOf, RECEPTION_HOUR_MS, splitByHour } from '../receptionHours';
import type { NameIds } from './names';

const HOUR = RECEPTION_HOUR_MS;

/** Table and triggers (schema version 9); times are never negative, so t - t % HOUR is the hour's start. */
export const RECEPTION_HOURS_TABLE = `
CREATE TABLE IF NOT EXISTS reception_hours (
  t INTEGER NOT NULL, sc INTEGER NOT NULL, station INTEGER NOT NULL, seconds INTEGER NOT NULL,
  uniq INTEGER NOT NULL,
  PRIMARY KEY (t, sc, station)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS reception_hours_add AFTER INSERT ON receptions
BEGIN
  INSERT INTO reception_hours (t, sc, station, seconds, uniq)
  VALUES (NEW.t - NEW.t % ${HOUR}, NEW.sc, NEW.station, 1, NEW.uniq)
  ON CONFLICT (t, sc, station) DO UPDATE SET seconds = seconds + 1, uniq = uniq + excluded.uniq;
END;
CREATE TRIGGER IF NOT EXISTS reception_hours_merge AFTER UPDATE OF uniq ON receptions
BEGIN
  UPDATE reception_hours SET uniq = uniq + NEW.uniq - OLD.uniq
  WHERE t = NEW.t - NEW.t % ${HOUR} AND sc = NEW.sc AND station = NEW.station;
END;`;

/** The hours of an archive written before version 9, from its seconds. */
export const FILL_RECEPTION_HOURS = `
INSERT OR REPLACE INTO reception_hours (t, sc, station, seconds, uniq)
SELECT t - t % ${HOUR}, sc, station, COUNT(*), SUM(uniq) FROM receptions GROUP BY t - t % ${HOUR}, sc, station;`;

// The seconds of every spacecraft and station in [from, to): the key leads with them, so each pair reads
// one range of it instead of the table being scanned for a time range; CROSS JOIN keeps the planner to that
// order (left to itself it reads every second of a spacecraft and looks the station up).
const SECONDS_OF_PAIRS = (from: string, to: string) => `
  SELECT r.sc, r.station, COUNT(*) AS seconds, SUM(r.uniq) AS packets
  FROM names s CROSS JOIN names g CROSS JOIN receptions r ON r.sc = s.id AND r.station = g.id
  WHERE s.kind = 'spacecraft' AND g.kind = 'station' AND r.t >= ${from} AND r.t < ${to}
  GROUP BY r.sc, r.station`;

interface TotalRow {
  sc: number;
  station: number;
  seconds: number;
  packets: number;
}

interface SplitParams {
  from: number;
  headTo: number;
  hoursFrom: number;
  hoursTo: number;
  tailFrom: number;
  to: number;
}

export class SqliteReceptionHours {
  private readonly totals;
  private readonly dropHours;
  private readonly refillHour;

  constructor(
    db: Database.Database,
    private readonly names: NameIds,
  ) {
    this.totals = db.prepare<SplitParams, TotalRow>(
      `SELECT sc, station, SUM(seconds) AS seconds, SUM(packets) AS packets FROM (
         SELECT sc, station, seconds, uniq AS packets FROM reception_hours
         WHERE t >= @hoursFrom AND t < @hoursTo AND sc IN (SELECT id FROM names WHERE kind = 'spacecraft')
         UNION ALL ${SECONDS_OF_PAIRS('@from', '@headTo')}
         UNION ALL ${SECONDS_OF_PAIRS('@tailFrom', '@to')}
       ) GROUP BY sc, station`,
    );
    this.dropHours = db.prepare<[number]>('DELETE FROM reception_hours WHERE t <= ?');
    this.refillHour = db.prepare<{ hour: number; end: number }>(
      `INSERT INTO reception_hours (t, sc, station, seconds, uniq)
       SELECT @hour, sc, station, seconds, packets FROM (${SECONDS_OF_PAIRS('@hour', '@end')})`,
    );
  }

  /** Seconds heard and packets first brought per spacecraft and station in [fromMs, toMs). */
  contactTotals(fromMs: number, toMs: number): ContactTotal[] {
    const split = splitByHour(fromMs, toMs);
    const rows = this.totals.all({
      from: split.head.fromMs,
      headTo: split.head.toMs,
      hoursFrom: split.hours.fromMs,
      hoursTo: split.hours.toMs,
      tailFrom: split.tail.fromMs,
      to: split.tail.toMs,
    });
    return rows.map((r) => ({
      spacecraftId: this.names.nameOf(r.sc),
      stationId: this.names.nameOf(r.station),
      seconds: r.seconds,
      packets: r.packets,
    }));
  }

  /**
   * After the seconds before the cutoff were deleted (same transaction): the hours before it go, and the
   * hour it falls in is summed again from the seconds left of it.
   */
  pruneBefore(cutoffMs: number): void {
    const hour = hourOf(cutoffMs);
    this.dropHours.run(hour);
    this.refillHour.run({ hour, end: hour + HOUR });
  }
}
