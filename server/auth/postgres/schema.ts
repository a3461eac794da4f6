// PostgreSQL schema of the auth store, as numbered migrations applied at start. The tables live in the same
// database (and schema) as the archive, under names of their own (auth_*), with their own migration record.
import type { PoolClient } from 'pg';

interface Migration {
  version: number;
  sql: string;
}

export const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE auth_users (
  username text PRIMARY KEY, partner text NOT NULL, role text NOT NULL, password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false, created_at_ms bigint NOT NULL
);
CREATE TABLE auth_sessions (
  id_hash text PRIMARY KEY, username text, kiosk_id text, created_at_ms bigint NOT NULL,
  expires_at_ms bigint NOT NULL
);
CREATE INDEX auth_sessions_username ON auth_sessions (username);
CREATE INDEX auth_sessions_kiosk ON auth_sessions (kiosk_id);
CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at_ms);
CREATE TABLE auth_station_tokens (
  station_id text PRIMARY KEY, token_hash text NOT NULL, source text NOT NULL, created_at_ms bigint NOT NULL,
  revoked_at_ms bigint, last_used_ms bigint
);
-- seq keeps the listing in creation order when two links are made in the same millisecond.
CREATE TABLE auth_kiosks (
  id text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, token_hash text NOT NULL UNIQUE,
  label text NOT NULL, partner text NOT NULL, created_by text NOT NULL, created_at_ms bigint NOT NULL,
  revoked_at_ms bigint
);
CREATE TABLE auth_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_ms bigint NOT NULL, actor text NOT NULL,
  action text NOT NULL, target text, detail text
);
CREATE INDEX auth_audit_actor ON auth_audit (actor, id);
-- Failed logins per throttle key, counted across nodes; rows older than the window are deleted as new come.
CREATE TABLE auth_login_failures (key text NOT NULL, at_ms bigint NOT NULL);
CREATE INDEX auth_login_failures_key ON auth_login_failures (key, at_ms);
CREATE INDEX auth_login_failures_time ON auth_login_failures (at_ms);
`,
  },
];

export const AUTH_SCHEMA_VERSION = AUTH_MIGRATIONS[AUTH_MIGRATIONS.length - 1]!.version;

/**
 * Creates the schema if asked to, then applies the migrations not applied yet. Nodes starting together take
 * turns under the same advisory lock as the archive's migrations (server/store/postgres/schema.ts), so the
 * two never race to create the schema either.
 */
export async function migrateAuth(client: PoolClient, schema: string | undefined): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('ortaq-migrations:' || $1::text))", [
      schema ?? '',
    ]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS auth_schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM auth_schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > AUTH_SCHEMA_VERSION) {
      throw new Error(`auth schema ${current} is newer than this server's (${AUTH_SCHEMA_VERSION})`);
    }
    for (const migration of AUTH_MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO auth_schema_migrations (version) VALUES ($1)', [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
