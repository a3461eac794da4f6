import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_TTL_MS, UserError } from '../../server/auth/accounts';
import { createAuth, ensureFirstAdmin } from '../../server/auth';
import { DICTIONARY } from '../../server/mission/shipped';
import type { Revocation } from '../../server/auth/revocations';
import { TEST_PASSWORD } from '../helpers/auth';
import { AUTH_STORE_FACTORIES, createTestAuth, type TestAuth } from '../helpers/authStores';

describe.each(AUTH_STORE_FACTORIES)('accounts and sessions ($name)', (factory) => {
  let t: TestAuth;
  let revoked: Revocation[];
  beforeEach(async () => {
    t = await createTestAuth(factory);
    revoked = [];
    t.auth.revocations.subscribe((r) => revoked.push(r));
    await t.auth.accounts.create(
      { username: 'aigerim', partner: 'KZ', role: 'operator', password: TEST_PASSWORD },
      'admin',
    );
  });
  afterEach(() => t.dispose());

  const login = (username = 'aigerim', password = TEST_PASSWORD, client = '127.0.0.1') =>
    t.auth.accounts.login(username, password, client);

  it('logs a user in and resolves the session to the user, partner and role', async () => {
    const result = await login();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const context = await t.auth.accounts.authenticate(result.sessionId);
    expect(context?.principal).toEqual({ kind: 'user', name: 'aigerim', partner: 'KZ', role: 'operator' });
    expect(context?.expiresAtMs).toBe(t.clock.now() + SESSION_TTL_MS);
    expect(t.auth.me(context!)).toMatchObject({
      permissions: expect.arrayContaining(['alarms:ack', 'alarms:shelve', 'sim:faults']),
      spacecraft: expect.arrayContaining([{ spacecraftId: 'kazeosat-1', level: 'export' }]),
    });
    expect(t.auth.me(context!).permissions).not.toContain('export');
  });

  it('refuses wrong passwords, unknown users and disabled users alike', async () => {
    expect(await login('aigerim', 'wrong password')).toEqual({ ok: false, error: 'invalid_credentials' });
    expect(await login('nobody')).toEqual({ ok: false, error: 'invalid_credentials' });
    await t.auth.accounts.update('aigerim', { disabled: true }, 'admin');
    expect(await login()).toEqual({ ok: false, error: 'invalid_credentials' });
  });

  it('stores only hashes: neither the password nor the session id is in the database', async () => {
    const result = await login();
    if (!result.ok) throw new Error('login failed');
    const dump = await t.store.dump();
    expect(dump).not.toContain(TEST_PASSWORD);
    expect(dump).not.toContain(result.sessionId);
  });

  it('expires sessions and refuses unknown session ids', async () => {
    const result = await login();
    if (!result.ok) throw new Error('login failed');
    expect(await t.auth.accounts.authenticate('not-a-session')).toBeNull();
    t.clock.advance(SESSION_TTL_MS - 1);
    expect(await t.auth.accounts.authenticate(result.sessionId)).not.toBeNull();
    t.clock.advance(1);
    expect(await t.auth.accounts.authenticate(result.sessionId)).toBeNull();
  });

  it('purges sessions that expired without being presented again', async () => {
    await login();
    t.clock.advance(SESSION_TTL_MS - 1);
    expect(await t.auth.accounts.purgeExpiredSessions()).toBe(0);
    t.clock.advance(1);
    expect(await t.auth.accounts.purgeExpiredSessions()).toBe(1);
    expect(await t.auth.accounts.purgeExpiredSessions()).toBe(0);
  });

  it('ends a session at logout and tells live connections', async () => {
    const result = await login();
    if (!result.ok) throw new Error('login failed');
    await t.auth.accounts.logout(result.context);
    expect(await t.auth.accounts.authenticate(result.sessionId)).toBeNull();
    expect(revoked).toEqual([{ kind: 'session', sessionIdHash: result.context.sessionIdHash }]);
  });

  it('ends every session of a user whose role, partner, password or status changes, or who is deleted', async () => {
    for (const patch of [
      { role: 'viewer' as const },
      { partner: 'TR' as const },
      { password: 'another long one' },
    ]) {
      const result = await login();
      if (!result.ok) throw new Error('login failed');
      await t.auth.accounts.update('aigerim', patch, 'admin');
      expect(await t.auth.accounts.authenticate(result.sessionId)).toBeNull();
    }
    const result = await login('aigerim', 'another long one');
    if (!result.ok) throw new Error('login failed');
    expect(result.context.principal).toMatchObject({ role: 'viewer', partner: 'TR' });
    await t.auth.accounts.delete('aigerim', 'admin');
    expect(await t.auth.accounts.authenticate(result.sessionId)).toBeNull();
    expect(revoked.filter((r) => r.kind === 'user')).toHaveLength(4);
  });

  it('throttles password guessing per username and address; other addresses keep trying', async () => {
    for (let i = 0; i < 5; i++) await login('aigerim', `guess ${i}`, '10.0.0.1');
    expect(await login('aigerim', TEST_PASSWORD, '10.0.0.1')).toMatchObject({ error: 'rate_limited' });
    // Five wrong passwords from one address lock neither the user elsewhere nor that address for others.
    expect((await login('aigerim', TEST_PASSWORD, '10.0.0.2')).ok).toBe(true);
    expect(await login('someone', 'x', '10.0.0.1')).toEqual({ ok: false, error: 'invalid_credentials' });
    t.clock.advance(15 * 60 * 1000);
    expect((await login('aigerim', TEST_PASSWORD, '10.0.0.1')).ok).toBe(true);
  });

  it('validates new users and refuses duplicates', async () => {
    const create = (over: object) =>
      t.auth.accounts.create(
        { username: 'timur', partner: 'UZ', role: 'viewer', password: TEST_PASSWORD, ...over },
        'admin',
      );
    await expect(create({ username: 'AIGERIM' })).rejects.toThrow(UserError);
    await expect(create({ username: "x'; DROP TABLE auth_users;--" })).rejects.toThrow();
    await expect(create({ role: 'root' })).rejects.toThrow();
    await expect(create({ partner: 'US' })).rejects.toThrow('the mission declares no such partner');
    await expect(create({ partner: 'uz' })).rejects.toThrow();
    await expect(create({ password: 'short' })).rejects.toThrow();
    const created = await create({ password: undefined });
    expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await login('timur', created.generatedPassword)).ok).toBe(true);
  });

  it('never removes, disables or demotes the last admin', async () => {
    await t.auth.accounts.create(
      { username: 'root', partner: 'TR', role: 'admin', password: TEST_PASSWORD },
      'cli',
    );
    await expect(t.auth.accounts.update('root', { role: 'engineer' }, 'root')).rejects.toThrow(
      /last enabled admin/,
    );
    await expect(t.auth.accounts.delete('root', 'root')).rejects.toThrow(/last enabled admin/);
    await t.auth.accounts.update('aigerim', { role: 'admin' }, 'root');
    await t.auth.accounts.delete('root', 'aigerim');
    expect((await t.auth.accounts.list()).map((u) => u.username)).toEqual(['aigerim']);
  });

  it('keeps an admin when two admins demote or delete each other at the same moment', async () => {
    const other = createAuth({ store: await t.store.open(), clock: t.clock, dictionary: DICTIONARY });
    try {
      await t.auth.accounts.update('aigerim', { role: 'admin' }, 'cli');
      await t.auth.accounts.create(
        { username: 'root', partner: 'TR', role: 'admin', password: TEST_PASSWORD },
        'cli',
      );
      const results = await Promise.allSettled([
        t.auth.accounts.update('aigerim', { disabled: true }, 'root'),
        other.accounts.delete('root', 'aigerim'),
      ]);
      expect(results.some((r) => r.status === 'rejected')).toBe(true);
      const admins = (await t.auth.accounts.list()).filter((u) => u.role === 'admin' && !u.disabled);
      expect(admins.length).toBeGreaterThanOrEqual(1);
    } finally {
      await other.close();
    }
  });

  it('audits logins, failures, logouts and user changes with who and when', async () => {
    await login('aigerim', 'wrong password', '10.1.1.1');
    const result = await login();
    if (!result.ok) throw new Error('login failed');
    t.clock.advance(1000);
    await t.auth.accounts.logout(result.context);
    const entries = await t.auth.audit.list({ limit: 10 });
    expect(entries.map((e) => [e.actor, e.action])).toEqual([
      ['aigerim', 'logout'],
      ['aigerim', 'login'],
      ['aigerim', 'login_failed'],
      ['admin', 'user_create'],
    ]);
    expect(entries[0]!.atMs).toBe(t.clock.now());
    expect(entries[2]!.detail).toBe('10.1.1.1');
    expect(await t.auth.audit.list({ limit: 10, action: 'login' })).toHaveLength(1);
    expect((await t.auth.audit.list({ limit: 2, beforeId: entries[1]!.id })).map((e) => e.action)).toEqual([
      'login_failed',
      'user_create',
    ]);
  });
});

describe.each(AUTH_STORE_FACTORIES)('first start ($name)', (factory) => {
  let t: TestAuth;
  beforeEach(async () => {
    t = await createTestAuth(factory);
  });
  afterEach(() => t.dispose());

  it('creates the admin once, with the given password or a generated one', async () => {
    const first = await ensureFirstAdmin(t.auth, 'KZ');
    expect(first?.username).toBe('admin');
    expect(first?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await t.auth.accounts.login('admin', first!.generatedPassword!, 'c')).ok).toBe(true);
    expect(await ensureFirstAdmin(t.auth, 'KZ', 'ignored password')).toBeNull();
  });

  it('creates one admin when two nodes start on a fresh database at once', async () => {
    const second = createAuth({ store: await t.store.open(), clock: t.clock, dictionary: DICTIONARY });
    try {
      const results = await Promise.all([
        ensureFirstAdmin(t.auth, 'KZ', TEST_PASSWORD),
        ensureFirstAdmin(second, 'KZ', TEST_PASSWORD),
      ]);
      expect(results.filter((r) => r !== null)).toEqual([{ username: 'admin' }]);
      expect((await t.auth.accounts.list()).map((u) => u.username)).toEqual(['admin']);
    } finally {
      await second.close();
    }
  });

  it('uses ORTAQ_ADMIN_PASSWORD when set and prints nothing', async () => {
    expect(await ensureFirstAdmin(t.auth, 'TR', TEST_PASSWORD)).toEqual({ username: 'admin' });
    const result = await t.auth.accounts.login('admin', TEST_PASSWORD, 'c');
    expect(result.ok && result.context.principal).toMatchObject({ role: 'admin', partner: 'TR' });
  });
});
