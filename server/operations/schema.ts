// The operations room's tables, as numbered migrations for SQLite and PostgreSQL with the same columns.
import type { Migration, MigrationSet } from '../postgres/migrations';

export const SQLITE_OPERATIONS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE ops_maintenance (
  id TEXT PRIMARY KEY, target TEXT NOT NULL, target_id TEXT NOT NULL, from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL, reason TEXT NOT NULL, created_by TEXT NOT NULL, partner TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE INDEX ops_maintenance_span ON ops_maintenance (to_ms, from_ms);
`,
  },
];

export const POSTGRES_OPERATIONS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE ops_maintenance (
  id text PRIMARY KEY, target text NOT NULL, target_id text NOT NULL, from_ms bigint NOT NULL,
  to_ms bigint NOT NULL, reason text NOT NULL, created_by text NOT NULL, partner text NOT NULL,
  created_at_ms bigint NOT NULL
);
CREATE INDEX ops_maintenance_span ON ops_maintenance (to_ms, from_ms);
`,
  },
];

export const OPERATIONS_MIGRATION_SET: MigrationSet = {
  name: 'operations',
  table: 'ops_schema_migrations',
  migrations: POSTGRES_OPERATIONS_MIGRATIONS,
};
