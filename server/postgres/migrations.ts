// Numbered schema migrations applied at start, for each part of Ortaq that keeps tables in PostgreSQL (the
// archive, the auth store), each with its own record of what was applied.
import type { PoolClient } from 'pg';

export interface Migration {
  version: number;
  sql: string;
}

export interface MigrationSet {
  /** What the tables hold, for error messages ("archive", "auth"). */
  name: string;
  /** The table recording the versions applied. */
  table: string;
  migrations: readonly Migration[];
}

export const latestVersion = (migrations: readonly Migration[]): number =>
  migrations[migrations.length - 1]!.version;

/**
 * Creates the schema if asked to, then applies the migrations not applied yet, in one transaction. Several
 * nodes may start at once: every set takes the same advisory lock, so nodes take turns, each sees what the
 * others did, and no two race to create the schema.
 */
export async function applyMigrations(
  client: PoolClient,
  schema: string | undefined,
  set: MigrationSet,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ortaq-migrations:' || $1::text))", [
      schema ?? '',
    ]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const { rows: where } = await client.query<{ schema: string | null }>(
      'SELECT current_schema() AS schema',
    );
    if (!where[0]?.schema) {
      throw new Error(`PostgreSQL: no schema of the search_path exists to hold the ${set.name} tables`);
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${set.table} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${set.table}`,
    );
    const current = rows[0]?.version ?? 0;
    const newest = latestVersion(set.migrations);
    if (current > newest) {
      throw new Error(`${set.name} schema ${current} is newer than this server's (${newest})`);
    }
    for (const migration of set.migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${set.table} (version) VALUES ($1)`, [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
