// The PostgreSQL side of the link cells (server/archive/linkCells.ts): added up per key, read per pass.
import type pg from 'pg';
import { withTransaction } from '../../postgres/pool';
import { SELECT_LINK_CELLS_COLUMNS, linkCellParams, linkCellRowOf, upsertLinkCellSql } from '../linkCellSql';
import { linkCellStart, type LinkCell, type LinkCellQuery, type LinkCellRow } from '../linkCells';

const UPSERT = upsertLinkCellSql((i) => `$${i + 1}`);

/** In one transaction, in key order: two nodes adding to the same cells lock them in the same order. */
export async function addLinkCells(pool: pg.Pool, cells: readonly LinkCell[]): Promise<void> {
  if (cells.length === 0) return;
  const sorted = [...cells].sort(
    (a, b) =>
      compare(a.spacecraftId, b.spacecraftId) ||
      compare(a.stationId, b.stationId) ||
      a.timeMs - b.timeMs ||
      a.vcid - b.vcid,
  );
  await withTransaction(pool, async (client) => {
    for (const cell of sorted) await client.query(UPSERT, linkCellParams(cell));
  });
}

export async function linkCells(pool: pg.Pool, query: LinkCellQuery): Promise<LinkCellRow[]> {
  const { rows } = await pool.query<Record<string, string | number | null>>(
    `SELECT ${SELECT_LINK_CELLS_COLUMNS} FROM link_cells
     WHERE sc = $1 AND station = $2 AND t >= $3 AND t <= $4 ORDER BY t, vc`,
    [query.spacecraftId, query.stationId, linkCellStart(query.fromMs), query.toMs],
  );
  return rows.map(linkCellRowOf);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
