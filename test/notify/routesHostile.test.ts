// The notification routes served by the route table: hostile spellings of ids and partners, array-syntax
// queries, prototype keys, oversized and mistyped bodies are refused with a clear 4xx, change nothing, leave
// no audit entry, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResponse } from '../../shared/protocol/auth';
import type { ChannelsResponse, CreatedChannel, PartnerRoutingResponse } from '../../shared/protocol/notify';
import type { Session } from '../helpers/auth';
import { startServer, type RunningServer } from '../helpers/server';

const WEBHOOK = { kind: 'webhook', name: 'KZ chat', partner: 'KZ', url: 'https://hooks.example.org/x' };

describe('notification routes under hostile input', () => {
  let server: RunningServer;
  let admin: Session;
  let channelId: string;

  beforeAll(async () => {
    server = await startServer({ notify: { pollMs: 0 } });
    admin = server.session;
    const created = await admin.json<CreatedChannel>('/api/admin/channels', {
      method: 'POST',
      body: JSON.stringify(WEBHOOK),
    });
    channelId = created.body.channel.id;
  });
  afterAll(() => server.stop());

  const unchanged = async () => {
    const { body } = await admin.json<ChannelsResponse>('/api/admin/channels');
    expect(body.channels.map((c) => [c.id, c.name, c.minSeverity, c.enabled])).toEqual([
      [channelId, 'KZ chat', 'yellow', true],
    ]);
    const routing = await admin.json<PartnerRoutingResponse>('/api/admin/notify/routing/KZ');
    expect(routing.body.routing).toEqual({ rules: [], rota: [], escalation: null });
  };

  it('refuses array syntax and out-of-range queries on the delivery log', async () => {
    for (const query of [
      'limit[]=1',
      'limit[0]=1',
      'channel[]=x',
      'alarm[$ne]=x',
      'limit=0',
      'limit=-1',
      'limit=1e9',
      'limit=abc',
      `channel=${'x'.repeat(65)}`,
      `alarm=${'y'.repeat(65)}`,
    ]) {
      const res = await admin.fetch(`/api/admin/channels/deliveries?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it('refuses channel ids that are not a UUID, however they are spelled', async () => {
    const ids = [
      'deliveries%2F..',
      '..%2F..%2Fusers',
      `${channelId}%20`,
      `%20${channelId}`,
      `${channelId}%00`,
      `${channelId}.json`,
      `${channelId},${channelId}`,
      '%7B%22%24ne%22%3A1%7D',
      'x'.repeat(300),
    ];
    for (const id of ids) {
      const patch = await admin.fetch(`/api/admin/channels/${id}`, {
        method: 'PATCH',
        body: JSON.stringify({ enabled: false }),
      });
      const remove = await admin.fetch(`/api/admin/channels/${id}`, { method: 'DELETE' });
      expect([id, patch.status, remove.status]).toEqual([id, 400, 400]);
    }
    // A well-formed id of no channel is a 404, not a 400.
    const unknown = await admin.fetch(`/api/admin/channels/${crypto.randomUUID()}`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    await unchanged();
  });

  it('refuses partners the mission does not declare, however they are spelled', async () => {
    // A well-formed id the mission does not declare is not found; anything else is not a partner id at all.
    const undeclared = await admin.fetch('/api/admin/notify/routing/XX');
    expect(undeclared.status).toBe(404);
    for (const partner of ['kz', 'Kz', '%20KZ', 'KZ%20', '%4B%5A%20', 'KZ%00', '__proto__', 'constructor']) {
      const read = await admin.fetch(`/api/admin/notify/routing/${partner}`);
      const write = await admin.fetch(`/api/admin/notify/routing/${partner}`, {
        method: 'PUT',
        body: JSON.stringify({ rules: [{ channelIds: [channelId] }] }),
      });
      expect([partner, read.status, write.status]).toEqual([partner, 400, 400]);
    }
    // Spelled with percent codes, KZ itself is KZ: the router decodes the path before the schema sees it.
    expect((await admin.fetch('/api/admin/notify/routing/%4B%5A')).status).toBe(200);
    await unchanged();
  });

  it('refuses prototype keys, wrong types, nulls and oversized bodies', async () => {
    const bodies: [string, string, string][] = [
      ['POST', '/api/admin/channels', '{"__proto__":{"admin":true},"kind":"webhook"}'],
      ['POST', '/api/admin/channels', JSON.stringify({ ...WEBHOOK, constructor: { prototype: {} } })],
      ['POST', '/api/admin/channels', 'null'],
      ['POST', '/api/admin/channels', '42'],
      ['POST', '/api/admin/channels', JSON.stringify({ ...WEBHOOK, name: 7 })],
      ['PATCH', `/api/admin/channels/${channelId}`, '{"__proto__":{"enabled":false}}'],
      ['PATCH', `/api/admin/channels/${channelId}`, JSON.stringify({ enabled: 'false' })],
      ['PATCH', `/api/admin/channels/${channelId}`, JSON.stringify({ minSeverity: ['red'] })],
      ['PUT', '/api/admin/notify/routing/KZ', '{"__proto__":{"rules":[]}, "rules": 5}'],
      [
        'PUT',
        '/api/admin/notify/routing/KZ',
        JSON.stringify({ rules: Array(51).fill({ channelIds: [channelId] }) }),
      ],
      [
        'PUT',
        '/api/admin/notify/routing/KZ',
        JSON.stringify({ escalation: { afterMs: 1e12, channelIds: [channelId] } }),
      ],
    ];
    for (const [method, route, body] of bodies) {
      const res = await admin.fetch(route, { method, body });
      expect([method, route, body.slice(0, 60), res.status]).toEqual([method, route, body.slice(0, 60), 400]);
    }
    const huge = await admin.fetch('/api/admin/channels', {
      method: 'POST',
      body: JSON.stringify({ ...WEBHOOK, name: 'x'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    await unchanged();
    const audit = await admin.json<AuditResponse>('/api/admin/audit?limit=100');
    const actions = audit.body.entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'channel_update' || a === 'channel_delete')).toEqual([]);
    expect(actions.filter((a) => a === 'notify_routing_update')).toEqual([]);
  });

  it('answers only the methods it declares', async () => {
    for (const [method, route] of [
      ['PUT', '/api/admin/channels'],
      ['POST', `/api/admin/channels/${channelId}`],
      ['DELETE', '/api/admin/notify/routing/KZ'],
      ['PATCH', '/api/admin/notify/routing/KZ'],
    ] as const) {
      const res = await admin.fetch(route, { method, body: '{}' });
      expect([method, route, res.status]).toEqual([method, route, 404]);
    }
    await unchanged();
  });
});
