import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_SESSION_TTL_MS } from '../../server/auth/accounts';
import type { Revocation } from '../../server/auth/revocations';
import { StationTokens } from '../../server/auth/stationTokens';
import { AUTH_STORE_FACTORIES, createTestAuth, type TestAuth } from '../helpers/authStores';

describe.each(AUTH_STORE_FACTORIES)('station tokens ($name)', (factory) => {
  let t: TestAuth;
  let revoked: Revocation[];
  beforeEach(async () => {
    t = await createTestAuth(factory);
    revoked = [];
    t.auth.revocations.subscribe((r) => revoked.push(r));
    await t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
  });
  afterEach(() => t.dispose());

  it('accepts a station only with its own live token', async () => {
    expect(await t.auth.stations.verify('astana', 'astana-secret-token')).toBe(true);
    expect(await t.auth.stations.verify('astana', 'astana-secret-tokeN')).toBe(false);
    expect(await t.auth.stations.verify('ankara', 'astana-secret-token')).toBe(false);
    expect(await t.auth.stations.list()).toEqual([
      {
        stationId: 'astana',
        source: 'config',
        createdAtMs: t.clock.now(),
        revokedAtMs: null,
        lastUsedMs: t.clock.now(),
      },
    ]);
  });

  it('keeps only the hash of each token', async () => {
    const issued = await t.auth.stations.issue('ankara', 'admin');
    const bytes = await t.store.dump();
    expect(bytes).not.toContain('astana-secret-token');
    expect(bytes).not.toContain(issued.token);
  });

  it('revokes a token at once and tells live connections', async () => {
    expect(await t.auth.stations.revoke('astana', 'admin')).toBe(true);
    expect(await t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
    expect(revoked).toEqual([{ kind: 'station', stationId: 'astana' }]);
    expect(await t.auth.stations.revoke('astana', 'admin')).toBe(false);
    // The same configured token at the next start stays revoked.
    await t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
    expect(await t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
  });

  it('refuses a station whose token is revoked while its handshake is being checked', async () => {
    // A handshake that has read the token, still live, and is held there until the revocation is published.
    const store = await t.store.open();
    let tokenRead!: () => void;
    let release!: () => void;
    const read = new Promise<void>((resolve) => (tokenRead = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowStore = {
      ...store,
      getStationToken: async (stationId: string) => {
        const record = await store.getStationToken(stationId);
        tokenRead();
        await held;
        return record;
      },
    };
    const stations = new StationTokens(slowStore, t.clock, t.auth.audit, t.auth.revocations);
    const handshake = stations.authenticate('astana', 'astana-secret-token');
    await read;
    await t.auth.stations.revoke('astana', 'admin');
    release();
    expect(await handshake).toBe(false);
    await store.close();
  });

  it('replaces a token on issue, cutting off the old one, and audits both', async () => {
    const issued = await t.auth.stations.issue('astana', 'aigerim');
    expect(await t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
    expect(await t.auth.stations.verify('astana', issued.token)).toBe(true);
    expect(revoked).toEqual([{ kind: 'station', stationId: 'astana' }]);
    // An admin's token is not overridden by the configuration at the next start.
    await t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
    expect(await t.auth.stations.verify('astana', issued.token)).toBe(true);
    await t.auth.stations.revoke('astana', 'aigerim');
    expect((await t.auth.audit.list({ limit: 5 })).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['aigerim', 'station_token_revoke', 'astana'],
      ['aigerim', 'station_token_issue', 'astana'],
    ]);
    await expect(t.auth.stations.issue('../etc/passwd', 'aigerim')).rejects.toThrow();
  });

  it('survives a restart: tokens and revocations are in the database', async () => {
    await t.auth.stations.issue('baku', 'admin');
    await t.auth.stations.revoke('baku', 'admin');
    const reopened = await t.store.open();
    const stations = new StationTokens(reopened, t.clock, t.auth.audit, t.auth.revocations);
    expect(await stations.verify('astana', 'astana-secret-token')).toBe(true);
    expect((await stations.list()).find((s) => s.stationId === 'baku')?.revokedAtMs).toBe(t.clock.now());
    await reopened.close();
  });
});

describe.each(AUTH_STORE_FACTORIES)('kiosk links ($name)', (factory) => {
  let t: TestAuth;
  beforeEach(async () => {
    t = await createTestAuth(factory);
  });
  afterEach(() => t.dispose());

  it('signs a wall screen in read-only as a viewer of the link partner', async () => {
    const link = await t.auth.kiosks.create({ label: 'Astana ops wall', partner: 'KZ' }, 'admin');
    expect(link.path).toBe(`/kiosk/${link.token}`);
    const session = await t.auth.accounts.kioskLogin(link.token);
    const context = await t.auth.accounts.authenticate(session!.sessionId);
    expect(context?.principal).toEqual({
      kind: 'kiosk',
      name: 'kiosk:Astana ops wall',
      partner: 'KZ',
      role: 'viewer',
    });
    expect(context?.expiresAtMs).toBe(t.clock.now() + KIOSK_SESSION_TTL_MS);
    expect(t.auth.me(context!).permissions).toEqual(['fleet:read', 'telemetry:read']);
    expect(await t.auth.accounts.kioskLogin('made-up-token')).toBeNull();
  });

  it('revoking a link ends its sessions at once and refuses the link afterwards', async () => {
    const revoked: Revocation[] = [];
    t.auth.revocations.subscribe((r) => revoked.push(r));
    const link = await t.auth.kiosks.create({ label: 'Ankara hall', partner: 'TR' }, 'admin');
    const other = await t.auth.kiosks.create({ label: 'Baku hall', partner: 'AZ' }, 'admin');
    const session = (await t.auth.accounts.kioskLogin(link.token))!;
    const otherSession = (await t.auth.accounts.kioskLogin(other.token))!;
    expect(await t.auth.kiosks.revoke(link.kiosk.id, 'admin')).toBe(true);
    expect(await t.auth.accounts.authenticate(session.sessionId)).toBeNull();
    expect(await t.auth.accounts.kioskLogin(link.token)).toBeNull();
    expect(await t.auth.accounts.authenticate(otherSession.sessionId)).not.toBeNull();
    expect(revoked).toEqual([{ kind: 'kiosk', kioskId: link.kiosk.id }]);
    expect((await t.auth.kiosks.list()).map((k) => [k.label, k.revokedAtMs !== null])).toEqual([
      ['Ankara hall', true],
      ['Baku hall', false],
    ]);
    expect(JSON.stringify(await t.auth.kiosks.list())).not.toContain(link.token);
  });
});
