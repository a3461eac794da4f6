// The operations room's tables, as numbered migrations for SQLite and PostgreSQL with the same columns:
// maintenance windows (1), the shift log and its handovers (2). Entries and handovers are never edited, only
// a handover's acceptance is written once; lists of links are JSON.
import type { Migration, MigrationSet } from '../postgres/migrations';
import type { SqliteMigrationSet } from '../sqlite/migrations';

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
  {
    version: 2,
    sql: `
CREATE TABLE ops_shift_entries (
  id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, created_at_ms INTEGER NOT NULL, author TEXT NOT NULL,
  partner TEXT NOT NULL, text TEXT NOT NULL, links TEXT NOT NULL, range_from_ms INTEGER, range_to_ms INTEGER);
CREATE INDEX ops_shift_entries_created ON ops_shift_entries (created_at_ms);
CREATE INDEX ops_shift_entries_range ON ops_shift_entries (range_to_ms, range_from_ms);
CREATE TABLE ops_handovers (
  id TEXT PRIMARY KEY, partner TEXT NOT NULL, created_by TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
  since_ms INTEGER, note TEXT NOT NULL, alarms TEXT NOT NULL, entry_ids TEXT NOT NULL, accepted_by TEXT,
  accepted_at_ms INTEGER);
CREATE INDEX ops_handovers_partner ON ops_handovers (partner, created_at_ms);
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
  {
    version: 2,
    sql: `
CREATE TABLE ops_shift_entries (
  id text PRIMARY KEY, at_ms bigint NOT NULL, created_at_ms bigint NOT NULL, author text NOT NULL,
  partner text NOT NULL, text text NOT NULL, links jsonb NOT NULL, range_from_ms bigint, range_to_ms bigint
);
CREATE INDEX ops_shift_entries_created ON ops_shift_entries (created_at_ms);
CREATE INDEX ops_shift_entries_range ON ops_shift_entries (range_to_ms, range_from_ms);
CREATE TABLE ops_handovers (
  id text PRIMARY KEY, partner text NOT NULL, created_by text NOT NULL, created_at_ms bigint NOT NULL,
  since_ms bigint, note text NOT NULL, alarms jsonb NOT NULL, entry_ids jsonb NOT NULL, accepted_by text,
  accepted_at_ms bigint
);
CREATE INDEX ops_handovers_partner ON ops_handovers (partner, created_at_ms);
`,
  },
];

export const SQLITE_OPERATIONS_MIGRATION_SET: SqliteMigrationSet = {
  name: 'operations',
  table: 'ops_schema_migrations',
  migrations: SQLITE_OPERATIONS_MIGRATIONS,
};

export const OPERATIONS_MIGRATION_SET: MigrationSet = {
  name: 'operations',
  table: 'ops_schema_migrations',
  migrations: POSTGRES_OPERATIONS_MIGRATIONS,
};
