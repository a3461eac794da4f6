// The durable outbox on both archives: an entry is stored once per idempotency key, leased so that no two
// senders take it at once, handed out again when a lease runs out, and a notification decided before a
// restart is delivered after it exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmNotification } from '../../shared/protocol/notify';
import type { NotifyStore, OutboxEntry, StoredChannel } from '../../server/notify/store';
import { ManualClock } from '../helpers/clock';
import { NOTIFY_STORE_FACTORIES, startWebhookReceiver, type NotifyStoreHandle } from '../helpers/notify';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

const channel = (id: string): StoredChannel => ({
  id,
  name: id,
  kind: 'webhook',
  partner: 'KZ',
  minSeverity: 'yellow',
  enabled: true,
  target: { kind: 'webhook', url: 'https://hooks.example.org/x' },
  secret: 'whsec_test',
  createdBy: 'admin',
  createdAtMs: T0,
});

const entry = (id: string, channelId: string, nextAtMs = T0): OutboxEntry => ({
  id,
  channelId,
  alarmId: `alarm-${id}`,
  notification: { idempotencyKey: id, alarmId: `alarm-${id}` } as AlarmNotification,
  state: 'pending',
  attempts: 0,
  nextAtMs,
  createdAtMs: T0,
});

describe.each(NOTIFY_STORE_FACTORIES)('notify store on $name', (factory) => {
  let handle: NotifyStoreHandle;
  let store: NotifyStore;

  beforeEach(async () => {
    handle = factory.create();
    store = await handle.open();
    await store.insertChannel(channel('a'));
    await store.insertChannel(channel('b'));
  });
  afterEach(async () => {
    await store.close();
    await handle.dispose();
  });

  it('stores an idempotency key once, however often it is decided', async () => {
    expect(await store.enqueue([entry('k1', 'a'), entry('k2', 'b')])).toBe(2);
    expect(await store.enqueue([entry('k1', 'a')])).toBe(0);
    expect(await store.pendingCount()).toBe(2);
  });

  it('leases due entries, skips busy channels and hands an entry out again only after its lease', async () => {
    await store.enqueue([entry('k1', 'a'), entry('k2', 'b'), entry('later', 'a', T0 + 60_000)]);
    const lease = { nowMs: T0, leaseUntilMs: T0 + 30_000, limit: 10 };
    expect((await store.claimDue({ ...lease, busyChannels: ['b'] })).map((e) => e.id)).toEqual(['k1']);
    expect((await store.claimDue({ ...lease, busyChannels: [] })).map((e) => e.id)).toEqual(['k2']);
    expect(await store.claimDue({ ...lease, nowMs: T0 + 29_000, busyChannels: [] })).toEqual([]);
    // The node that leased k1 and k2 died: both come back once the lease ends, with the later one.
    const again = await store.claimDue({ ...lease, nowMs: T0 + 60_000, busyChannels: [] });
    expect(again.map((e) => e.id).sort()).toEqual(['k1', 'k2', 'later']);
    expect(again.find((e) => e.id === 'k1')!.notification.alarmId).toBe('alarm-k1');
  });

  it('settles an entry and logs the attempt in one step', async () => {
    await store.enqueue([entry('k1', 'a')]);
    await store.claimDue({ nowMs: T0, leaseUntilMs: T0 + 1000, limit: 1, busyChannels: [] });
    const attempt = {
      channelId: 'a',
      alarmId: 'alarm-k1',
      idempotencyKey: 'k1',
      atMs: T0,
      durationMs: 12,
      status: 200,
      answer: 'ok',
    };
    await store.settle(
      'k1',
      { state: 'pending', attempts: 1, nextAtMs: T0 + 5000 },
      {
        ...attempt,
        attempt: 1,
        outcome: 'retry',
        status: 503,
      },
    );
    expect(
      await store.claimDue({ nowMs: T0 + 4999, leaseUntilMs: T0 + 9999, limit: 5, busyChannels: [] }),
    ).toEqual([]);
    const [retry] = await store.claimDue({
      nowMs: T0 + 5000,
      leaseUntilMs: T0 + 9999,
      limit: 5,
      busyChannels: [],
    });
    expect(retry).toMatchObject({ id: 'k1', attempts: 1 });
    await store.settle(
      'k1',
      { state: 'sent', attempts: 2, nextAtMs: T0 + 6000 },
      { ...attempt, attempt: 2, outcome: 'sent' },
    );
    expect(await store.pendingCount()).toBe(0);
    const log = await store.deliveries({ limit: 10, channelId: 'a' });
    expect(log.map((d) => [d.attempt, d.outcome, d.status])).toEqual([
      [2, 'sent', 200],
      [1, 'retry', 503],
    ]);
    expect(await store.deliveries({ limit: 10, alarmId: 'alarm-other' })).toEqual([]);
  });

  it('keeps channels with their secret and applies patches', async () => {
    expect(await store.updateChannel('a', { enabled: false, name: 'renamed' })).toBe(true);
    expect(await store.updateChannel('missing', { enabled: false })).toBe(false);
    expect(await store.getChannel('a')).toMatchObject({
      name: 'renamed',
      enabled: false,
      secret: 'whsec_test',
    });
    expect((await store.listChannels()).map((c) => c.id)).toEqual(['a', 'b']);
    expect(await store.deleteChannel('a')).toBe(true);
    expect(await store.getChannel('a')).toBeUndefined();
  });
});

describe.each(NOTIFY_STORE_FACTORIES)('a restart with a pending notification on $name', (factory) => {
  let servers: RunningServer[] = [];
  afterEach(async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
    servers = [];
  });

  it('delivers it after the restart, once', async () => {
    const handle = factory.create();
    const receiver = await startWebhookReceiver();
    const wall = new ManualClock(T0);
    try {
      // First run: the receiver is down (503), the retry is a minute away, and the server stops.
      receiver.respond((n) => (n === 1 ? { status: 503 } : { status: 200 }));
      const first = await startServer({
        clock: new ManualClock(T0),
        notify: { store: await handle.open(), clock: wall, pollMs: 0, retryDelaysMs: [60_000] },
      });
      servers.push(first);
      const created = await first.session.json<{ channel: { id: string } }>('/api/admin/channels', {
        method: 'POST',
        body: JSON.stringify({ kind: 'webhook', name: 'hook', partner: 'KZ', url: receiver.url }),
      });
      const socket = await connectStation(first.url, 'astana', 'astana-secret');
      const bytes = buildFrame({ sequenceCount: 1, timeMs: T0, values: { 'eps.batt_soc': 38 } });
      expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
      socket.close();
      await first.app.notifier.settled();
      expect(receiver.requests).toHaveLength(1);
      await first.stop();
      servers = [];

      // Second run on the same store, after the retry time: sent once, and never again.
      wall.advance(61_000);
      const second = await startServer({
        clock: new ManualClock(T0),
        notify: { store: await handle.open(), clock: wall, pollMs: 0, retryDelaysMs: [60_000] },
      });
      servers.push(second);
      await second.app.notifier.settled();
      await second.app.notifier.settled();
      wall.advance(600_000);
      await second.app.notifier.settled();
      expect(receiver.requests).toHaveLength(2);
      const [a, b] = receiver.requests;
      expect(b!.headers['idempotency-key']).toBe(a!.headers['idempotency-key']);
      expect(JSON.parse(b!.rawBody)).toEqual(JSON.parse(a!.rawBody));
      const log = await second.session.json<{ deliveries: { outcome: string }[] }>(
        `/api/admin/channels/deliveries?channel=${created.body.channel.id}`,
      );
      expect(log.body.deliveries.map((d) => d.outcome)).toEqual(['sent', 'retry']);
    } finally {
      await receiver.close();
      await handle.dispose();
    }
  });
});
