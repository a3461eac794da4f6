// What the auth cores need from persistence: SQLite (sqliteStore.ts) for a single node, PostgreSQL
// (postgres/store.ts) when several nodes share one database. Everything else in server/auth talks to this
// interface only. Every call is asynchronous so that every read goes to the shared database: no node keeps a
// copy of users, sessions or tokens that another node could have changed.
import type { PartnerId } from '../../shared/dictionary';
import type { AuditAction, AuditEntry, Role, StationTokenInfo } from '../../shared/protocol/auth';

export interface StoredUser {
  username: string;
  partner: PartnerId;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAtMs: number;
}

export interface StoredSession {
  /** SHA-256 of the session id: the id itself lives only in the browser's cookie. */
  idHash: string;
  /** Set for a user's session. */
  username: string | null;
  /** Set for a wall screen signed in with a kiosk link. */
  kioskId: string | null;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface StoredStationToken extends StationTokenInfo {
  tokenHash: string;
}

export interface StoredKiosk {
  id: string;
  tokenHash: string;
  label: string;
  partner: PartnerId;
  createdBy: string;
  createdAtMs: number;
  revokedAtMs: number | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery {
  limit: number;
  beforeId?: number;
  actor?: string;
  action?: AuditAction;
}

/** One counted login attempt (or a remembered sign-in), under one throttle key. */
export interface LoginAttemptRow {
  key: string;
  atMs: number;
}

/** Rows to add for one attempt: one per key, all removable together by `attemptId`. */
export interface NewLoginAttempt {
  keys: readonly string[];
  atMs: number;
  expiresAtMs: number;
  attemptId: string;
}

export interface AuthStore {
  getUser(username: string): Promise<StoredUser | undefined>;
  listUsers(): Promise<StoredUser[]>;
  countUsers(): Promise<number>;
  /** False when the username is taken. */
  insertUser(user: StoredUser): Promise<boolean>;
  /** False when there is no such user. */
  updateUser(
    username: string,
    patch: Partial<Omit<StoredUser, 'username' | 'createdAtMs'>>,
  ): Promise<boolean>;
  deleteUser(username: string): Promise<boolean>;

  insertSession(session: StoredSession): Promise<void>;
  getSession(idHash: string): Promise<StoredSession | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOfUser(username: string): Promise<void>;
  deleteSessionsOfKiosk(kioskId: string): Promise<void>;
  deleteExpiredSessions(nowMs: number): Promise<number>;

  getStationToken(stationId: string): Promise<StoredStationToken | undefined>;
  listStationTokens(): Promise<StoredStationToken[]>;
  /** Replaces the station's token (a station has one live token at a time). */
  putStationToken(token: StoredStationToken): Promise<void>;
  revokeStationToken(stationId: string, atMs: number): Promise<boolean>;
  touchStationToken(stationId: string, atMs: number): Promise<void>;

  insertKiosk(kiosk: StoredKiosk): Promise<void>;
  getKiosk(id: string): Promise<StoredKiosk | undefined>;
  getKioskByTokenHash(tokenHash: string): Promise<StoredKiosk | undefined>;
  listKiosks(): Promise<StoredKiosk[]>;
  revokeKiosk(id: string, atMs: number): Promise<boolean>;

  /**
   * Atomically, also against other nodes: reads the unexpired rows of `keys` and asks `decide` (a pure function)
   * how long the attempt must wait; when it answers 0, adds the attempt's rows before anyone else may read.
   * Returns decide's answer. Expired rows are forgotten on the way.
   */
  claimLoginAttempt(
    keys: readonly string[],
    nowMs: number,
    decide: (rows: LoginAttemptRow[]) => number,
    attempt: NewLoginAttempt,
  ): Promise<number>;
  /** Removes the rows of `attemptId` and every row of `clearKeys`, and adds (or renews) `remember`. */
  settleLoginSuccess(
    attemptId: string,
    clearKeys: readonly string[],
    remember: LoginAttemptRow & { expiresAtMs: number },
  ): Promise<void>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;

  close(): Promise<void>;
}
