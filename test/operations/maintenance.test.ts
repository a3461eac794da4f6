// Maintenance windows on both stores: an alarm raised in a spacecraft's window is recorded and marked "in
// maintenance" but not notified and not counted; one raised outside is notified as ever; a station's planned
// outage marks its passes planned; windows survive a restart; only operators and admins plan them, each only
// for what the agreement and their partner allow; hostile input changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpacecraftDef, StationDef } from '../../shared/dictionary';
import type { AlarmsResponse, FleetResponse, PassesResponse } from '../../shared/protocol/api';
import type { MaintenanceResponse, MaintenanceWindow } from '../../shared/protocol/maintenance';
import type { AlarmNotification, CreatedChannel } from '../../shared/protocol/notify';
import { defaultAgreement } from '../../server/auth/agreement';
import { DICTIONARY } from '../../server/mission/shipped';
import { createPostgresOperationsStore } from '../../server/operations/postgres/store';
import { createSqliteOperationsStore } from '../../server/operations/sqliteStore';
import type { OperationsStore } from '../../server/operations/store';
import type { PassPredictor } from '../../server/passes/schedule';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/notify';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';
import { dropSchema, POSTGRES_URL, uniqueSchema } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** A pass of every spacecraft over astana from T0 - 5 min to T0 + 5 min, and over ankara at T0 + 1 h. */
const passes: PassPredictor = (
  spacecraft: SpacecraftDef,
  station: StationDef,
  fromMs: number,
  toMs: number,
) =>
  (
    [
      ['astana', T0 - 5 * MINUTE],
      ['ankara', T0 + 60 * MINUTE],
    ] as const
  )
    .filter(([id, aos]) => id === station.id && aos < toMs && aos + 10 * MINUTE > fromMs)
    .map(([, aos]) => ({
      spacecraftId: spacecraft.id,
      stationId: station.id,
      aosMs: aos,
      tcaMs: aos + 5 * MINUTE,
      losMs: aos + 10 * MINUTE,
      maxElevationDeg: 40,
      aosAzimuthDeg: 0,
      losAzimuthDeg: 180,
    }));

interface StoreKind {
  name: string;
  open(): Promise<{ open(): Promise<OperationsStore>; dispose(): Promise<void> }>;
}

const STORE_KINDS: StoreKind[] = [
  {
    name: 'sqlite',
    open: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-ops-'));
      return Promise.resolve({
        open: () => Promise.resolve(createSqliteOperationsStore(path.join(dir, 'operations.sqlite'))),
        dispose: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
      });
    },
  },
  ...(POSTGRES_URL
    ? [
        {
          name: 'postgres',
          open: () => {
            const schema = uniqueSchema();
            return Promise.resolve({
              open: () => createPostgresOperationsStore({ connectionString: POSTGRES_URL!, schema }),
              dispose: () => dropSchema(POSTGRES_URL!, schema),
            });
          },
        },
      ]
    : []),
];

describe.each(STORE_KINDS)('maintenance windows on $name', (kind) => {
  let handle: Awaited<ReturnType<StoreKind['open']>>;
  let server: RunningServer;
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  let socket: StationSocket;
  let operator: Session;
  let seq = 0;

  const start = async () => {
    server = await startServer({
      clock,
      predictPasses: passes,
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
      notify: { pollMs: 0 },
      operations: { store: await handle.open(), refreshMs: 0 },
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
    operator = await loginAs(server, 'operator', 'KZ');
  };
  const plan = (body: unknown, as: Session = operator) =>
    as.json<MaintenanceWindow>('/api/maintenance', { method: 'POST', body: JSON.stringify(body) });
  /** A red state of charge of a spacecraft at T0 + offset. */
  const lowBattery = async (spacecraftId: string, offsetS: number) => {
    clock.set(T0 + offsetS * 1000);
    const bytes = buildFrame({
      spacecraftId,
      sequenceCount: ++seq,
      timeMs: T0 + offsetS * 1000,
      values: { 'eps.batt_soc': 30 },
    });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
    await server.app.notifier.settled();
    await server.app.notifier.settled();
  };

  beforeEach(async () => {
    seq = 0;
    clock = new ManualClock(T0);
    receiver = await startWebhookReceiver();
    handle = await kind.open();
    await start();
    const created = await server.session.json<CreatedChannel>('/api/admin/channels', {
      method: 'POST',
      body: JSON.stringify({ kind: 'webhook', name: 'KZ desk', partner: 'KZ', url: `${receiver.url}/kz` }),
    });
    expect(created.status).toBe(201);
  });
  afterEach(async () => {
    socket?.close();
    await server?.stop();
    await receiver.close();
    await handle.dispose();
  });

  it('records an alarm raised in the window as in maintenance, sends and counts nothing for it', async () => {
    const window = await plan({
      target: 'spacecraft',
      targetId: 'kazeosat-1',
      fromMs: T0,
      toMs: T0 + 30 * MINUTE,
      reason: 'battery reconditioning',
    });
    expect(window.status).toBe(201);
    expect(window.body).toMatchObject({
      createdBy: 'operator-kz',
      partner: 'KZ',
      reason: 'battery reconditioning',
    });
    await lowBattery('kazeosat-1', 60);
    await lowBattery('kazeosat-2', 61);
    const { body } = await server.session.json<AlarmsResponse>('/api/alarms');
    const bySpacecraft = new Map(body.alarms.map((a) => [a.spacecraftId, a]));
    expect(bySpacecraft.get('kazeosat-1')?.maintenance).toEqual({
      windowId: window.body.id,
      reason: 'battery reconditioning',
    });
    expect(bySpacecraft.get('kazeosat-2')?.maintenance).toBeUndefined();
    // Only the alarm outside any window reached the partner's channel.
    const sent = receiver.requests.map((r) => JSON.parse(r.rawBody) as AlarmNotification);
    expect(sent.map((n) => n.spacecraftId)).toEqual(['kazeosat-2']);
    const fleet = await server.session.json<FleetResponse>('/api/fleet');
    const counts = new Map(fleet.body.fleet.map((f) => [f.spacecraftId, f.activeAlarms]));
    expect(counts.get('kazeosat-1')).toEqual({ yellow: 0, red: 0, unacknowledged: 0 });
    expect(counts.get('kazeosat-2')).toMatchObject({ red: 1, unacknowledged: 1 });
    // Archived with its mark: the archive's list says the same.
    await server.app.flush();
    const archived = await server.session.json<AlarmsResponse>('/api/alarms?scope=all');
    expect(archived.body.alarms.find((a) => a.spacecraftId === 'kazeosat-1')?.maintenance?.windowId).toBe(
      window.body.id,
    );
  });

  it("marks a station's passes in its planned outage as planned, and keeps windows over a restart", async () => {
    const outage = await plan({
      target: 'station',
      targetId: 'astana',
      fromMs: T0 - 60 * MINUTE,
      toMs: T0 + 30 * MINUTE,
      reason: 'antenna bearing replacement',
    });
    expect(outage.status).toBe(201);
    const read = async () =>
      (
        await server.session.json<PassesResponse>(
          `/api/passes?from=${T0 - 30 * MINUTE}&to=${T0 + 90 * MINUTE}`,
        )
      ).body.passes;
    const before = await read();
    expect(
      before.filter((p) => p.stationId === 'astana').every((p) => p.planned?.windowId === outage.body.id),
    ).toBe(true);
    expect(before.filter((p) => p.stationId === 'ankara').some((p) => p.planned)).toBe(false);
    socket.close();
    await server.stop();
    await start();
    const listed = await server.session.json<MaintenanceResponse>(
      `/api/maintenance?from=${T0 - 120 * MINUTE}`,
    );
    expect(listed.body.windows.map((w) => w.id)).toEqual([outage.body.id]);
    expect((await read()).filter((p) => p.planned).length).toBe(before.filter((p) => p.planned).length);
    const removed = await operator.fetch(`/api/maintenance/${outage.body.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await read()).some((p) => p.planned)).toBe(false);
  });

  it('lets operators and admins plan only what their partner may: viewers, other partners and strangers are refused', async () => {
    const window = {
      target: 'spacecraft',
      targetId: 'kazeosat-1',
      fromMs: T0,
      toMs: T0 + MINUTE,
      reason: 'x',
    };
    const viewer = await loginAs(server, 'viewer', 'KZ');
    const turkish = await loginAs(server, 'operator', 'TR');
    expect((await plan(window, viewer)).status).toBe(403);
    // Türkiye's operator may not see kazeosat-1's telemetry, nor plan outages of Kazakh stations.
    expect((await plan(window, turkish)).status).toBe(403);
    expect((await plan({ ...window, target: 'station', targetId: 'astana' }, turkish)).status).toBe(403);
    expect((await plan({ ...window, target: 'station', targetId: 'ankara' }, turkish)).status).toBe(201);
    const stranger = await fetch(`${server.url}/api/maintenance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(window),
    });
    expect(stranger.status).toBe(401);
    const own = await plan(window);
    expect(own.status).toBe(201);
    // Türkiye does not see the Kazakh spacecraft's window, and may not remove it.
    const seen = await turkish.json<MaintenanceResponse>(`/api/maintenance?from=${T0 - MINUTE}`);
    expect(seen.body.windows.map((w) => w.targetId)).toEqual(['ankara']);
    expect((await turkish.fetch(`/api/maintenance/${own.body.id}`, { method: 'DELETE' })).status).toBe(403);
    // An admin plans for any station; the audit log names who planned what.
    expect((await plan({ ...window, target: 'station', targetId: 'baku' }, server.session)).status).toBe(201);
    const audit = await server.session.json<{ entries: { actor: string; target: string }[] }>(
      '/api/admin/audit?action=maintenance_create',
    );
    expect(audit.body.entries.map((e) => `${e.actor} ${e.target}`).sort()).toEqual([
      'admin-kz station:baku',
      'operator-kz spacecraft:kazeosat-1',
      'operator-tr station:ankara',
    ]);
  });

  it('refuses hostile input and stores nothing', async () => {
    const base = { target: 'spacecraft', targetId: 'kazeosat-1', fromMs: T0, toMs: T0 + MINUTE, reason: 'x' };
    const bad: [string, unknown][] = [
      ['an end before the start', { ...base, toMs: T0 - 1 }],
      ['an empty window', { ...base, toMs: T0 }],
      ['a window of 31 days', { ...base, toMs: T0 + 31 * 86_400_000 }],
      ['an unknown target kind', { ...base, target: 'ground' }],
      ['a blank reason', { ...base, reason: '   ' }],
      ['a reason of 301 characters', { ...base, reason: 'r'.repeat(301) }],
      ['times as strings', { ...base, fromMs: String(T0) }],
      ['a fractional time', { ...base, fromMs: T0 + 0.5 }],
      ['a time past the last date', { ...base, toMs: 1e16 }],
      ['an extra field', { ...base, createdBy: 'someone-else' }],
      ['a prototype key', JSON.parse(`{"__proto__": {"x": 1}, "target": "spacecraft"}`)],
      ['an array', [base]],
      ['null', null],
    ];
    for (const [label, body] of bad) expect([label, (await plan(body)).status]).toEqual([label, 400]);
    for (const targetId of ['kazeosat-9', 'KAZEOSAT-1', ' kazeosat-1', 'kazeosat-1 ']) {
      expect([targetId, (await plan({ ...base, targetId })).status]).toEqual([targetId, 404]);
    }
    expect((await plan({ ...base, target: 'station', targetId: 'atlantis' })).status).toBe(404);
    for (const query of ['from[]=1', 'from=abc', 'to=-5', `from=${T0 + MINUTE}&to=${T0}`, 'extra=1']) {
      expect([query, (await operator.fetch(`/api/maintenance?${query}`)).status]).toEqual([query, 400]);
    }
    for (const id of ['not-a-uuid', '..%2Fmaintenance', `${crypto.randomUUID()}%20`]) {
      expect([id, (await operator.fetch(`/api/maintenance/${id}`, { method: 'DELETE' })).status]).toEqual([
        id,
        400,
      ]);
    }
    expect(
      (await operator.fetch(`/api/maintenance/${crypto.randomUUID()}`, { method: 'DELETE' })).status,
    ).toBe(404);
    const listed = await operator.json<MaintenanceResponse>(`/api/maintenance?from=0`);
    expect(listed.body.windows).toEqual([]);
  });
});
