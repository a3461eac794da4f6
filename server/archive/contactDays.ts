// Contact records counted per UTC day (by AOS), station, outcome, cause and spacecraft: what availability
// (server/contacts/aggregates.ts) adds up. A year of a 6 × 6 constellation is ~60,000 records; its days are
// a third of that in rows, already grouped, so a year's availability reads a few thousand index pages less
// and groups less. Each archive keeps the days with triggers on the records (a record judged again moves
// from its old cell to its new one in the statement that rewrote it), so records and days always agree; a
// window that does not start or end at 00:00 UTC takes its partial days from the records.
import { splitByCell, type CellSplit } from './windowSplit';

export const CONTACT_DAY_MS = 86_400_000;

/**
 * A record without a cause is kept under this one: a key column cannot be NULL (and NULLs would not meet in
 * a conflict), and no cause is ever the empty string.
 */
export const NO_CAUSE = '';

/** The whole days of [fromMs, toMs) and the partial days at its ends. */
export function splitByDay(fromMs: number, toMs: number): CellSplit {
  return splitByCell(fromMs, toMs, CONTACT_DAY_MS);
}
