import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  KNOWN_ADDRESS_MS,
  LOGIN_LIMITS,
  LoginThrottle,
  retryAfterMs,
  throttleKeys,
  waitBeforeAttempt,
} from '../../server/auth/loginThrottle';
import type { AuthStore } from '../../server/auth/store';
import { TEST_PASSWORD } from '../helpers/auth';
import {
  AUTH_STORE_FACTORIES,
  createTestAuth,
  type AuthStoreHandle,
  type TestAuth,
} from '../helpers/authStores';

const RULE = { max: 3, windowMs: 60_000 };
const WINDOW_MS = LOGIN_LIMITS.pair.windowMs;

describe('login throttle rule', () => {
  it('blocks a key after the allowed attempts until the window passes', () => {
    expect(retryAfterMs([1000, 1001], 1002, RULE)).toBe(0);
    expect(retryAfterMs([1002, 1000, 1001], 1003, RULE)).toBe(60_000 - 3);
    // The oldest attempt left the window: two remain, so the key may try again.
    expect(retryAfterMs([1000, 1001, 1002], 61_000, RULE)).toBe(0);
    expect(retryAfterMs([1000, 1001, 1002, 30_000], 61_000, RULE)).toBe(1001 + 60_000 - 61_000);
  });

  it('exempts an address the user signed in from from the global per-user count only', () => {
    const keys = throttleKeys('admin', '10.0.0.9');
    const many = (key: string, n: number) => Array.from({ length: n }, (_, i) => ({ key, atMs: 1000 + i }));
    const userWide = many(keys.user, LOGIN_LIMITS.user.max);
    expect(waitBeforeAttempt(userWide, keys, 2000)).toBeGreaterThan(0);
    const known = [...userWide, { key: keys.known, atMs: 500 }];
    expect(waitBeforeAttempt(known, keys, 2000)).toBe(0);
    expect(waitBeforeAttempt(known, keys, 500 + KNOWN_ADDRESS_MS + 1)).toBe(0);
    // Known or not, the address's own failures for the user still count.
    expect(waitBeforeAttempt([...known, ...many(keys.pair, 5)], keys, 2000)).toBeGreaterThan(0);
  });
});

describe.each(AUTH_STORE_FACTORIES)('login throttle ($name)', (factory) => {
  let handle: AuthStoreHandle;
  let stores: AuthStore[];
  beforeEach(async () => {
    handle = factory.create();
    stores = [await handle.open()];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    await handle.dispose();
  });

  it('counts attempts atomically: of 41 parallel claims on two nodes, exactly 5 are allowed', async () => {
    // Two handles on one database stand for two nodes.
    stores.push(await handle.open());
    const throttles = stores.map((store) => new LoginThrottle(store));
    const claims = await Promise.all(
      Array.from({ length: 41 }, (_, i) => throttles[i % 2]!.claim('aigerim', '10.0.0.1', 1000)),
    );
    expect(claims.filter((c) => c.ok)).toHaveLength(LOGIN_LIMITS.pair.max);
    const refused = claims.filter((c) => !c.ok);
    expect(refused.every((c) => c.retryAfterMs === WINDOW_MS)).toBe(true);
  });

  it('takes a successful attempt back and forgets the address failures of that user', async () => {
    const throttle = new LoginThrottle(stores[0]!);
    for (let i = 0; i < 4; i++) await throttle.claim('aigerim', '10.0.0.1', 1000 + i);
    const right = await throttle.claim('aigerim', '10.0.0.1', 1010);
    if (!right.ok) throw new Error('fifth attempt refused');
    await throttle.succeeded(right, 1010);
    for (let i = 0; i < 5; i++) expect((await throttle.claim('aigerim', '10.0.0.1', 1020 + i)).ok).toBe(true);
    expect((await throttle.claim('aigerim', '10.0.0.1', 1030)).ok).toBe(false);
  });
});

describe.each(AUTH_STORE_FACTORIES)('login throttle through accounts ($name)', (factory) => {
  let t: TestAuth;
  beforeEach(async () => {
    t = await createTestAuth(factory);
    await t.auth.accounts.create(
      { username: 'aigerim', partner: 'KZ', role: 'admin', password: TEST_PASSWORD },
      'system',
    );
  });
  afterEach(() => t.dispose());
  const login = (password: string, address: string) => t.auth.accounts.login('aigerim', password, address);

  it('checks at most 5 passwords of 41 parallel logins from one address', { timeout: 60_000 }, async () => {
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => login(`wrong guess ${i}`, '10.0.0.1')),
      login(TEST_PASSWORD, '10.0.0.1'),
    ]);
    const checked = results.filter((r) => r.ok || r.error !== 'rate_limited');
    expect(checked.length).toBe(LOGIN_LIMITS.pair.max);
    const audited = await t.auth.audit.list({ limit: 100, actor: 'aigerim' });
    expect(audited.filter((e) => e.action === 'login_failed' || e.action === 'login')).toHaveLength(
      LOGIN_LIMITS.pair.max,
    );
  });

  it(
    'does not lock a user out through five wrong passwords from five addresses',
    { timeout: 60_000 },
    async () => {
      for (let a = 1; a <= 5; a++) await login(`guess ${a}`, `10.0.0.${a}`);
      expect((await login(TEST_PASSWORD, '192.0.2.1')).ok).toBe(true);
      // Each address has its own allowance: the sixth attempt from one address is refused there only.
      for (let i = 0; i < 5; i++) await login(`guess ${i}`, '10.0.0.1');
      expect(await login(TEST_PASSWORD, '10.0.0.1')).toMatchObject({ error: 'rate_limited' });
      expect((await login(TEST_PASSWORD, '10.0.0.2')).ok).toBe(true);
    },
  );

  it(
    'backs off globally for a user guessed from many addresses, but never from one it signed in from',
    { timeout: 60_000 },
    async () => {
      expect((await login(TEST_PASSWORD, '192.0.2.1')).ok).toBe(true);
      for (let i = 0; i < LOGIN_LIMITS.user.max; i++) await login(`guess ${i}`, `10.0.${i}.1`);
      expect(await login(TEST_PASSWORD, '198.51.100.1')).toMatchObject({ error: 'rate_limited' });
      // The user's own workplace still signs in.
      expect((await login(TEST_PASSWORD, '192.0.2.1')).ok).toBe(true);
      t.clock.advance(LOGIN_LIMITS.user.windowMs);
      expect((await login(TEST_PASSWORD, '198.51.100.1')).ok).toBe(true);
    },
  );
});
