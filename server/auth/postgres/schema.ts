// PostgreSQL schema of the auth store, as numbered migrations applied at start. The tables live in the same
// database (and schema) as the archive, under names of their own (auth_*), with their own migration record.
import type { Migration, MigrationSet } from '../../postgres/migrations';

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
  {
    version: 2,
    // Attempts are counted before the password is checked (and taken back on success), per user and address,
    // per address and per user; a successful sign-in is remembered for its address (key known:…).
    sql: `
DROP TABLE auth_login_failures;
CREATE TABLE auth_login_attempts (
  key text NOT NULL, at_ms bigint NOT NULL, expires_at_ms bigint NOT NULL, attempt_id text
);
CREATE INDEX auth_login_attempts_key ON auth_login_attempts (key, at_ms);
CREATE INDEX auth_login_attempts_expiry ON auth_login_attempts (expires_at_ms);
CREATE INDEX auth_login_attempts_attempt ON auth_login_attempts (attempt_id);
`,
  },
];

export const AUTH_MIGRATION_SET: MigrationSet = {
  name: 'auth',
  table: 'auth_schema_migrations',
  migrations: AUTH_MIGRATIONS,
};
