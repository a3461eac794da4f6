import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/protocol/auth';
import { cookieFrom, login, loginAs, sessionFetch, TEST_PASSWORD } from '../helpers/auth';
import { AUTH_STORE_FACTORIES } from '../helpers/authStores';
import { startBareServer, type BareServer } from './bareServer';

describe.each(AUTH_STORE_FACTORIES)('login, sessions and the admin API over HTTP ($name)', (factory) => {
  let server: BareServer;
  let sockets: Socket[];
  beforeEach(async () => {
    server = await startBareServer(factory);
    sockets = [];
  });
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  const anonymous = () => sessionFetch(server.url, '');

  const openLive = (cookie: string) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect(`${server.url}/live`, {
        transports: ['websocket'],
        extraHeaders: { cookie },
        reconnection: false,
      });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });

  it('answers 401 unauthenticated without a session', async () => {
    for (const path of ['/api/me', '/api/fleet', '/api/admin/users', '/api/anything']) {
      const res = await anonymous().json(path);
      expect(res).toEqual({ status: 401, body: { error: 'unauthenticated', detail: expect.any(String) } });
    }
  });

  it('sets an httpOnly SameSite=Strict session cookie at login and describes the user at /api/me', async () => {
    await server.auth.accounts.create(
      { username: 'aigerim', partner: 'KZ', role: 'engineer', password: TEST_PASSWORD },
      'test',
    );
    const res = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'Aigerim ', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^ortaq_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP here; Secure over HTTPS
    const me = (await sessionFetch(server.url, cookieFrom(res)).json<MeResponse>('/api/me')).body;
    expect(me.principal).toEqual({ kind: 'user', name: 'aigerim', partner: 'KZ', role: 'engineer' });
    expect(me.permissions).toEqual(expect.arrayContaining(['history:read', 'export']));
    expect(me.spacecraft.filter((s) => s.level !== 'status').map((s) => s.spacecraftId)).toEqual([
      'kazeosat-1',
      'kazeosat-2',
      'ortaq-1',
    ]);
  });

  it('refuses bad logins with 401, malformed ones with 400, and guessing with 429', async () => {
    const post = (body: unknown) =>
      anonymous().json('/api/login', { method: 'POST', body: JSON.stringify(body) });
    expect((await post({ username: 'x' })).status).toBe(400);
    expect((await post({ username: 'x'.repeat(100), password: 'y' })).status).toBe(400);
    expect((await post({ username: 'nobody', password: 'y' })).body).toEqual({
      error: 'invalid_credentials',
    });
    for (let i = 0; i < 4; i++) await post({ username: 'nobody', password: `y${i}` });
    expect((await post({ username: 'nobody', password: 'y' })).status).toBe(429);
  });

  it('logs out: the cookie stops working and live sockets of the session close', async () => {
    const session = await loginAs(server, 'viewer');
    const socket = await openLive(session.cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect((await session.fetch('/api/logout', { method: 'POST' })).status).toBe(204);
    await closed;
    expect((await session.json('/api/me')).status).toBe(401);
  });

  it('refuses /live without a session', async () => {
    await expect(openLive('')).rejects.toThrow('unauthenticated');
    await expect(openLive('ortaq_session=forged')).rejects.toThrow('unauthenticated');
  });

  it('keeps admin endpoints to admins', async () => {
    const engineer = await loginAs(server, 'engineer');
    for (const path of ['/api/admin/users', '/api/admin/stations', '/api/admin/kiosks', '/api/admin/audit']) {
      expect((await engineer.json(path)).body).toMatchObject({ error: 'forbidden' });
    }
    expect((await engineer.json('/api/admin/users', { method: 'POST', body: '{}' })).status).toBe(403);
  });

  it('lets an admin manage users, and a demoted user loses access at once, live sockets too', async () => {
    const admin = await loginAs(server, 'admin');
    const created = await admin.json<{ generatedPassword: string }>('/api/admin/users', {
      method: 'POST',
      body: JSON.stringify({ username: 'emre', partner: 'TR', role: 'operator' }),
    });
    expect(created.status).toBe(201);
    const emre = await login(server.url, 'emre', created.body.generatedPassword);
    const socket = await openLive(emre.cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    const updated = await admin.json('/api/admin/users/emre', {
      method: 'PATCH',
      body: JSON.stringify({ role: 'viewer' }),
    });
    expect(updated.body).toMatchObject({ username: 'emre', role: 'viewer' });
    await closed;
    expect((await emre.json('/api/me')).status).toBe(401);
    expect(
      (
        await admin.json('/api/admin/users', {
          method: 'POST',
          body: JSON.stringify({ username: 'emre', partner: 'TR', role: 'viewer' }),
        })
      ).status,
    ).toBe(409);
    expect((await admin.json('/api/admin/users/nobody', { method: 'DELETE' })).status).toBe(404);
    expect((await admin.json('/api/admin/users/emre', { method: 'DELETE' })).status).toBe(204);
    const audit = await admin.json<{ entries: { action: string; actor: string }[] }>(
      '/api/admin/audit?limit=3',
    );
    expect(audit.body.entries.map((e) => [e.actor, e.action])).toEqual([
      ['admin-kz', 'user_delete'],
      ['admin-kz', 'user_update'],
      ['emre', 'login'],
    ]);
  });

  it('mints kiosk links that sign a wall screen in read-only, and revokes them', async () => {
    const admin = await loginAs(server, 'admin');
    const minted = await admin.json<{ path: string; kiosk: { id: string } }>('/api/admin/kiosks', {
      method: 'POST',
      body: JSON.stringify({ label: 'Astana hall', partner: 'KZ' }),
    });
    expect(minted.status).toBe(201);
    const landing = await anonymous().fetch(minted.body.path);
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/wall');
    expect(landing.headers.get('referrer-policy')).toBe('no-referrer');
    const wall = sessionFetch(server.url, cookieFrom(landing));
    expect((await wall.json<MeResponse>('/api/me')).body.principal).toMatchObject({
      kind: 'kiosk',
      role: 'viewer',
    });
    expect((await wall.json('/api/admin/users')).status).toBe(403);
    const socket = await openLive(wall.cookie);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    expect(
      (await admin.fetch(`/api/admin/kiosks/${minted.body.kiosk.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    await closed;
    expect((await wall.json('/api/me')).status).toBe(401);
    expect((await anonymous().fetch(minted.body.path)).status).toBe(401);
  });

  it('issues and revokes station tokens through the admin API', async () => {
    const admin = await loginAs(server, 'admin');
    const issued = await admin.json<{ token: string }>('/api/admin/stations/astana/token', {
      method: 'POST',
    });
    expect(issued.status).toBe(201);
    expect(await server.auth.stations.verify('astana', issued.body.token)).toBe(true);
    expect((await admin.json('/api/admin/stations/astana/token', { method: 'DELETE' })).status).toBe(204);
    expect(await server.auth.stations.verify('astana', issued.body.token)).toBe(false);
    expect((await admin.json('/api/admin/stations/astana/token', { method: 'DELETE' })).status).toBe(404);
    expect((await admin.json('/api/admin/stations/..%2F..%2Fetc/token', { method: 'POST' })).status).toBe(
      400,
    );
  });

  it('sends security headers and refuses cross-origin writes', async () => {
    const res = await anonymous().fetch('/api/me');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    const admin = await loginAs(server, 'admin');
    expect((await admin.fetch('/api/admin/users')).headers.get('cache-control')).toBe('no-store');
    const crossSite = await admin.fetch('/api/admin/kiosks', {
      method: 'POST',
      body: JSON.stringify({ label: 'x', partner: 'KZ' }),
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(await server.auth.kiosks.list()).toEqual([]);
  });
});
