// The notifier's tables, as numbered migrations for SQLite and PostgreSQL. Both keep the same columns; the
// outbox id is the idempotency key, so a notification decided twice (a retry of the decision after a
// restart) is stored once.
import type { Migration, MigrationSet } from '../postgres/migrations';

export const SQLITE_NOTIFY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE notify_channels (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, partner TEXT NOT NULL,
  min_severity TEXT NOT NULL, enabled INTEGER NOT NULL, target TEXT NOT NULL, secret TEXT,
  created_by TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
CREATE TABLE notify_outbox (
  id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, alarm_id TEXT NOT NULL, body TEXT NOT NULL,
  state TEXT NOT NULL, attempts INTEGER NOT NULL, next_at_ms INTEGER NOT NULL, lease_until_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL);
CREATE INDEX notify_outbox_due ON notify_outbox (state, next_at_ms);
CREATE TABLE notify_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, outbox_id TEXT NOT NULL, channel_id TEXT NOT NULL,
  alarm_id TEXT NOT NULL, at_ms INTEGER NOT NULL, attempt INTEGER NOT NULL, outcome TEXT NOT NULL,
  status INTEGER, answer TEXT NOT NULL, duration_ms INTEGER NOT NULL);
CREATE INDEX notify_deliveries_channel ON notify_deliveries (channel_id, id);
CREATE INDEX notify_deliveries_alarm ON notify_deliveries (alarm_id, id);
`,
  },
  {
    // Routing rules, rota and escalation per partner; one-time acknowledgement links (hash of the token only).
    version: 2,
    sql: `
CREATE TABLE notify_partner_routing (partner TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at_ms INTEGER NOT NULL);
CREATE TABLE notify_ack_links (
  token_hash TEXT PRIMARY KEY, alarm_id TEXT NOT NULL, channel_id TEXT NOT NULL, expires_at_ms INTEGER NOT NULL,
  used_at_ms INTEGER);
`,
  },
];

export const POSTGRES_NOTIFY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE notify_channels (
  id text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, name text NOT NULL, kind text NOT NULL,
  partner text NOT NULL, min_severity text NOT NULL, enabled boolean NOT NULL, target jsonb NOT NULL,
  secret text, created_by text NOT NULL, created_at_ms bigint NOT NULL
);
CREATE TABLE notify_outbox (
  id text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY, channel_id text NOT NULL,
  alarm_id text NOT NULL, body jsonb NOT NULL, state text NOT NULL, attempts integer NOT NULL,
  next_at_ms bigint NOT NULL, lease_until_ms bigint NOT NULL, created_at_ms bigint NOT NULL
);
CREATE INDEX notify_outbox_due ON notify_outbox (state, next_at_ms);
CREATE TABLE notify_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, outbox_id text NOT NULL, channel_id text NOT NULL,
  alarm_id text NOT NULL, at_ms bigint NOT NULL, attempt integer NOT NULL, outcome text NOT NULL,
  status integer, answer text NOT NULL, duration_ms integer NOT NULL
);
CREATE INDEX notify_deliveries_channel ON notify_deliveries (channel_id, id);
CREATE INDEX notify_deliveries_alarm ON notify_deliveries (alarm_id, id);
`,
  },
  {
    version: 2,
    sql: `
CREATE TABLE notify_partner_routing (partner text PRIMARY KEY, body jsonb NOT NULL, updated_at_ms bigint NOT NULL);
CREATE TABLE notify_ack_links (
  token_hash text PRIMARY KEY, alarm_id text NOT NULL, channel_id text NOT NULL, expires_at_ms bigint NOT NULL,
  used_at_ms bigint
);
`,
  },
];

export const NOTIFY_MIGRATION_SET: MigrationSet = {
  name: 'notify',
  table: 'notify_schema_migrations',
  migrations: POSTGRES_NOTIFY_MIGRATIONS,
};
