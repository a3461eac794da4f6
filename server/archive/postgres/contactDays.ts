// The PostgreSQL side of contact days (server/archive/contactDays.ts): migration 11 creates the table and
// the triggers on the records that keep it, and counts the records an archive already holds.
import { CONTACT_DAY_MS, NO_CAUSE } from '../contactDays';

const DAY = CONTACT_DAY_MS;
/** The cell of a record (OLD or NEW in a trigger): the same day as the record-based count's `aos / DAY * DAY`. */
const cell = (row: 'OLD' | 'NEW') =>
  `${row}.aos / ${DAY} * ${DAY}, ${row}.station, ${row}.outcome, coalesce(${row}.cause, '${NO_CAUSE}'), ${row}.sc`;
const KEY = 'day, station, outcome, cause, sc';

/**
 * Migration 11. A row trigger sees each record's old and new cell exactly, whichever statement or node
 * rewrote it; a record judged again only moves when its outcome or cause changed. A cell emptied that way
 * keeps a zero count, which the counts leave out.
 */
export const CONTACT_DAYS_MIGRATION = `
CREATE TABLE contact_days (
  day bigint NOT NULL, station text NOT NULL, outcome text NOT NULL, cause text NOT NULL, sc text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (${KEY})
);
CREATE FUNCTION contact_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE contact_days SET n = n - 1 WHERE (${KEY}) = (${cell('OLD')});
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO contact_days AS d (${KEY}, n) VALUES (${cell('NEW')}, 1)
    ON CONFLICT (${KEY}) DO UPDATE SET n = d.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER contact_days_add AFTER INSERT OR DELETE ON contacts
FOR EACH ROW EXECUTE FUNCTION contact_days_count();
CREATE TRIGGER contact_days_move AFTER UPDATE ON contacts
FOR EACH ROW WHEN ((${cell('OLD')}) IS DISTINCT FROM (${cell('NEW')}))
EXECUTE FUNCTION contact_days_count();
INSERT INTO contact_days (${KEY}, n)
SELECT aos / ${DAY} * ${DAY}, station, outcome, coalesce(cause, '${NO_CAUSE}'), sc, count(*) FROM contacts
GROUP BY 1, 2, 3, 4, 5;
`;
