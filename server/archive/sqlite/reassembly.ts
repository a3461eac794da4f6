// Packet reassembly kept from a clean stop to the next start (server/ingest/reassemblyState.ts): a row per
// station, replaced on save, deleted as it is taken.
import type Database from 'better-sqlite3';
import type { SavedReassembly } from '../types';

export class SqliteReassembly {
  private readonly save;
  private readonly take;

  constructor(db: Database.Database) {
    const upsert = db.prepare<[string, string]>(
      'INSERT OR REPLACE INTO link_reassembly (station, state) VALUES (?, ?)',
    );
    this.save = db.transaction((rows: readonly SavedReassembly[]) => {
      for (const row of rows) upsert.run(row.stationId, row.state);
    });
    const select = db.prepare<[], { station: string; state: string }>(
      'SELECT station, state FROM link_reassembly ORDER BY station',
    );
    const clear = db.prepare('DELETE FROM link_reassembly');
    this.take = db.transaction(() => {
      const rows = select.all();
      clear.run();
      return rows.map((r) => ({ stationId: r.station, state: r.state }));
    });
  }

  saveAll(rows: readonly SavedReassembly[]): void {
    this.save(rows);
  }

  takeAll(): SavedReassembly[] {
    return this.take();
  }
}
