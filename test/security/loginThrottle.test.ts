import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../server/auth/loginThrottle';

describe('login throttle', () => {
  it('blocks a key after the allowed failures until the window passes', () => {
    const throttle = new LoginThrottle(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('alice', 1000 + i)).toBe(0);
      throttle.recordFailure('alice', 1000 + i);
    }
    expect(throttle.retryAfterMs('alice', 1003)).toBe(60_000 - 3);
    expect(throttle.retryAfterMs('bob', 1003)).toBe(0);
    expect(throttle.retryAfterMs('alice', 61_000)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = new LoginThrottle(2, 60_000);
    throttle.recordFailure('alice', 0);
    throttle.recordSuccess('alice');
    throttle.recordFailure('alice', 1);
    expect(throttle.retryAfterMs('alice', 2)).toBe(0);
  });
});
