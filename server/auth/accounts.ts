// Users and their sessions: creation and changes (each change that narrows access ends the user's sessions),
// password login, kiosk login, and resolving a session id to the principal behind it.
import type { Clock } from '../../shared/clock';
import type { PartnerId } from '../../shared/dictionary';
import {
  createUserSchema,
  updateUserSchema,
  type CreateUserRequest,
  type Principal,
  type Role,
  type UpdateUserRequest,
  type UserInfo,
} from '../../shared/protocol/auth';
import type { AuditLog } from './audit';
import { LoginThrottle } from './loginThrottle';
import { decoyPasswordHash, generatePassword, hashPassword, verifyPassword } from './passwords';
import type { Revocations } from './revocations';
import type { AuthStore, StoredSession, StoredUser } from './store';
import { hashToken, randomToken } from './tokens';

export const SESSION_TTL_MS = 12 * 3600 * 1000;
/** Wall screens run for weeks; revisiting the kiosk link (or revoking it) renews or ends the session. */
export const KIOSK_SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** A resolved session: who it is and what it belongs to (for revocation). */
export interface AuthContext {
  principal: Principal;
  sessionIdHash: string;
  username: string | null;
  kioskId: string | null;
  expiresAtMs: number;
}

export type LoginResult =
  | { ok: true; sessionId: string; context: AuthContext }
  | { ok: false; error: 'invalid_credentials' | 'rate_limited'; retryAfterMs?: number };

const USER_ERRORS = {
  user_exists: 'a user with that name exists',
  no_such_user: 'no such user',
  last_admin: 'the last enabled admin cannot be removed, disabled or demoted',
  unknown_partner: 'the mission declares no such partner',
} as const;

export class UserError extends Error {
  constructor(readonly code: keyof typeof USER_ERRORS) {
    super(USER_ERRORS[code]);
  }
}

const toInfo = (u: StoredUser): UserInfo => ({
  username: u.username,
  partner: u.partner,
  role: u.role,
  disabled: u.disabled,
  createdAtMs: u.createdAtMs,
});

const userPrincipal = (u: StoredUser): Principal => ({
  kind: 'user',
  name: u.username,
  partner: u.partner,
  role: u.role,
});

export class Accounts {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly revocations: Revocations,
    /** Partners come from the mission: a user belongs to one it declares. */
    private readonly knowsPartner: (partner: string) => boolean,
    private readonly sessionTtlMs = SESSION_TTL_MS,
  ) {
    this.throttle = new LoginThrottle(store);
  }

  async list(): Promise<UserInfo[]> {
    return (await this.store.listUsers()).map(toInfo);
  }

  async get(username: string): Promise<UserInfo | undefined> {
    const user = await this.store.getUser(username);
    return user && toInfo(user);
  }

  count(): Promise<number> {
    return this.store.countUsers();
  }

  /** Validates the request; generates a password when none is given and returns it (shown once). */
  async create(request: CreateUserRequest, actor: string) {
    const input = createUserSchema.parse(request);
    if (!this.knowsPartner(input.partner)) throw new UserError('unknown_partner');
    const generatedPassword = input.password === undefined ? generatePassword() : undefined;
    const user: StoredUser = {
      username: input.username,
      partner: input.partner,
      role: input.role,
      passwordHash: await hashPassword(input.password ?? generatedPassword!),
      disabled: false,
      createdAtMs: this.clock.now(),
    };
    if (!(await this.store.insertUser(user))) throw new UserError('user_exists');
    await this.audit.record(actor, 'user_create', user.username, `${user.role} ${user.partner}`);
    return { user: toInfo(user), ...(generatedPassword && { generatedPassword }) };
  }

  async update(username: string, request: UpdateUserRequest, actor: string): Promise<UserInfo> {
    const patch = updateUserSchema.parse(request);
    if (patch.partner !== undefined && !this.knowsPartner(patch.partner))
      throw new UserError('unknown_partner');
    const current = await this.store.getUser(username);
    if (!current) throw new UserError('no_such_user');
    const demotes = (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true;
    const demotesAdmin = current.role === 'admin' && demotes;
    if (demotesAdmin) await this.assertAnotherAdmin(username);
    const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
    const { password: _password, ...rest } = patch;
    await this.store.updateUser(username, { ...rest, ...(passwordHash && { passwordHash }) });
    if (demotesAdmin) {
      const { username: _name, createdAtMs: _created, ...before } = current;
      await this.undoIfNoAdminLeft(() => this.store.updateUser(username, before));
    }
    // Any change to who the user is or how they sign in ends their sessions: they sign in again.
    await this.endSessionsOf(username);
    const changed = Object.keys(patch).join(',');
    await this.audit.record(actor, 'user_update', username, changed);
    const updated = await this.store.getUser(username);
    // Another node may have deleted the user meanwhile.
    if (!updated) throw new UserError('no_such_user');
    return toInfo(updated);
  }

  async delete(username: string, actor: string): Promise<void> {
    const current = await this.store.getUser(username);
    if (!current) throw new UserError('no_such_user');
    if (current.role === 'admin') await this.assertAnotherAdmin(username);
    await this.store.deleteUser(username);
    if (current.role === 'admin') await this.undoIfNoAdminLeft(() => this.store.insertUser(current));
    await this.endSessionsOf(username);
    await this.audit.record(actor, 'user_delete', username);
  }

  /**
   * `clientKey` identifies the caller (its address). The attempt is counted before the password is checked,
   * so parallel guesses are limited as strictly as sequential ones (see loginThrottle.ts).
   */
  async login(username: string, password: string, clientKey: string): Promise<LoginResult> {
    const now = this.clock.now();
    const claim = await this.throttle.claim(username, clientKey, now);
    if (!claim.ok) return { ok: false, error: 'rate_limited', retryAfterMs: claim.retryAfterMs };
    const user = await this.store.getUser(username);
    // Verify even for an unknown or disabled user, so the answer takes as long either way.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || user.disabled || !matches) {
      await this.audit.record(username.slice(0, 64), 'login_failed', null, clientKey);
      return { ok: false, error: 'invalid_credentials' };
    }
    await this.throttle.succeeded(claim, now);
    await this.audit.record(user.username, 'login', null, clientKey);
    return this.startSession(
      { username: user.username, kioskId: null },
      userPrincipal(user),
      this.sessionTtlMs,
    );
  }

  /** Signs a wall screen in with a kiosk link's token; null for an unknown or revoked link. */
  async kioskLogin(token: string): Promise<(LoginResult & { ok: true }) | null> {
    const kiosk = await this.store.getKioskByTokenHash(hashToken(token));
    if (!kiosk || kiosk.revokedAtMs !== null) return null;
    await this.audit.record(`kiosk:${kiosk.label}`, 'kiosk_login', kiosk.id);
    return this.startSession(
      { username: null, kioskId: kiosk.id },
      kioskPrincipal(kiosk),
      KIOSK_SESSION_TTL_MS,
    );
  }

  /** The session behind a cookie value, or null when it is unknown, expired or its owner lost access. */
  async authenticate(sessionId: string): Promise<AuthContext | null> {
    const idHash = hashToken(sessionId);
    const session = await this.store.getSession(idHash);
    if (!session) return null;
    if (session.expiresAtMs <= this.clock.now()) {
      await this.store.deleteSession(idHash);
      return null;
    }
    const principal = await this.principalOf(session);
    if (!principal) return null;
    return {
      principal,
      sessionIdHash: idHash,
      username: session.username,
      kioskId: session.kioskId,
      expiresAtMs: session.expiresAtMs,
    };
  }

  async logout(context: AuthContext): Promise<void> {
    await this.store.deleteSession(context.sessionIdHash);
    this.revocations.publish({ kind: 'session', sessionIdHash: context.sessionIdHash });
    if (context.username) await this.audit.record(context.username, 'logout');
  }

  purgeExpiredSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(this.clock.now());
  }

  private async principalOf(session: StoredSession): Promise<Principal | null> {
    if (session.username !== null) {
      const user = await this.store.getUser(session.username);
      return user && !user.disabled ? userPrincipal(user) : null;
    }
    const kiosk = session.kioskId === null ? undefined : await this.store.getKiosk(session.kioskId);
    return kiosk && kiosk.revokedAtMs === null ? kioskPrincipal(kiosk) : null;
  }

  private async startSession(
    owner: Pick<StoredSession, 'username' | 'kioskId'>,
    principal: Principal,
    ttlMs: number,
  ) {
    const sessionId = randomToken();
    const now = this.clock.now();
    const session: StoredSession = {
      idHash: hashToken(sessionId),
      ...owner,
      createdAtMs: now,
      expiresAtMs: now + ttlMs,
    };
    await this.store.insertSession(session);
    const context: AuthContext = {
      principal,
      sessionIdHash: session.idHash,
      ...owner,
      expiresAtMs: session.expiresAtMs,
    };
    return { ok: true as const, sessionId, context };
  }

  private async endSessionsOf(username: string): Promise<void> {
    await this.store.deleteSessionsOfUser(username);
    this.revocations.publish({ kind: 'user', username });
  }

  private async assertAnotherAdmin(username: string): Promise<void> {
    const admins = await this.enabledAdmins();
    if (!admins.some((u) => u.username !== username)) throw new UserError('last_admin');
  }

  /**
   * Checked again once the change is written: two admins demoting each other at the same moment (on two
   * nodes, or between two awaits) both passed the first check. Whichever finds no enabled admin left undoes
   * its own change, so at least one admin always remains.
   */
  private async undoIfNoAdminLeft(undo: () => Promise<unknown>): Promise<void> {
    if ((await this.enabledAdmins()).length > 0) return;
    await undo();
    throw new UserError('last_admin');
  }

  private async enabledAdmins(): Promise<StoredUser[]> {
    return (await this.store.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
  }
}

export function kioskPrincipal(kiosk: { label: string; partner: PartnerId }): Principal {
  return {
    kind: 'kiosk',
    name: `kiosk:${kiosk.label}`,
    partner: kiosk.partner,
    role: 'viewer' satisfies Role,
  };
}
