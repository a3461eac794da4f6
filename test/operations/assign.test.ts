// Alarm assignment on both archives: an operator takes an alarm on and releases it; the assignee is archived
// with the alarm, logged as an event and audited; only users who may see the alarm can hold it, only those who
// may act on it can assign it, and hostile bodies and ids change nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alarm, AlarmsResponse, EventsResponse } from '../../shared/protocol/api';
import type { AuditResponse } from '../../shared/protocol/auth';
import { defaultAgreement } from '../../server/auth/agreement';
import type { Store } from '../../server/archive/types';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.each(STORE_FACTORIES)('alarm assignment on $name', (factory) => {
  let handle: StoreHandle;
  let store: Store;
  let server: RunningServer;
  let operator: Session;
  let alarmId: string;

  const assign = (to: unknown, as: Session = operator, id = alarmId) =>
    as.json<Alarm>(`/api/alarms/${id}/assign`, { method: 'POST', body: JSON.stringify({ to }) });
  const current = async () =>
    (await operator.json<AlarmsResponse>('/api/alarms')).body.alarms.find((a) => a.id === alarmId)!;

  beforeEach(async () => {
    handle = await factory.create();
    store = await handle.open();
    server = await startServer({
      clock: new ManualClock(T0),
      store,
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
    });
    const station = await connectStation(server.url, 'astana', 'astana-secret');
    const bytes = buildFrame({
      spacecraftId: 'kazeosat-1',
      sequenceCount: 1,
      timeMs: T0,
      values: { 'eps.batt_soc': 30 },
    });
    expect(await sendFrame(station, bytes)).toEqual({ ok: true, status: 'stored' });
    station.close();
    await server.app.flush();
    operator = await loginAs(server, 'operator', 'KZ');
    const [raised] = (await operator.json<AlarmsResponse>('/api/alarms')).body.alarms;
    alarmId = raised!.id;
  });
  afterEach(async () => {
    await server.stop();
    await handle.dispose();
  });

  it('takes an alarm on and releases it, archived, logged and audited', async () => {
    const taken = await assign('operator-kz');
    expect(taken.status).toBe(200);
    expect(taken.body.assignedTo).toBe('operator-kz');
    expect((await current()).assignedTo).toBe('operator-kz');
    await server.app.flush();
    const archived = await operator.json<AlarmsResponse>('/api/alarms?scope=all');
    expect(archived.body.alarms.find((a) => a.id === alarmId)?.assignedTo).toBe('operator-kz');
    const events = await operator.json<EventsResponse>(`/api/events?from=${T0 - 1000}&to=${T0 + 60_000}`);
    const assigned = events.body.events.filter(
      (e) => e.detail?.kind === 'alarm' && e.detail.transition === 'assigned',
    );
    expect(assigned.map((e) => (e.detail?.kind === 'alarm' ? e.detail.by : null))).toEqual(['operator-kz']);
    // An engineer of the same partner may take it over; then the operator releases nothing of theirs.
    await loginAs(server, 'engineer', 'KZ');
    expect((await assign('engineer-kz')).body.assignedTo).toBe('engineer-kz');
    const released = await assign(null);
    expect(released.status).toBe(200);
    expect(released.body.assignedTo).toBeUndefined();
    expect((await current()).assignedTo).toBeUndefined();
    const audit = await server.session.json<AuditResponse>('/api/admin/audit?action=alarm_assign');
    expect(audit.body.entries.map((e) => `${e.actor} ${e.target} ${e.detail}`).reverse()).toEqual([
      `operator-kz ${alarmId} to operator-kz`,
      `operator-kz ${alarmId} to engineer-kz`,
      `operator-kz ${alarmId} to nobody`,
    ]);
  });

  it('assigns only to users who may act on the alarm, and only for who may see it', async () => {
    await loginAs(server, 'operator', 'TR');
    await loginAs(server, 'viewer', 'KZ');
    // Türkiye may not see kazeosat-1 under the default agreement; a viewer may not act; "ghost" is nobody.
    for (const to of ['operator-tr', 'viewer-kz', 'ghost']) {
      const res = await assign(to);
      expect([to, res.status]).toEqual([to, 400]);
    }
    const turkish = await loginAs(server, 'operator', 'TR');
    expect((await assign('operator-tr', turkish)).status).toBe(403);
    const viewer = await loginAs(server, 'viewer', 'KZ');
    expect((await assign('viewer-kz', viewer)).status).toBe(403);
    const stranger = await fetch(`${server.url}/api/alarms/${alarmId}/assign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'operator-kz' }),
    });
    expect(stranger.status).toBe(401);
    expect((await current()).assignedTo).toBeUndefined();
  });

  it('refuses hostile bodies and ids and changes nothing', async () => {
    const bodies: unknown[] = [
      {},
      { to: '' },
      { to: '   ' },
      { to: 5 },
      { to: ['operator-kz'] },
      { to: 'x'.repeat(65) },
    ];
    for (const body of bodies) {
      const res = await operator.fetch(`/api/alarms/${alarmId}/assign`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect([body, res.status]).toEqual([body, 400]);
    }
    for (const raw of [
      '{"to":"operator-kz","by":"admin-kz"}',
      '{"__proto__":{"to":"x"}}',
      '[]',
      'null',
      '{"to":',
    ]) {
      const res = await operator.fetch(`/api/alarms/${alarmId}/assign`, { method: 'POST', body: raw });
      expect([raw, res.status]).toEqual([raw, 400]);
    }
    expect((await assign('operator-kz', operator, 'no-such-alarm')).status).toBe(404);
    expect((await assign('operator-kz', operator, 'x'.repeat(200))).status).toBe(400);
    expect((await current()).assignedTo).toBeUndefined();
  });
});
