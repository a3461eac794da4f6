// From an out-of-limits frame to a signed webhook request and an e-mail over STARTTLS; retries, redirects,
// timeouts and unreachable endpoints end in the delivery log without holding up other channels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmsResponse } from '../../shared/protocol/api';
import type {
  AlarmNotification,
  CreatedChannel,
  DeliveriesResponse,
  DeliveryAttempt,
} from '../../shared/protocol/notify';
import { signatureMatches } from '../../server/notify/signature';
import type { NotifyOptions } from '../../server/notify';
import { defaultAgreement } from '../../server/auth/agreement';
import type { Auth } from '../../server/auth';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import {
  SMTP_TEST_CERT,
  startSmtpReceiver,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../helpers/notify';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe('alarm notifications', () => {
  let server: RunningServer;
  let clock: ManualClock;
  let socket: StationSocket;
  let receiver: WebhookReceiver;
  let seq = 0;

  const start = async (notify: NotifyOptions = {}, auth?: Auth) => {
    server = await startServer({
      clock,
      ...(auth && { auth }),
      notify: { pollMs: 20, timeoutMs: 2000, retryDelaysMs: [50, 50], ...notify },
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  };
  /** An EPS frame of kazeosat-1 at T0 + offsetS: a state of charge of 55 % is yellow, 38 % red. */
  const eps = async (offsetS: number, soc: number) => {
    clock.set(T0 + offsetS * 1000 + 500);
    const bytes = buildFrame({
      sequenceCount: ++seq,
      timeMs: T0 + offsetS * 1000,
      values: { 'eps.batt_soc': soc },
    });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
  };
  const addWebhook = async (url: string, extra: object = {}) => {
    const res = await server.session.json<CreatedChannel>('/api/admin/channels', {
      method: 'POST',
      body: JSON.stringify({ kind: 'webhook', name: 'hook', partner: 'KZ', url, ...extra }),
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const deliveries = async (channelId?: string): Promise<DeliveryAttempt[]> => {
    const query = channelId ? `?channel=${channelId}` : '';
    return (await server.session.json<DeliveriesResponse>(`/api/admin/channels/deliveries${query}`)).body
      .deliveries;
  };
  /** Polls the delivery log until `done` holds (the outbox works in the background). */
  const logUntil = async (done: (log: DeliveryAttempt[]) => boolean, channelId?: string) => {
    const deadline = Date.now() + 8000;
    for (;;) {
      const log = await deliveries(channelId);
      if (done(log)) return log;
      if (Date.now() > deadline) throw new Error(`delivery log: ${JSON.stringify(log)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeEach(async () => {
    seq = 0;
    clock = new ManualClock(T0);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    socket?.close();
    await server?.stop();
    await receiver.close();
  });

  it('posts a signed JSON body for a new alarm within seconds', async () => {
    await start({ publicUrl: 'https://ortaq.example.org' });
    const { channel, signingSecret } = await addWebhook(`${receiver.url}/hooks/ortaq`);
    await eps(0, 80);
    const sentAt = Date.now();
    await eps(1, 55);
    const [request] = await receiver.waitFor(1, 10_000);
    expect(request!.atMs - sentAt).toBeLessThan(10_000);
    expect(request!.path).toBe('/hooks/ortaq');
    expect(request!.headers['content-type']).toBe('application/json');
    const signature = request!.headers['x-ortaq-signature'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signatureMatches(signingSecret!, request!.rawBody, signature)).toBe(true);
    expect(signatureMatches('whsec_other', request!.rawBody, signature)).toBe(false);

    const body = JSON.parse(request!.rawBody) as AlarmNotification;
    const [alarm] = (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms;
    expect(body).toMatchObject({
      alarmId: alarm!.id,
      spacecraftId: 'kazeosat-1',
      parameterId: 'eps.batt_soc',
      severity: 'yellow',
      transition: 'opened',
      value: 55,
      limit: { side: 'low', value: 60 },
      raisedAtMs: T0 + 1000,
      raisedAt: new Date(T0 + 1000).toISOString(),
      state: 'active',
      link: `https://ortaq.example.org/alarms?alarm=${alarm!.id}`,
    });
    expect(request!.headers['idempotency-key']).toBe(body.idempotencyKey);
    const log = await logUntil((l) => l.length === 1, channel.id);
    expect(log[0]).toMatchObject({ outcome: 'sent', status: 200, attempt: 1, alarmId: alarm!.id });

    // Escalation to red is news; a value that stays red is not.
    await eps(2, 38);
    await eps(3, 37);
    await receiver.waitFor(2);
    await server.app.notifier.settled();
    expect(receiver.requests).toHaveLength(2);
    expect(JSON.parse(receiver.requests[1]!.rawBody)).toMatchObject({
      severity: 'red',
      transition: 'escalated',
    });
  });

  it('sends an e-mail over STARTTLS with the SMTP login', async () => {
    const smtp = await startSmtpReceiver('smtp-password-123');
    try {
      await start({ smtpTrust: { ca: SMTP_TEST_CERT } });
      const created = await server.session.json<CreatedChannel>('/api/admin/channels', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'email',
          name: 'duty desk',
          partner: 'KZ',
          host: smtp.host,
          port: smtp.port,
          username: 'ortaq',
          password: 'smtp-password-123',
          from: 'ortaq@example.org',
          to: ['duty@example.org', 'chief@example.org'],
        }),
      });
      expect(created.status).toBe(201);
      await eps(0, 38);
      const [mail] = await smtp.waitFor(1, 10_000);
      expect(mail).toMatchObject({
        from: 'ortaq@example.org',
        to: ['duty@example.org', 'chief@example.org'],
        secure: true,
        user: 'ortaq',
      });
      expect(mail!.raw).toContain('Subject: [Ortaq] RED kazeosat-1 eps.batt_soc = 38');
      const [alarm] = (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms;
      expect(mail!.text).toContain('RED alarm opened on kazeosat-1: eps.batt_soc = 38 (low limit 40)');
      expect(mail!.text).toContain(`Open in Ortaq: /alarms?alarm=${alarm!.id}`);
      const log = await logUntil((l) => l.length === 1);
      expect(log[0]).toMatchObject({ outcome: 'sent', status: 250 });
    } finally {
      await smtp.close();
    }
  });

  it('retries a 500 with backoff and records every attempt with its answer', async () => {
    await start();
    receiver.respond((n) => (n < 3 ? { status: 500, body: 'database down' } : { status: 202 }));
    const { channel } = await addWebhook(receiver.url);
    await eps(0, 55);
    const log = await logUntil((l) => l.some((d) => d.outcome === 'sent'), channel.id);
    expect(log.map((d) => [d.attempt, d.outcome, d.status])).toEqual([
      [3, 'sent', 202],
      [2, 'retry', 500],
      [1, 'retry', 500],
    ]);
    expect(log[2]!.answer).toBe('database down');
    // Every attempt carried the same idempotency key, so the receiver can drop repeats.
    const keys = new Set(receiver.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
  });

  it('does not follow a redirect, and gives up on an endpoint that stays down', async () => {
    await start();
    const elsewhere = await startWebhookReceiver();
    try {
      receiver.respond({ status: 307, location: `${elsewhere.url}/steal` });
      const redirecting = await addWebhook(receiver.url);
      const down = await addWebhook('http://127.0.0.1:9/');
      await eps(0, 55);
      const log = await logUntil((l) => l.filter((d) => d.outcome === 'failed').length === 2);
      const redirect = log.filter((d) => d.channelId === redirecting.channel.id);
      expect(redirect).toEqual([expect.objectContaining({ outcome: 'failed', status: 307 })]);
      expect(redirect[0]!.answer).toBe('redirect not followed');
      expect(elsewhere.requests).toHaveLength(0);
      const refused = log.filter((d) => d.channelId === down.channel.id);
      expect(refused.map((d) => d.outcome)).toEqual(['failed', 'retry', 'retry']);
      expect(refused[0]!.status).toBeNull();
    } finally {
      await elsewhere.close();
    }
  });

  it('times out a hanging endpoint while another channel is served at once', async () => {
    await start({ timeoutMs: 600, retryDelaysMs: [] });
    const slow = await startWebhookReceiver();
    try {
      slow.respond({ hang: true });
      const hanging = await addWebhook(slow.url);
      await addWebhook(receiver.url);
      await eps(0, 55);
      const [fast] = await receiver.waitFor(1, 5000);
      await slow.waitFor(1);
      // The healthy channel did not wait for the hanging one's timeout.
      expect(fast!.atMs - slow.requests[0]!.atMs).toBeLessThan(500);
      const log = await logUntil((l) => l.length === 1, hanging.channel.id);
      expect(log[0]).toMatchObject({ outcome: 'failed', status: null, answer: 'timed out' });
      expect(log[0]!.durationMs).toBeGreaterThanOrEqual(550);
    } finally {
      await slow.close();
    }
  });

  it('sends nothing for a shelved alarm, to a disabled channel, or below a channel severity', async () => {
    await start();
    await addWebhook(receiver.url, { minSeverity: 'red' });
    await addWebhook(receiver.url, { enabled: false });
    const all = await addWebhook(receiver.url);
    await eps(0, 55);
    await receiver.waitFor(1);
    const [alarm] = (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms;
    const shelved = await server.session.json(`/api/alarms/${alarm!.id}/shelve`, {
      method: 'POST',
      body: JSON.stringify({ durationMs: 3_600_000 }),
    });
    expect(shelved.status).toBe(200);
    // Deeper into yellow while shelved: not sent. (Escalating to red would unshelve and re-raise it.)
    await eps(1, 45);
    await server.app.notifier.settled();
    await server.app.notifier.settled();
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveries()).map((d) => d.channelId)).toEqual([all.channel.id]);
  });

  it('tells a partner only of spacecraft the constellation agreement lets it see', async () => {
    await start({}, createMemoryAuth(defaultAgreement(DICTIONARY)));
    const owner = await addWebhook(`${receiver.url}/kz`, { partner: 'KZ' });
    await addWebhook(`${receiver.url}/tr`, { partner: 'TR' });
    await eps(0, 55);
    await receiver.waitFor(1);
    await server.app.notifier.settled();
    expect(receiver.requests.map((r) => r.path)).toEqual(['/kz']);
    expect((await deliveries()).map((d) => d.channelId)).toEqual([owner.channel.id]);
  });

  it('sends no mail to a server that does not offer STARTTLS, and says why', async () => {
    const plain = await startSmtpReceiver(undefined, { withoutStartTls: true });
    try {
      await start({ retryDelaysMs: [], smtpTrust: { ca: SMTP_TEST_CERT } });
      await server.session.json('/api/admin/channels', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'email',
          name: 'plain',
          partner: 'KZ',
          host: plain.host,
          port: plain.port,
          from: 'ortaq@example.org',
          to: ['duty@example.org'],
        }),
      });
      await eps(0, 55);
      const [attempt] = await logUntil((l) => l.length === 1);
      expect(attempt).toMatchObject({ outcome: 'failed' });
      expect(attempt!.answer).toMatch(/STARTTLS/i);
      expect(plain.mails).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('sends no mail to a server whose certificate it cannot verify', async () => {
    const smtp = await startSmtpReceiver();
    try {
      await start({ retryDelaysMs: [] });
      await server.session.json('/api/admin/channels', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'email',
          name: 'untrusted',
          partner: 'KZ',
          host: smtp.host,
          port: smtp.port,
          from: 'ortaq@example.org',
          to: ['duty@example.org'],
        }),
      });
      await eps(0, 55);
      const [attempt] = await logUntil((l) => l.length === 1);
      expect(attempt).toMatchObject({ outcome: 'failed', answer: 'self-signed certificate' });
      expect(smtp.mails).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
