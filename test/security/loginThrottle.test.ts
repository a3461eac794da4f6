import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle, retryAfterMs } from '../../server/auth/loginThrottle';
import type { AuthStore } from '../../server/auth/store';
import { AUTH_STORE_FACTORIES, type AuthStoreHandle } from '../helpers/authStores';

const POLICY = { maxFailures: 3, windowMs: 60_000 };

describe('login throttle rule', () => {
  it('blocks a key after the allowed failures until the window passes', () => {
    expect(retryAfterMs([1000, 1001], 1002, POLICY)).toBe(0);
    expect(retryAfterMs([1002, 1000, 1001], 1003, POLICY)).toBe(60_000 - 3);
    // The oldest failure left the window: two remain, so the key may try again.
    expect(retryAfterMs([1000, 1001, 1002], 61_000, POLICY)).toBe(0);
    expect(retryAfterMs([1000, 1001, 1002, 30_000], 61_000, POLICY)).toBe(1001 + 60_000 - 61_000);
  });
});

describe.each(AUTH_STORE_FACTORIES)('login throttle ($name)', (factory) => {
  let handle: AuthStoreHandle;
  let store: AuthStore;
  let throttle: LoginThrottle;
  beforeEach(async () => {
    handle = factory.create();
    store = await handle.open();
    throttle = new LoginThrottle(store, POLICY);
  });
  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('counts failures per key and refuses every key of a request while one is blocked', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await throttle.retryAfterMs(['user:alice'], 1000 + i)).toBe(0);
      await throttle.recordFailure(['user:alice', `client:10.0.0.${i}`], 1000 + i);
    }
    expect(await throttle.retryAfterMs(['user:alice'], 1003)).toBe(60_000 - 3);
    expect(await throttle.retryAfterMs(['user:bob', 'client:10.0.0.1'], 1003)).toBe(0);
    expect(await throttle.retryAfterMs(['user:bob', 'user:alice'], 1003)).toBe(60_000 - 3);
    expect(await throttle.retryAfterMs(['user:alice'], 61_000)).toBe(0);
  });

  it('forgets failures after a success, and those older than the window as new ones come', async () => {
    await throttle.recordFailure(['user:alice'], 0);
    await throttle.recordSuccess('user:alice');
    await throttle.recordFailure(['user:alice'], 1);
    expect(await throttle.retryAfterMs(['user:alice'], 2)).toBe(0);
    await throttle.recordFailure(['user:carol'], 100_000);
    expect(await store.loginFailures(['user:alice', 'user:carol'], -1)).toEqual([
      { key: 'user:carol', atMs: 100_000 },
    ]);
  });
});
