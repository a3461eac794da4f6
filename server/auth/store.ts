// What the auth cores need from persistence. The SQLite implementation is in sqliteStore.ts; everything else
// in server/auth talks to this interface only.
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

export interface AuthStore {
  getUser(username: string): StoredUser | undefined;
  listUsers(): StoredUser[];
  countUsers(): number;
  /** False when the username is taken. */
  insertUser(user: StoredUser): boolean;
  /** False when there is no such user. */
  updateUser(username: string, patch: Partial<Omit<StoredUser, 'username' | 'createdAtMs'>>): boolean;
  deleteUser(username: string): boolean;

  insertSession(session: StoredSession): void;
  getSession(idHash: string): StoredSession | undefined;
  deleteSession(idHash: string): void;
  deleteSessionsOfUser(username: string): void;
  deleteSessionsOfKiosk(kioskId: string): void;
  deleteExpiredSessions(nowMs: number): number;

  getStationToken(stationId: string): StoredStationToken | undefined;
  listStationTokens(): StoredStationToken[];
  /** Replaces the station's token (a station has one live token at a time). */
  putStationToken(token: StoredStationToken): void;
  revokeStationToken(stationId: string, atMs: number): boolean;
  touchStationToken(stationId: string, atMs: number): void;

  insertKiosk(kiosk: StoredKiosk): void;
  getKiosk(id: string): StoredKiosk | undefined;
  getKioskByTokenHash(tokenHash: string): StoredKiosk | undefined;
  listKiosks(): StoredKiosk[];
  revokeKiosk(id: string, atMs: number): boolean;

  appendAudit(entry: NewAuditEntry): AuditEntry;
  listAudit(query: AuditQuery): AuditEntry[];

  close(): void;
}
