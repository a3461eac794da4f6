// The SQLite side of contact days (server/archive/contactDays.ts): the table, the triggers on the records
// that keep it, and the fill of an archive written before schema version 11.
import { CONTACT_DAY_MS, NO_CAUSE } from '../contactDays';

const DAY = CONTACT_DAY_MS;
/** The cell of a record (OLD or NEW in a trigger): the same day as the record-based count's `aos / DAY * DAY`. */
const cell = (row: 'OLD' | 'NEW') =>
  `${row}.aos / ${DAY} * ${DAY}, ${row}.station, ${row}.outcome, coalesce(${row}.cause, '${NO_CAUSE}'), ${row}.sc`;
const KEY = 'day, station, outcome, cause, sc';
const ADD_NEW = `INSERT INTO contact_days (${KEY}, n) VALUES (${cell('NEW')}, 1)
  ON CONFLICT (${KEY}) DO UPDATE SET n = n + 1;`;
const REMOVE_OLD = `UPDATE contact_days SET n = n - 1
  WHERE (${KEY}) = (${cell('OLD')});`;

/**
 * Table and triggers (schema version 11). A record judged again only moves when its outcome or cause
 * changed; a cell emptied that way keeps a zero count, which the counts leave out.
 */
export const CONTACT_DAYS_TABLE = `
CREATE TABLE IF NOT EXISTS contact_days (
  day INTEGER NOT NULL, station TEXT NOT NULL, outcome TEXT NOT NULL, cause TEXT NOT NULL, sc TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (${KEY})
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS contact_days_add AFTER INSERT ON contacts
BEGIN ${ADD_NEW} END;
CREATE TRIGGER IF NOT EXISTS contact_days_move AFTER UPDATE ON contacts
WHEN (${cell('OLD')}) IS NOT (${cell('NEW')})
BEGIN ${REMOVE_OLD} ${ADD_NEW} END;
CREATE TRIGGER IF NOT EXISTS contact_days_remove AFTER DELETE ON contacts
BEGIN ${REMOVE_OLD} END;`;

/** The days of an archive written before version 11, from its records; the triggers take it from there. */
export const FILL_CONTACT_DAYS = `
INSERT OR REPLACE INTO contact_days (${KEY}, n)
SELECT aos / ${DAY} * ${DAY}, station, outcome, coalesce(cause, '${NO_CAUSE}'), sc, COUNT(*) FROM contacts
GROUP BY 1, 2, 3, 4, 5;`;
