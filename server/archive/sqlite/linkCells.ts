// The SQLite side of the link cells (server/archive/linkCells.ts): added up per key, read per pass.
import type Database from 'better-sqlite3';
import {
  SELECT_LINK_CELLS_COLUMNS,
  linkCellParams,
  linkCellRowOf,
  linkCountColumns,
  upsertLinkCellSql,
} from '../linkCellSql';
import { linkCellStart, type LinkCell, type LinkCellQuery, type LinkCellRow } from '../linkCells';

// Version 10: keyed by names, not name ids: a few rows per station and channel every ten seconds.
export const LINK_CELLS_TABLE = `CREATE TABLE IF NOT EXISTS link_cells (
  sc TEXT NOT NULL, station TEXT NOT NULL, t INTEGER NOT NULL, vc INTEGER NOT NULL,
  ${linkCountColumns('INTEGER')}, clcw TEXT, clcw_t INTEGER,
  PRIMARY KEY (sc, station, t, vc)
) WITHOUT ROWID;`;

export class SqliteLinkCells {
  private readonly write;
  private readonly select;
  private readonly prune;

  constructor(db: Database.Database) {
    const upsert = db.prepare(upsertLinkCellSql(() => '?'));
    this.write = db.transaction((cells: readonly LinkCell[]) => {
      for (const cell of cells) upsert.run(...linkCellParams(cell));
    });
    this.select = db.prepare<[string, string, number, number], Record<string, string | number | null>>(
      `SELECT ${SELECT_LINK_CELLS_COLUMNS} FROM link_cells
       WHERE sc = ? AND station = ? AND t >= ? AND t <= ? ORDER BY t, vc`,
    );
    this.prune = db.prepare('DELETE FROM link_cells WHERE t < ?');
  }

  add(cells: readonly LinkCell[]): void {
    this.write(cells);
  }

  query(query: LinkCellQuery): LinkCellRow[] {
    const from = linkCellStart(query.fromMs);
    return this.select.all(query.spacecraftId, query.stationId, from, query.toMs).map(linkCellRowOf);
  }

  pruneBefore(cutoffMs: number): void {
    this.prune.run(cutoffMs);
  }
}
