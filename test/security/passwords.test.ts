import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '../../server/auth/passwords';
import { hashToken, randomToken } from '../../server/auth/tokens';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('tänzer on the wire');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('tänzer');
    expect(await verifyPassword('tänzer on the wire', stored)).toBe(true);
    expect(await verifyPassword('tänzer on the wirE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('treats Unicode-equivalent spellings as one password', async () => {
    // İ typed as one code point or as I + combining dot, é likewise: the same password to a person.
    const stored = await hashPassword('\u0130zmir caf\u00e9');
    expect(await verifyPassword('I\u0307zmir cafe\u0301', stored)).toBe(true);
    expect(await verifyPassword('Izmir cafe', stored)).toBe(false);
  });

  it('refuses malformed or tampered hashes instead of throwing or exhausting memory', async () => {
    const stored = await hashPassword('password one');
    expect(await verifyPassword('password one', 'plain-text')).toBe(false);
    expect(await verifyPassword('password one', stored.replace('$32768$', '$1073741824$'))).toBe(false);
    expect(await verifyPassword('password one', stored.replace('scrypt$', 'md5$'))).toBe(false);
  });

  it('generates long random passwords and tokens, and hashes tokens one way', () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});
