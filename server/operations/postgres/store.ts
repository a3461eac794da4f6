// The operations store on PostgreSQL, for nodes that share one database.
import type pg from 'pg';
import type { MaintenanceWindow } from '../../../shared/protocol/maintenance';
import { applyMigrations } from '../../postgres/migrations';
import { openPool, withConnection } from '../../postgres/pool';
import { OPERATIONS_MIGRATION_SET } from '../schema';
import type { OperationsStore } from '../store';
import { postgresShiftLog } from './shiftLog';

export interface PostgresOperationsStoreOptions {
  connectionString: string;
  /** Schema to keep the tables in (created if missing); default: the connection's search_path. */
  schema?: string;
}

const WINDOW = `id, target, target_id AS "targetId", from_ms AS "fromMs", to_ms AS "toMs", reason,
  created_by AS "createdBy", partner, created_at_ms AS "createdAtMs"`;

export async function createPostgresOperationsStore(
  options: PostgresOperationsStoreOptions,
): Promise<OperationsStore> {
  const pool = openPool({ ...options, max: 2 });
  pool.on('error', (error) => console.error('operations database:', error.message));
  try {
    await withConnection(pool, (client) => applyMigrations(client, options.schema, OPERATIONS_MIGRATION_SET));
  } catch (error) {
    await pool.end();
    throw error;
  }
  const rows = async (sql: string, params: unknown[]): Promise<MaintenanceWindow[]> =>
    (await pool.query<MaintenanceWindow & pg.QueryResultRow>(sql, params)).rows;
  let closed = false;
  return {
    insertWindow: async (w) => {
      await pool.query(
        `INSERT INTO ops_maintenance (id, target, target_id, from_ms, to_ms, reason, created_by, partner,
         created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [w.id, w.target, w.targetId, w.fromMs, w.toMs, w.reason, w.createdBy, w.partner, w.createdAtMs],
      );
    },
    windows: (fromMs, toMs) =>
      rows(`SELECT ${WINDOW} FROM ops_maintenance WHERE to_ms >= $1 AND from_ms <= $2 ORDER BY from_ms, id`, [
        fromMs,
        toMs,
      ]),
    getWindow: async (id) => (await rows(`SELECT ${WINDOW} FROM ops_maintenance WHERE id = $1`, [id]))[0],
    deleteWindow: async (id) =>
      ((await pool.query('DELETE FROM ops_maintenance WHERE id = $1', [id])).rowCount ?? 0) > 0,
    ...postgresShiftLog(pool),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
