// /api/admin/channels: admins create, list, change and remove notification channels; the signing secret
// is shown once and never again; every other role, a signed-out client and bad bodies are refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditResponse } from '../../shared/protocol/auth';
import type { ChannelsResponse, CreatedChannel } from '../../shared/protocol/notify';
import { loginAs, type Session } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

const WEBHOOK = {
  kind: 'webhook',
  name: 'KZ chat',
  partner: 'KZ',
  url: 'https://hooks.example.org/services/T000/B000/very-secret-path?token=abc',
};
const EMAIL = {
  kind: 'email',
  name: 'TR duty desk',
  partner: 'TR',
  host: 'smtp.example.org',
  port: 587,
  username: 'ortaq',
  password: 'smtp-password-123',
  from: 'ortaq@example.org',
  to: ['duty@example.org'],
  minSeverity: 'red',
};

describe('notification channels over /api/admin/channels', () => {
  let server: RunningServer;
  let admin: Session;

  beforeEach(async () => {
    server = await startServer({ notify: { pollMs: 0 } });
    admin = server.session;
  });
  afterEach(() => server.stop());

  const create = (body: unknown, as: Session = admin) =>
    as.json<CreatedChannel>('/api/admin/channels', { method: 'POST', body: JSON.stringify(body) });

  it('creates a webhook channel, shows its signing secret once and its URL only as scheme and host', async () => {
    const created = await create(WEBHOOK);
    expect(created.status).toBe(201);
    expect(created.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.body.channel).toMatchObject({
      name: 'KZ chat',
      kind: 'webhook',
      partner: 'KZ',
      minSeverity: 'yellow',
      enabled: true,
      target: 'https://hooks.example.org/…',
      createdBy: 'admin-kz',
    });
    const listed = await admin.json<ChannelsResponse>('/api/admin/channels');
    const text = JSON.stringify(listed.body);
    expect(listed.body.channels).toHaveLength(1);
    expect(text).not.toContain(created.body.signingSecret!);
    expect(text).not.toContain('very-secret-path');
    expect(text).not.toContain('token=abc');
    const audit = await admin.json<AuditResponse>('/api/admin/audit?action=channel_create');
    expect(audit.body.entries).toHaveLength(1);
    expect(JSON.stringify(audit.body)).not.toContain('very-secret-path');
  });

  it('creates an e-mail channel whose SMTP password never comes back', async () => {
    const created = await create(EMAIL);
    expect(created.status).toBe(201);
    expect(created.body.signingSecret).toBeUndefined();
    expect(created.body.channel.target).toBe('duty@example.org via smtp.example.org:587');
    const listed = await admin.json<ChannelsResponse>('/api/admin/channels');
    expect(JSON.stringify(listed.body)).not.toContain('smtp-password-123');
    expect(JSON.stringify(created.body)).not.toContain('smtp-password-123');
  });

  it('changes name, severity and enabled, and removes a channel', async () => {
    const { body } = await create(WEBHOOK);
    const id = body.channel.id;
    const patched = await admin.json(`/api/admin/channels/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ enabled: false, minSeverity: 'red' }),
    });
    expect(patched).toMatchObject({ status: 200, body: { enabled: false, minSeverity: 'red' } });
    expect((await admin.fetch(`/api/admin/channels/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.fetch(`/api/admin/channels/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await admin.json<ChannelsResponse>('/api/admin/channels')).body.channels).toEqual([]);
  });

  it.each(['viewer', 'operator', 'engineer'] as const)(
    'refuses a %s (403) and a signed-out client (401)',
    async (role) => {
      const session = await loginAs(server, role, 'KZ');
      expect((await session.fetch('/api/admin/channels')).status).toBe(403);
      expect((await create(WEBHOOK, session)).status).toBe(403);
      expect((await session.fetch('/api/admin/channels/deliveries')).status).toBe(403);
      const anonymous = await fetch(`${server.url}/api/admin/channels`);
      expect(anonymous.status).toBe(401);
      expect((await admin.json<ChannelsResponse>('/api/admin/channels')).body.channels).toEqual([]);
    },
  );

  it.each([
    ['a file URL', { ...WEBHOOK, url: 'file:///etc/passwd' }],
    ['a gopher URL', { ...WEBHOOK, url: 'gopher://127.0.0.1:6379/_FLUSHALL' }],
    ['a javascript URL', { ...WEBHOOK, url: 'javascript:alert(1)' }],
    ['credentials in the URL', { ...WEBHOOK, url: 'https://user:pass@hooks.example.org/x' }],
    ['a fragment', { ...WEBHOOK, url: 'https://hooks.example.org/x#y' }],
    ['no URL', { ...WEBHOOK, url: undefined }],
    ['a URL past 2000 characters', { ...WEBHOOK, url: `https://h.example.org/${'a'.repeat(2000)}` }],
    ['an unknown kind', { ...WEBHOOK, kind: 'sms' }],
    ['an unknown partner', { ...WEBHOOK, partner: 'XX' }],
    ['an unknown severity', { ...WEBHOOK, minSeverity: 'purple' }],
    ['an extra field (a secret chosen by the client)', { ...WEBHOOK, secret: 'mine' }],
    ['an e-mail channel without recipients', { ...EMAIL, to: [] }],
    ['a bad recipient', { ...EMAIL, to: ['not an address'] }],
    ['a host with a path', { ...EMAIL, host: 'smtp.example.org/evil' }],
    ['a port out of range', { ...EMAIL, port: 70000 }],
    ['a name of 500 characters', { ...WEBHOOK, name: 'x'.repeat(500) }],
    ['an array', [WEBHOOK]],
    ['a string', 'webhook'],
  ])('refuses %s with 400 and stores nothing', async (_label, body) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect((await admin.json<ChannelsResponse>('/api/admin/channels')).body.channels).toEqual([]);
  });

  it('refuses malformed JSON, bad ids and bad patches without harm', async () => {
    const raw = await admin.fetch('/api/admin/channels', { method: 'POST', body: '{"kind":' });
    expect(raw.status).toBe(400);
    expect((await admin.fetch('/api/admin/channels/not-a-uuid', { method: 'DELETE' })).status).toBe(400);
    const { body } = await create(WEBHOOK);
    const bad = await admin.json(`/api/admin/channels/${body.channel.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ url: 'https://elsewhere.example.org/' }),
    });
    expect(bad.status).toBe(400);
    const query = await admin.fetch('/api/admin/channels/deliveries?limit=100000');
    expect(query.status).toBe(400);
    expect((await admin.json<ChannelsResponse>('/api/admin/channels')).body.channels).toHaveLength(1);
  });
});
