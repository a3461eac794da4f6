import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_SESSION_TTL_MS } from '../../server/auth/accounts';
import type { Revocation } from '../../server/auth/revocations';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';
import { StationTokens } from '../../server/auth/stationTokens';
import { createTestAuth, type TestAuth } from '../helpers/auth';

describe('station tokens', () => {
  let t: TestAuth;
  let revoked: Revocation[];
  beforeEach(() => {
    t = createTestAuth();
    revoked = [];
    t.auth.revocations.subscribe((r) => revoked.push(r));
    t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
  });
  afterEach(() => t.dispose());

  it('accepts a station only with its own live token', () => {
    expect(t.auth.stations.verify('astana', 'astana-secret-token')).toBe(true);
    expect(t.auth.stations.verify('astana', 'astana-secret-tokeN')).toBe(false);
    expect(t.auth.stations.verify('ankara', 'astana-secret-token')).toBe(false);
    expect(t.auth.stations.list()).toEqual([
      {
        stationId: 'astana',
        source: 'config',
        createdAtMs: t.clock.now(),
        revokedAtMs: null,
        lastUsedMs: t.clock.now(),
      },
    ]);
  });

  it('keeps only the hash of each token', () => {
    const issued = t.auth.stations.issue('ankara', 'admin');
    t.auth.close();
    const bytes = fs.readFileSync(t.dbFile).toString('latin1') + readWal(t.dbFile);
    expect(bytes).not.toContain('astana-secret-token');
    expect(bytes).not.toContain(issued.token);
  });

  it('revokes a token at once and tells live connections', () => {
    expect(t.auth.stations.revoke('astana', 'admin')).toBe(true);
    expect(t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
    expect(revoked).toEqual([{ kind: 'station', stationId: 'astana' }]);
    expect(t.auth.stations.revoke('astana', 'admin')).toBe(false);
    // The same configured token at the next start stays revoked.
    t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
    expect(t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
  });

  it('replaces a token on issue, cutting off the old one, and audits both', () => {
    const issued = t.auth.stations.issue('astana', 'aigerim');
    expect(t.auth.stations.verify('astana', 'astana-secret-token')).toBe(false);
    expect(t.auth.stations.verify('astana', issued.token)).toBe(true);
    expect(revoked).toEqual([{ kind: 'station', stationId: 'astana' }]);
    // An admin's token is not overridden by the configuration at the next start.
    t.auth.stations.importConfigured(new Map([['astana', 'astana-secret-token']]));
    expect(t.auth.stations.verify('astana', issued.token)).toBe(true);
    t.auth.stations.revoke('astana', 'aigerim');
    expect(t.auth.audit.list({ limit: 5 }).map((e) => [e.actor, e.action, e.target])).toEqual([
      ['aigerim', 'station_token_revoke', 'astana'],
      ['aigerim', 'station_token_issue', 'astana'],
    ]);
    expect(() => t.auth.stations.issue('../etc/passwd', 'aigerim')).toThrow();
  });

  it('survives a restart: tokens and revocations are in the database', () => {
    t.auth.stations.issue('baku', 'admin');
    t.auth.stations.revoke('baku', 'admin');
    const reopened = createSqliteAuthStore(t.dbFile);
    const stations = new StationTokens(reopened, t.clock, t.auth.audit, t.auth.revocations);
    expect(stations.verify('astana', 'astana-secret-token')).toBe(true);
    expect(stations.list().find((s) => s.stationId === 'baku')?.revokedAtMs).toBe(t.clock.now());
    reopened.close();
  });
});

function readWal(dbFile: string): string {
  return fs.existsSync(`${dbFile}-wal`) ? fs.readFileSync(`${dbFile}-wal`).toString('latin1') : '';
}

describe('kiosk links', () => {
  let t: TestAuth;
  beforeEach(() => {
    t = createTestAuth();
  });
  afterEach(() => t.dispose());

  it('signs a wall screen in read-only as a viewer of the link partner', () => {
    const link = t.auth.kiosks.create({ label: 'Astana ops wall', partner: 'KZ' }, 'admin');
    expect(link.path).toBe(`/kiosk/${link.token}`);
    const session = t.auth.accounts.kioskLogin(link.token);
    const context = t.auth.accounts.authenticate(session!.sessionId);
    expect(context?.principal).toEqual({
      kind: 'kiosk',
      name: 'kiosk:Astana ops wall',
      partner: 'KZ',
      role: 'viewer',
    });
    expect(context?.expiresAtMs).toBe(t.clock.now() + KIOSK_SESSION_TTL_MS);
    expect(t.auth.me(context!).permissions).toEqual(['fleet:read', 'telemetry:read']);
    expect(t.auth.accounts.kioskLogin('made-up-token')).toBeNull();
  });

  it('revoking a link ends its sessions at once and refuses the link afterwards', () => {
    const revoked: Revocation[] = [];
    t.auth.revocations.subscribe((r) => revoked.push(r));
    const link = t.auth.kiosks.create({ label: 'Ankara hall', partner: 'TR' }, 'admin');
    const other = t.auth.kiosks.create({ label: 'Baku hall', partner: 'AZ' }, 'admin');
    const session = t.auth.accounts.kioskLogin(link.token)!;
    const otherSession = t.auth.accounts.kioskLogin(other.token)!;
    expect(t.auth.kiosks.revoke(link.kiosk.id, 'admin')).toBe(true);
    expect(t.auth.accounts.authenticate(session.sessionId)).toBeNull();
    expect(t.auth.accounts.kioskLogin(link.token)).toBeNull();
    expect(t.auth.accounts.authenticate(otherSession.sessionId)).not.toBeNull();
    expect(revoked).toEqual([{ kind: 'kiosk', kioskId: link.kiosk.id }]);
    expect(t.auth.kiosks.list().map((k) => [k.label, k.revokedAtMs !== null])).toEqual([
      ['Ankara hall', true],
      ['Baku hall', false],
    ]);
    expect(JSON.stringify(t.auth.kiosks.list())).not.toContain(link.token);
  });
});
