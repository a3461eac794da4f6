// The auth store on PostgreSQL (node-postgres), for nodes that share one database: every read goes to the
// database, so a user, session, token or kiosk link changed on one node is seen by the next request on any
// other. Bound parameters only; columns are aliased to the store's field names.
import type pg from 'pg';
import type { AuditEntry } from '../../../shared/protocol/auth';
import type {
  AuditQuery,
  AuthStore,
  LoginAttemptRow,
  NewLoginAttempt,
  NewAuditEntry,
  StoredKiosk,
  StoredSession,
  StoredStationToken,
  StoredUser,
} from '../store';
import { applyMigrations } from '../../postgres/migrations';
import { openPool, withConnection, withTransaction } from '../../postgres/pool';
import { AUTH_MIGRATION_SET } from './schema';

export interface PostgresAuthStoreOptions {
  /** postgres://user@host:port/database (its search_path option, if any, is honoured). */
  connectionString: string;
  /** Schema to keep the tables in (created if missing); default: the connection's search_path. */
  schema?: string;
  /** Pool size per node (default 4: auth queries are short). */
  maxConnections?: number;
}

const USER = `username, partner, role, password_hash AS "passwordHash", disabled, created_at_ms AS "createdAtMs"`;
const SESSION = `id_hash AS "idHash", username, kiosk_id AS "kioskId", created_at_ms AS "createdAtMs",
  expires_at_ms AS "expiresAtMs"`;
const STATION = `station_id AS "stationId", token_hash AS "tokenHash", source, created_at_ms AS "createdAtMs",
  revoked_at_ms AS "revokedAtMs", last_used_ms AS "lastUsedMs"`;
const KIOSK = `id, token_hash AS "tokenHash", label, partner, created_by AS "createdBy",
  created_at_ms AS "createdAtMs", revoked_at_ms AS "revokedAtMs"`;
const AUDIT = `id, at_ms AS "atMs", actor, action, target, detail`;

/** Connects and applies the migrations. */
export async function createPostgresAuthStore(options: PostgresAuthStoreOptions): Promise<AuthStore> {
  const pool = openPool({ ...options, max: options.maxConnections ?? 4, label: 'auth' });
  try {
    await withConnection(pool, (client) => applyMigrations(client, options.schema, AUTH_MIGRATION_SET));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresAuthStore(pool);
}

function postgresAuthStore(pool: pg.Pool): AuthStore {
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await pool.query<T & pg.QueryResultRow>(sql, params)).rows;
  const first = async <T>(sql: string, params: unknown[]): Promise<T | undefined> =>
    (await rows<T>(sql, params))[0];
  const changed = async (sql: string, params: unknown[]): Promise<number> =>
    (await pool.query(sql, params)).rowCount ?? 0;
  let closed = false;
  return {
    ...userQueries(rows, first, changed),
    ...sessionQueries(first, changed),
    ...tokenQueries(rows, first, changed),
    ...auditQueries(rows, first),
    ...throttleQueries(pool),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

type Rows = <T>(sql: string, params?: unknown[]) => Promise<T[]>;
type First = <T>(sql: string, params: unknown[]) => Promise<T | undefined>;
type Changed = (sql: string, params: unknown[]) => Promise<number>;

function userQueries(rows: Rows, first: First, changed: Changed) {
  return {
    getUser: (username: string) =>
      first<StoredUser>(`SELECT ${USER} FROM auth_users WHERE username = $1`, [username]),
    listUsers: () => rows<StoredUser>(`SELECT ${USER} FROM auth_users ORDER BY username`),
    countUsers: async () =>
      (await first<{ n: number }>('SELECT count(*)::int AS n FROM auth_users', []))?.n ?? 0,
    insertUser: async (u: StoredUser) =>
      (await changed(
        `INSERT INTO auth_users (username, partner, role, password_hash, disabled, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [u.username, u.partner, u.role, u.passwordHash, u.disabled, u.createdAtMs],
      )) === 1,
    updateUser: async (username: string, patch: Partial<Omit<StoredUser, 'username' | 'createdAtMs'>>) =>
      (await changed(
        `UPDATE auth_users SET partner = COALESCE($2::text, partner), role = COALESCE($3::text, role),
         password_hash = COALESCE($4::text, password_hash), disabled = COALESCE($5::boolean, disabled)
         WHERE username = $1`,
        [
          username,
          patch.partner ?? null,
          patch.role ?? null,
          patch.passwordHash ?? null,
          patch.disabled ?? null,
        ],
      )) === 1,
    deleteUser: async (username: string) =>
      (await changed('DELETE FROM auth_users WHERE username = $1', [username])) === 1,
  };
}

function sessionQueries(first: First, changed: Changed) {
  const run = async (sql: string, params: unknown[]) => void (await changed(sql, params));
  return {
    insertSession: (s: StoredSession) =>
      run(
        `INSERT INTO auth_sessions (id_hash, username, kiosk_id, created_at_ms, expires_at_ms)
         VALUES ($1, $2, $3, $4, $5)`,
        [s.idHash, s.username, s.kioskId, s.createdAtMs, s.expiresAtMs],
      ),
    getSession: (idHash: string) =>
      first<StoredSession>(`SELECT ${SESSION} FROM auth_sessions WHERE id_hash = $1`, [idHash]),
    deleteSession: (idHash: string) => run('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash]),
    deleteSessionsOfUser: (username: string) =>
      run('DELETE FROM auth_sessions WHERE username = $1', [username]),
    deleteSessionsOfKiosk: (kioskId: string) =>
      run('DELETE FROM auth_sessions WHERE kiosk_id = $1', [kioskId]),
    deleteExpiredSessions: (nowMs: number) =>
      changed('DELETE FROM auth_sessions WHERE expires_at_ms <= $1', [nowMs]),
  };
}

function tokenQueries(rows: Rows, first: First, changed: Changed) {
  return {
    getStationToken: (stationId: string) =>
      first<StoredStationToken>(`SELECT ${STATION} FROM auth_station_tokens WHERE station_id = $1`, [
        stationId,
      ]),
    listStationTokens: () =>
      rows<StoredStationToken>(`SELECT ${STATION} FROM auth_station_tokens ORDER BY station_id`),
    putStationToken: async (t: StoredStationToken) =>
      void (await changed(
        `INSERT INTO auth_station_tokens
         (station_id, token_hash, source, created_at_ms, revoked_at_ms, last_used_ms)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (station_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, source = EXCLUDED.source,
         created_at_ms = EXCLUDED.created_at_ms, revoked_at_ms = EXCLUDED.revoked_at_ms,
         last_used_ms = EXCLUDED.last_used_ms`,
        [t.stationId, t.tokenHash, t.source, t.createdAtMs, t.revokedAtMs, t.lastUsedMs],
      )),
    revokeStationToken: async (stationId: string, atMs: number) =>
      (await changed(
        'UPDATE auth_station_tokens SET revoked_at_ms = $1 WHERE station_id = $2 AND revoked_at_ms IS NULL',
        [atMs, stationId],
      )) === 1,
    touchStationToken: async (stationId: string, atMs: number) =>
      void (await changed('UPDATE auth_station_tokens SET last_used_ms = $1 WHERE station_id = $2', [
        atMs,
        stationId,
      ])),
    insertKiosk: async (k: StoredKiosk) =>
      void (await changed(
        `INSERT INTO auth_kiosks (id, token_hash, label, partner, created_by, created_at_ms, revoked_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [k.id, k.tokenHash, k.label, k.partner, k.createdBy, k.createdAtMs, k.revokedAtMs],
      )),
    getKiosk: (id: string) => first<StoredKiosk>(`SELECT ${KIOSK} FROM auth_kiosks WHERE id = $1`, [id]),
    getKioskByTokenHash: (tokenHash: string) =>
      first<StoredKiosk>(`SELECT ${KIOSK} FROM auth_kiosks WHERE token_hash = $1`, [tokenHash]),
    listKiosks: () => rows<StoredKiosk>(`SELECT ${KIOSK} FROM auth_kiosks ORDER BY created_at_ms, seq`),
    revokeKiosk: async (id: string, atMs: number) =>
      (await changed('UPDATE auth_kiosks SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL', [
        atMs,
        id,
      ])) === 1,
  };
}

function throttleQueries(pool: pg.Pool) {
  const forgetExpired = (nowMs: number) =>
    pool
      .query('DELETE FROM auth_login_attempts WHERE expires_at_ms <= $1', [nowMs])
      // Housekeeping only: two nodes pruning at once may collide, and the next claim prunes again.
      .catch(() => undefined);
  return {
    claimLoginAttempt: async (
      keys: readonly string[],
      nowMs: number,
      decide: (rows: LoginAttemptRow[]) => number,
      attempt: NewLoginAttempt,
    ) => {
      const wait = await withTransaction(pool, async (client) => {
        // One lock per key, taken in one order by every node: claims on the same user or address serialize.
        for (const key of [...keys].sort()) {
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
        }
        const { rows } = await client.query<LoginAttemptRow>(
          `SELECT key, at_ms AS "atMs" FROM auth_login_attempts
           WHERE key = ANY($1::text[]) AND expires_at_ms > $2 ORDER BY at_ms`,
          [keys, nowMs],
        );
        const answer = decide(rows);
        if (answer === 0) {
          await client.query(
            `INSERT INTO auth_login_attempts (key, at_ms, expires_at_ms, attempt_id)
             SELECT unnest($1::text[]), $2, $3, $4`,
            [attempt.keys, attempt.atMs, attempt.expiresAtMs, attempt.attemptId],
          );
        }
        return answer;
      });
      await forgetExpired(nowMs);
      return wait;
    },
    settleLoginSuccess: async (
      attemptId: string,
      clearKeys: readonly string[],
      remember: LoginAttemptRow & { expiresAtMs: number },
    ) => {
      await withTransaction(pool, async (client) => {
        await client.query('DELETE FROM auth_login_attempts WHERE attempt_id = $1 OR key = ANY($2::text[])', [
          attemptId,
          [...clearKeys, remember.key],
        ]);
        await client.query(
          'INSERT INTO auth_login_attempts (key, at_ms, expires_at_ms, attempt_id) VALUES ($1, $2, $3, NULL)',
          [remember.key, remember.atMs, remember.expiresAtMs],
        );
      });
    },
  };
}

function auditQueries(rows: Rows, first: First) {
  return {
    appendAudit: async (e: NewAuditEntry): Promise<AuditEntry> => {
      const row = await first<{ id: number }>(
        'INSERT INTO auth_audit (at_ms, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [e.atMs, e.actor, e.action, e.target, e.detail],
      );
      return { id: row!.id, ...e };
    },
    // Optional filters as bound NULLs, so there is one statement and no SQL built from input.
    listAudit: (q: AuditQuery) =>
      rows<AuditEntry>(
        `SELECT ${AUDIT} FROM auth_audit WHERE ($2::bigint IS NULL OR id < $2)
         AND ($3::text IS NULL OR actor = $3) AND ($4::text IS NULL OR action = $4)
         ORDER BY id DESC LIMIT $1`,
        [q.limit, q.beforeId ?? null, q.actor ?? null, q.action ?? null],
      ),
  };
}
