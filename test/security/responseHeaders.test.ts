// Every answer carries the security headers, errors included: the body parser's 400 (malformed JSON) and
// 413 (too large), 404s, and the kiosk link's redirect; nothing personal is cacheable; HSTS only over HTTPS;
// X-Frame-Options and the CSP's frame-ancestors say the same thing.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

function expectSecurityHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('response headers', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('sends them on 400 for malformed JSON and 413 for oversized bodies, on /api and elsewhere', async () => {
    server = await startServer();
    for (const path of ['/api/login', '/api/alarms/x/ack', '/elsewhere']) {
      const malformed = await post(path, '{"username": ');
      expect(malformed.status).toBe(400);
      expectSecurityHeaders(malformed);
      const oversized = await post(path, JSON.stringify({ padding: 'x'.repeat(200_000) }));
      expect(oversized.status).toBe(413);
      expectSecurityHeaders(oversized);
    }
    const missing = await fetch(`${server.url}/api/nothing-here`);
    expect(missing.status).toBe(401);
    expectSecurityHeaders(missing);
  });

  it('never lets a kiosk link redirect or its refusal be cached', async () => {
    server = await startServer();
    const { token } = await server.app.auth.kiosks.create({ label: 'Hall', partner: 'KZ' }, 'admin');
    const redirect = await fetch(`${server.url}/kiosk/${token}`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expectSecurityHeaders(redirect);
    const refused = await fetch(`${server.url}/kiosk/not-a-token`, { redirect: 'manual' });
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused);
  });

  it('sends HSTS only over HTTPS, as reported by the trusted proxy', async () => {
    server = await startServer();
    expect((await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const spoofed = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    await server.stop();
    server = await startServer({ trustProxy: true });
    expect((await fetch(`${server.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    const viaProxy = await fetch(`${server.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/);
  });
});
