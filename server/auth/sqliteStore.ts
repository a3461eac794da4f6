// The auth store on SQLite (better-sqlite3): prepared statements with bound parameters only. Tables are
// prefixed auth_ so they can share a database file with the archive or live in their own. better-sqlite3 is
// synchronous; the statements are written that way and wrapped once into the asynchronous AuthStore.
import Database from 'better-sqlite3';
import type { PartnerId } from '../../shared/dictionary';
import type { AuditAction, AuditEntry, Role } from '../../shared/protocol/auth';
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
} from './store';
import { AUTH_KIND, inspectSqliteFile } from '../sqlite/inspect';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS auth_users (
  username TEXT PRIMARY KEY, partner TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0, created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS auth_sessions (
  id_hash TEXT PRIMARY KEY, username TEXT, kiosk_id TEXT, created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS auth_sessions_username ON auth_sessions (username);
CREATE INDEX IF NOT EXISTS auth_sessions_kiosk ON auth_sessions (kiosk_id);
CREATE TABLE IF NOT EXISTS auth_station_tokens (
  station_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, source TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER, last_used_ms INTEGER);
CREATE TABLE IF NOT EXISTS auth_kiosks (
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL, partner TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER);
CREATE TABLE IF NOT EXISTS auth_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT, detail TEXT);
CREATE INDEX IF NOT EXISTS auth_audit_actor ON auth_audit (actor, id);
DROP TABLE IF EXISTS auth_login_failures;
CREATE TABLE IF NOT EXISTS auth_login_attempts (
  key TEXT NOT NULL, at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL, attempt_id TEXT);
CREATE INDEX IF NOT EXISTS auth_login_attempts_key ON auth_login_attempts (key, at_ms);
CREATE INDEX IF NOT EXISTS auth_login_attempts_expiry ON auth_login_attempts (expires_at_ms);
CREATE INDEX IF NOT EXISTS auth_login_attempts_attempt ON auth_login_attempts (attempt_id);
`;

interface UserRow {
  username: string;
  partner: string;
  role: string;
  password_hash: string;
  disabled: number;
  created_at_ms: number;
}
interface SessionRow {
  id_hash: string;
  username: string | null;
  kiosk_id: string | null;
  created_at_ms: number;
  expires_at_ms: number;
}
interface StationTokenRow {
  station_id: string;
  token_hash: string;
  source: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
  last_used_ms: number | null;
}
interface KioskRow {
  id: string;
  token_hash: string;
  label: string;
  partner: string;
  created_by: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
}
interface AuditRow {
  id: number;
  at_ms: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

const toUser = (r: UserRow): StoredUser => ({
  username: r.username,
  partner: r.partner as PartnerId,
  role: r.role as Role,
  passwordHash: r.password_hash,
  disabled: r.disabled !== 0,
  createdAtMs: r.created_at_ms,
});
const toSession = (r: SessionRow): StoredSession => ({
  idHash: r.id_hash,
  username: r.username,
  kioskId: r.kiosk_id,
  createdAtMs: r.created_at_ms,
  expiresAtMs: r.expires_at_ms,
});
const toStationToken = (r: StationTokenRow): StoredStationToken => ({
  stationId: r.station_id,
  tokenHash: r.token_hash,
  source: r.source === 'admin' ? 'admin' : 'config',
  createdAtMs: r.created_at_ms,
  revokedAtMs: r.revoked_at_ms,
  lastUsedMs: r.last_used_ms,
});
const toKiosk = (r: KioskRow): StoredKiosk => ({
  id: r.id,
  tokenHash: r.token_hash,
  label: r.label,
  partner: r.partner as PartnerId,
  createdBy: r.created_by,
  createdAtMs: r.created_at_ms,
  revokedAtMs: r.revoked_at_ms,
});
const toAudit = (r: AuditRow): AuditEntry => ({ ...r, atMs: r.at_ms, action: r.action as AuditAction });

/** Opens (or adopts) a SQLite database and creates the auth tables. `:memory:` works for tests. */
export function createSqliteAuthStore(database: string | Database.Database): AuthStore {
  const ownsDb = typeof database === 'string';
  if (typeof database === 'string') inspectSqliteFile(database, AUTH_KIND);
  const db = typeof database === 'string' ? new Database(database) : database;
  if (ownsDb) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(SCHEMA);
  return settled({
    ...userStatements(db),
    ...sessionStatements(db),
    ...tokenStatements(db),
    ...auditStatements(db),
    ...throttleStatements(db),
    close: () => {
      if (ownsDb) db.close();
    },
  });
}

/** The store's methods as they run on SQLite: the same calls, answered at once. */
type SyncAuthStore = {
  [K in keyof AuthStore]: AuthStore[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => R
    : never;
};

/** Wraps each synchronous method so that it resolves with its result, or rejects with what it threw. */
function settled(sync: SyncAuthStore): AuthStore {
  const methods = Object.entries(sync) as [string, (...args: unknown[]) => unknown][];
  const entries = methods.map(([name, method]) => [
    name,
    (...args: unknown[]) => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  ]);
  return Object.fromEntries(entries) as AuthStore;
}

function userStatements(db: Database.Database) {
  const get = db.prepare<[string], UserRow>('SELECT * FROM auth_users WHERE username = ?');
  const list = db.prepare<[], UserRow>('SELECT * FROM auth_users ORDER BY username');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM auth_users');
  const insert = db.prepare(
    `INSERT OR IGNORE INTO auth_users (username, partner, role, password_hash, disabled, created_at_ms)
     VALUES (@username, @partner, @role, @passwordHash, @disabled, @createdAtMs)`,
  );
  const update = db.prepare(
    `UPDATE auth_users SET partner = COALESCE(@partner, partner), role = COALESCE(@role, role),
     password_hash = COALESCE(@passwordHash, password_hash), disabled = COALESCE(@disabled, disabled)
     WHERE username = @username`,
  );
  const remove = db.prepare('DELETE FROM auth_users WHERE username = ?');
  return {
    getUser: (username: string) => {
      const row = get.get(username);
      return row && toUser(row);
    },
    listUsers: () => list.all().map(toUser),
    countUsers: () => count.get()!.n,
    insertUser: (user: StoredUser) => insert.run({ ...user, disabled: user.disabled ? 1 : 0 }).changes === 1,
    updateUser: (username: string, patch: Partial<Omit<StoredUser, 'username' | 'createdAtMs'>>) =>
      update.run({
        username,
        partner: patch.partner ?? null,
        role: patch.role ?? null,
        passwordHash: patch.passwordHash ?? null,
        disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
      }).changes === 1,
    deleteUser: (username: string) => remove.run(username).changes === 1,
  };
}

function sessionStatements(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO auth_sessions (id_hash, username, kiosk_id, created_at_ms, expires_at_ms)
     VALUES (@idHash, @username, @kioskId, @createdAtMs, @expiresAtMs)`,
  );
  const get = db.prepare<[string], SessionRow>('SELECT * FROM auth_sessions WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM auth_sessions WHERE id_hash = ?');
  const removeOfUser = db.prepare('DELETE FROM auth_sessions WHERE username = ?');
  const removeOfKiosk = db.prepare('DELETE FROM auth_sessions WHERE kiosk_id = ?');
  const removeExpired = db.prepare('DELETE FROM auth_sessions WHERE expires_at_ms <= ?');
  return {
    insertSession: (session: StoredSession) => void insert.run(session),
    getSession: (idHash: string) => {
      const row = get.get(idHash);
      return row && toSession(row);
    },
    deleteSession: (idHash: string) => void remove.run(idHash),
    deleteSessionsOfUser: (username: string) => void removeOfUser.run(username),
    deleteSessionsOfKiosk: (kioskId: string) => void removeOfKiosk.run(kioskId),
    deleteExpiredSessions: (nowMs: number) => removeExpired.run(nowMs).changes,
  };
}

function tokenStatements(db: Database.Database) {
  const getStation = db.prepare<[string], StationTokenRow>(
    'SELECT * FROM auth_station_tokens WHERE station_id = ?',
  );
  const listStations = db.prepare<[], StationTokenRow>(
    'SELECT * FROM auth_station_tokens ORDER BY station_id',
  );
  const putStation = db.prepare(
    `INSERT OR REPLACE INTO auth_station_tokens
     (station_id, token_hash, source, created_at_ms, revoked_at_ms, last_used_ms)
     VALUES (@stationId, @tokenHash, @source, @createdAtMs, @revokedAtMs, @lastUsedMs)`,
  );
  const revokeStation = db.prepare(
    'UPDATE auth_station_tokens SET revoked_at_ms = ? WHERE station_id = ? AND revoked_at_ms IS NULL',
  );
  const touchStation = db.prepare('UPDATE auth_station_tokens SET last_used_ms = ? WHERE station_id = ?');
  const insertKiosk = db.prepare(
    `INSERT INTO auth_kiosks (id, token_hash, label, partner, created_by, created_at_ms, revoked_at_ms)
     VALUES (@id, @tokenHash, @label, @partner, @createdBy, @createdAtMs, @revokedAtMs)`,
  );
  const getKiosk = db.prepare<[string], KioskRow>('SELECT * FROM auth_kiosks WHERE id = ?');
  const getKioskByHash = db.prepare<[string], KioskRow>('SELECT * FROM auth_kiosks WHERE token_hash = ?');
  const listKiosks = db.prepare<[], KioskRow>('SELECT * FROM auth_kiosks ORDER BY created_at_ms, rowid');
  const revokeKiosk = db.prepare(
    'UPDATE auth_kiosks SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL',
  );
  return {
    getStationToken: (stationId: string) => {
      const row = getStation.get(stationId);
      return row && toStationToken(row);
    },
    listStationTokens: () => listStations.all().map(toStationToken),
    putStationToken: (token: StoredStationToken) => void putStation.run(token),
    revokeStationToken: (stationId: string, atMs: number) => revokeStation.run(atMs, stationId).changes === 1,
    touchStationToken: (stationId: string, atMs: number) => void touchStation.run(atMs, stationId),
    insertKiosk: (kiosk: StoredKiosk) => void insertKiosk.run(kiosk),
    getKiosk: (id: string) => {
      const row = getKiosk.get(id);
      return row && toKiosk(row);
    },
    getKioskByTokenHash: (tokenHash: string) => {
      const row = getKioskByHash.get(tokenHash);
      return row && toKiosk(row);
    },
    listKiosks: () => listKiosks.all().map(toKiosk),
    revokeKiosk: (id: string, atMs: number) => revokeKiosk.run(atMs, id).changes === 1,
  };
}

function throttleStatements(db: Database.Database) {
  const insert = db.prepare(
    'INSERT INTO auth_login_attempts (key, at_ms, expires_at_ms, attempt_id) VALUES (?, ?, ?, ?)',
  );
  const forget = db.prepare('DELETE FROM auth_login_attempts WHERE expires_at_ms <= ?');
  // Keys as a JSON array bound as one parameter: one statement for any number of keys.
  const read = db.prepare<[string, number], LoginAttemptRow>(
    `SELECT key, at_ms AS atMs FROM auth_login_attempts
     WHERE key IN (SELECT value FROM json_each(?)) AND expires_at_ms > ? ORDER BY at_ms`,
  );
  const removeAttempt = db.prepare('DELETE FROM auth_login_attempts WHERE attempt_id = ?');
  const removeKey = db.prepare('DELETE FROM auth_login_attempts WHERE key = ?');
  const claim = db.transaction(
    (
      keys: readonly string[],
      nowMs: number,
      decide: (rows: LoginAttemptRow[]) => number,
      a: NewLoginAttempt,
    ) => {
      forget.run(nowMs);
      const wait = decide(read.all(JSON.stringify(keys), nowMs));
      if (wait === 0) for (const key of a.keys) insert.run(key, a.atMs, a.expiresAtMs, a.attemptId);
      return wait;
    },
  );
  const settle = db.transaction(
    (
      attemptId: string,
      clearKeys: readonly string[],
      remember: LoginAttemptRow & { expiresAtMs: number },
    ) => {
      removeAttempt.run(attemptId);
      for (const key of [...clearKeys, remember.key]) removeKey.run(key);
      insert.run(remember.key, remember.atMs, remember.expiresAtMs, null);
    },
  );
  return {
    // IMMEDIATE takes the database's write lock before reading, so processes sharing the file serialize too.
    claimLoginAttempt: (
      keys: readonly string[],
      nowMs: number,
      decide: (rows: LoginAttemptRow[]) => number,
      attempt: NewLoginAttempt,
    ) => claim.immediate(keys, nowMs, decide, attempt),
    settleLoginSuccess: (
      attemptId: string,
      clearKeys: readonly string[],
      remember: LoginAttemptRow & { expiresAtMs: number },
    ) => void settle.immediate(attemptId, clearKeys, remember),
  };
}

function auditStatements(db: Database.Database) {
  const insert = db.prepare(
    'INSERT INTO auth_audit (at_ms, actor, action, target, detail) VALUES (@atMs, @actor, @action, @target, @detail)',
  );
  // Optional filters as bound NULLs, so there is one statement and no SQL built from input.
  const list = db.prepare<
    { limit: number; beforeId: number | null; actor: string | null; action: string | null },
    AuditRow
  >(
    `SELECT * FROM auth_audit WHERE (@beforeId IS NULL OR id < @beforeId)
     AND (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action)
     ORDER BY id DESC LIMIT @limit`,
  );
  return {
    appendAudit: (entry: NewAuditEntry): AuditEntry => {
      const id = Number(insert.run(entry).lastInsertRowid);
      return { id, ...entry };
    },
    listAudit: (query: AuditQuery) =>
      list
        .all({
          limit: query.limit,
          beforeId: query.beforeId ?? null,
          actor: query.actor ?? null,
          action: query.action ?? null,
        })
        .map(toAudit),
  };
}
