// The link_cells table (server/archive/linkCells.ts) as both archives write it: one column per link count
// code, so a code added to LINK_COUNT_CODES needs its column (a migration) and nothing else here.
import { LINK_COUNT_CODES } from '../../shared/link';
import type { LinkCell, LinkCellRow } from './linkCells';

/** Columns after the key: the counts, FECF failures, the last CLCW and its time. */
export const LINK_CELL_VALUE_COLUMNS = [...LINK_COUNT_CODES, 'fecf', 'clcw', 'clcw_t'] as const;
const KEY_COLUMNS = ['sc', 'station', 't', 'vc'] as const;

/** Column definitions of the counts (integer type of the database). */
export const linkCountColumns = (integer: string): string =>
  [...LINK_COUNT_CODES, 'fecf'].map((code) => `${code} ${integer} NOT NULL DEFAULT 0`).join(', ');

/**
 * The upsert of one cell: counts add up, the later CLCW wins. `placeholder(i)` writes the i-th parameter
 * (0-based) in the database's syntax; the target is aliased `l` because PostgreSQL reads an unqualified
 * column in DO UPDATE as ambiguous.
 */
export function upsertLinkCellSql(placeholder: (i: number) => string): string {
  const columns = [...KEY_COLUMNS, ...LINK_CELL_VALUE_COLUMNS];
  const sums = [...LINK_COUNT_CODES, 'fecf'].map((c) => `${c} = l.${c} + excluded.${c}`);
  const later = 'excluded.clcw_t IS NOT NULL AND (l.clcw_t IS NULL OR excluded.clcw_t >= l.clcw_t)';
  return `INSERT INTO link_cells AS l (${columns.join(', ')}) VALUES (${columns.map((_, i) => placeholder(i)).join(', ')})
    ON CONFLICT (${KEY_COLUMNS.join(', ')}) DO UPDATE SET ${sums.join(', ')},
    clcw = CASE WHEN ${later} THEN excluded.clcw ELSE l.clcw END,
    clcw_t = CASE WHEN ${later} THEN excluded.clcw_t ELSE l.clcw_t END`;
}

export const SELECT_LINK_CELLS_COLUMNS = `vc, t, ${[...LINK_COUNT_CODES, 'fecf', 'clcw', 'clcw_t'].join(', ')}`;

/** The parameters of upsertLinkCellSql for one cell, in its column order. */
export function linkCellParams(cell: LinkCell): (string | number | null)[] {
  return [
    cell.spacecraftId,
    cell.stationId,
    cell.timeMs,
    cell.vcid,
    ...LINK_COUNT_CODES.map((code) => cell.counts[code]),
    cell.fecfFailures,
    cell.clcw,
    cell.clcwMs,
  ];
}

type RawLinkCell = Record<string, string | number | null>;

/** A row read with SELECT_LINK_CELLS_COLUMNS (PostgreSQL returns bigint as text: numbers taken here). */
export function linkCellRowOf(raw: RawLinkCell): LinkCellRow {
  const counts = Object.fromEntries(LINK_COUNT_CODES.map((code) => [code, Number(raw[code])]));
  return {
    vcid: Number(raw.vc),
    timeMs: Number(raw.t),
    counts: counts as LinkCellRow['counts'],
    fecfFailures: Number(raw.fecf),
    clcw: (raw.clcw as LinkCellRow['clcw']) ?? null,
    clcwMs: raw.clcw_t === null ? null : Number(raw.clcw_t),
  };
}
