// The operations store on SQLite (better-sqlite3): its own file beside the archive, or in memory for tests.
// Migrations are recorded in ops_schema_migrations.
import Database from 'better-sqlite3';
import type { PartnerId } from '../../shared/dictionary';
import type { MaintenanceTargetKind, MaintenanceWindow } from '../../shared/protocol/maintenance';
import { migrateSqlite } from '../sqlite/migrations';
import { SQLITE_OPERATIONS_MIGRATION_SET } from './schema';
import { shiftLogStatements } from './sqliteShiftLog';
import type { OperationsStore } from './store';

interface WindowRow {
  id: string;
  target: string;
  target_id: string;
  from_ms: number;
  to_ms: number;
  reason: string;
  created_by: string;
  partner: string;
  created_at_ms: number;
}

const toWindow = (r: WindowRow): MaintenanceWindow => ({
  id: r.id,
  target: r.target as MaintenanceTargetKind,
  targetId: r.target_id,
  fromMs: r.from_ms,
  toMs: r.to_ms,
  reason: r.reason,
  createdBy: r.created_by,
  partner: r.partner as PartnerId,
  createdAtMs: r.created_at_ms,
});

export function createSqliteOperationsStore(file: string): OperationsStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrateSqlite(db, SQLITE_OPERATIONS_MIGRATION_SET);
  const log = shiftLogStatements(db);
  const insert = db.prepare<[MaintenanceWindow]>(
    `INSERT INTO ops_maintenance (id, target, target_id, from_ms, to_ms, reason, created_by, partner,
     created_at_ms) VALUES (@id, @target, @targetId, @fromMs, @toMs, @reason, @createdBy, @partner, @createdAtMs)`,
  );
  const overlapping = db.prepare<[number, number], WindowRow>(
    'SELECT * FROM ops_maintenance WHERE to_ms >= ? AND from_ms <= ? ORDER BY from_ms, id',
  );
  const byId = db.prepare<[string], WindowRow>('SELECT * FROM ops_maintenance WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM ops_maintenance WHERE id = ?');
  const attempt = <R>(work: () => R): Promise<R> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    insertWindow: (window) => attempt(() => void insert.run(window)),
    windows: (fromMs, toMs) => attempt(() => overlapping.all(fromMs, toMs).map(toWindow)),
    getWindow: (id) =>
      attempt(() => {
        const row = byId.get(id);
        return row && toWindow(row);
      }),
    deleteWindow: (id) => attempt(() => remove.run(id).changes > 0),
    insertEntry: (entry) => attempt(() => log.insertEntry(entry)),
    entries: (query) => attempt(() => log.entries(query)),
    entriesByIds: (ids) => attempt(() => log.entriesByIds(ids)),
    insertHandover: (handover) => attempt(() => log.insertHandover(handover)),
    handovers: (partner, limit) => attempt(() => log.handovers(partner, limit)),
    getHandover: (id) => attempt(() => log.getHandover(id)),
    acceptHandover: (id, by, atMs) => attempt(() => log.acceptHandover(id, by, atMs)),
    close: () => attempt(() => void db.close()),
  };
}
