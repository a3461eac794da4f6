// Pass-aware routing, partner rules, the on-call rota in each partner's time zone, escalation after an
// unacknowledged time and the one-time acknowledgement link, all on fake clocks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpacecraftDef, StationDef } from '../../shared/dictionary';
import type { AlarmsResponse } from '../../shared/protocol/api';
import type { AuditResponse } from '../../shared/protocol/auth';
import {
  partnerRoutingSchema,
  type AlarmNotification,
  type CreatedChannel,
  type PartnerRoutingRequest,
  type PartnerRoutingResponse,
} from '../../shared/protocol/notify';
import type { PassPredictor } from '../../server/passes/schedule';
import { localTime, onCallShifts } from '../../server/notify/plan';
import { loginAs } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/notify';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';

// Friday 1 May 2026, 12:00 UTC: 17:00 in Almaty (UTC+5), 15:00 in Istanbul (UTC+3).
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

describe('on-call rota in the partner time zones', () => {
  const rota = (start: string, end: string, days = [1, 2, 3, 4, 5]) =>
    partnerRoutingSchema.parse({
      rota: [{ label: 'desk', days, start, end, channelIds: [crypto.randomUUID()] }],
    });

  it('reads local weekday and time for every partner centre', () => {
    expect(localTime('Asia/Almaty', T0)).toEqual({ day: 5, minutes: 17 * 60 });
    expect(localTime('Europe/Istanbul', T0)).toEqual({ day: 5, minutes: 15 * 60 });
    expect(localTime('Asia/Baku', T0)).toEqual({ day: 5, minutes: 16 * 60 });
    expect(localTime('Asia/Tashkent', T0)).toEqual({ day: 5, minutes: 17 * 60 });
    expect(localTime('Asia/Bishkek', T0)).toEqual({ day: 5, minutes: 18 * 60 });
  });

  it('puts a day shift on call by local time, not UTC', () => {
    const day = rota('08:00', '18:00');
    // 17:59 in Almaty is 12:59 UTC; 18:00 there is 13:00 UTC.
    expect(onCallShifts(day, 'Asia/Almaty', T0 + 59 * MINUTE)).toHaveLength(1);
    expect(onCallShifts(day, 'Asia/Almaty', T0 + 60 * MINUTE)).toHaveLength(0);
    // The same shift in Istanbul runs until 15:00 UTC.
    expect(onCallShifts(day, 'Europe/Istanbul', T0 + 2 * 60 * MINUTE + 59 * MINUTE)).toHaveLength(1);
    // Saturday is not in the shift's days.
    expect(onCallShifts(day, 'Asia/Almaty', T0 + 24 * 60 * MINUTE)).toHaveLength(0);
  });

  it('keeps a night shift across midnight on the day it started', () => {
    const night = rota('20:00', '08:00', [5]);
    // Friday 23:00 and Saturday 07:59 in Bishkek (UTC+6) are the Friday night shift; Saturday 08:00 is not.
    const fridayLate = Date.UTC(2026, 4, 1, 17, 0);
    expect(onCallShifts(night, 'Asia/Bishkek', fridayLate)).toHaveLength(1);
    expect(onCallShifts(night, 'Asia/Bishkek', Date.UTC(2026, 4, 2, 1, 59))).toHaveLength(1);
    expect(onCallShifts(night, 'Asia/Bishkek', Date.UTC(2026, 4, 2, 2, 0))).toHaveLength(0);
  });
});

/** A pass of every spacecraft over `stationId` from T0 - 5 min to T0 + 5 min, and one over astana at T0 + 2 h. */
function passesOver(stationId: string): PassPredictor {
  return (spacecraft: SpacecraftDef, station: StationDef, fromMs: number, toMs: number) => {
    const windows: [string, number][] = [
      [stationId, T0 - 5 * MINUTE],
      ['astana', T0 + 120 * MINUTE],
    ];
    return windows
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
  };
}

describe('routing alarms to partners', () => {
  let server: RunningServer;
  let clock: ManualClock;
  let wall: ManualClock;
  let receiver: WebhookReceiver;
  let socket: StationSocket;
  let seq = 0;

  const start = async (predictor: PassPredictor) => {
    server = await startServer({
      clock,
      predictPasses: predictor,
      notify: { clock: wall, pollMs: 0, publicUrl: 'https://ortaq.example.org' },
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  };
  const channel = async (partner: string, path: string) => {
    const res = await server.session.json<CreatedChannel>('/api/admin/channels', {
      method: 'POST',
      body: JSON.stringify({
        kind: 'webhook',
        name: `${partner}${path}`,
        partner,
        url: `${receiver.url}${path}`,
      }),
    });
    expect(res.status).toBe(201);
    return res.body.channel.id;
  };
  const route = (partner: string, body: PartnerRoutingRequest) =>
    server.session.json<PartnerRoutingResponse>(`/api/admin/notify/routing/${partner}`, {
      method: 'PUT',
      body: JSON.stringify(body),
    });
  /** kazeosat-1 (owned by KZ) reports a state of charge: 55 % is yellow, 38 % red. */
  const soc = async (value: number, offsetS = 0) => {
    clock.set(T0 + offsetS * 1000);
    const bytes = buildFrame({
      sequenceCount: ++seq,
      timeMs: T0 + offsetS * 1000,
      values: { 'eps.batt_soc': value },
    });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
    await server.app.notifier.settled();
    await server.app.notifier.settled();
  };
  const bodies = () =>
    receiver.requests.map((r) => ({ path: r.path, ...(JSON.parse(r.rawBody) as AlarmNotification) }));

  beforeEach(async () => {
    seq = 0;
    clock = new ManualClock(T0);
    wall = new ManualClock(T0);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    socket?.close();
    await server?.stop();
    await receiver.close();
  });

  it('in contact: tells the owner and the partner whose station hears the spacecraft', async () => {
    await start(passesOver('ankara'));
    await channel('KZ', '/kz');
    await channel('TR', '/tr');
    await channel('AZ', '/az');
    await soc(55);
    const sent = bodies();
    expect(sent.map((b) => b.path).sort()).toEqual(['/kz', '/tr']);
    expect(sent[0]!.contact).toEqual({ inContactWith: [{ stationId: 'ankara', partner: 'TR' }], next: null });
  });

  it('outside contacts: tells the owner only, with the time and station of the next contact', async () => {
    await start(passesOver('ankara'));
    await channel('KZ', '/kz');
    await channel('TR', '/tr');
    await soc(80, 0);
    await soc(55, 30 * 60);
    const sent = bodies();
    expect(sent.map((b) => b.path)).toEqual(['/kz']);
    expect(sent[0]!.contact).toEqual({
      inContactWith: [],
      next: {
        stationId: 'astana',
        partner: 'KZ',
        aosMs: T0 + 120 * MINUTE,
        aos: new Date(T0 + 120 * MINUTE).toISOString(),
      },
    });
  });

  it('follows partner rules and the rota on call now, and refuses channels of another partner', async () => {
    await start(passesOver('baku'));
    const red = await channel('KZ', '/kz-red');
    const eps = await channel('KZ', '/kz-eps');
    const night = await channel('KZ', '/kz-night');
    const day = await channel('KZ', '/kz-day');
    const tr = await channel('TR', '/tr');
    const put = await route('KZ', {
      rules: [
        { severities: ['red'], channelIds: [red] },
        { subsystems: ['EPS'], spacecraftIds: ['kazeosat-1'], channelIds: [eps] },
      ],
      rota: [
        { label: 'day desk', days: [1, 2, 3, 4, 5], start: '08:00', end: '20:00', channelIds: [day] },
        {
          label: 'night desk',
          days: [0, 1, 2, 3, 4, 5, 6],
          start: '20:00',
          end: '08:00',
          channelIds: [night],
        },
      ],
    });
    expect(put.status).toBe(200);
    // 17:00 on a Friday in Almaty: the day desk.
    expect(put.body).toMatchObject({ timeZone: 'Asia/Almaty', onCallNow: ['day desk'] });
    expect((await route('KZ', { rules: [{ channelIds: [tr] }] })).status).toBe(400);
    await soc(55);
    expect(
      bodies()
        .map((b) => b.path)
        .sort(),
    ).toEqual(['/kz-day', '/kz-eps']);
    await soc(38, 1);
    expect(
      bodies()
        .slice(2)
        .map((b) => b.path)
        .sort(),
    ).toEqual(['/kz-day', '/kz-eps', '/kz-red']);
  });

  it('escalates an alarm nobody acknowledged, and not one that was', async () => {
    await start(passesOver('astana'));
    await channel('KZ', '/first');
    const chief = await channel('KZ', '/chief');
    const first = (
      await server.session.json<{ channels: { id: string; name: string }[] }>('/api/admin/channels')
    ).body.channels.find((c) => c.name === 'KZ/first')!.id;
    expect(
      (
        await route('KZ', {
          rules: [{ channelIds: [first] }],
          escalation: { afterMs: 10 * MINUTE, channelIds: [chief] },
        })
      ).status,
    ).toBe(200);
    await soc(55);
    expect(bodies().map((b) => b.path)).toEqual(['/first']);
    wall.advance(9 * MINUTE);
    await server.app.notifier.settled();
    expect(receiver.requests).toHaveLength(1);
    wall.advance(MINUTE);
    await server.app.notifier.settled();
    const [, escalated] = bodies();
    expect(escalated).toMatchObject({ path: '/chief', escalation: true, severity: 'yellow' });

    // The alarm clears and comes back red; this time it is acknowledged in time and the chief hears nothing.
    await soc(80, 10);
    await soc(38, 11);
    expect(bodies().map((b) => b.path)).toEqual(['/first', '/chief', '/first']);
    const [alarm] = (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms;
    const acked = await server.session.json(`/api/alarms/${alarm!.id}/ack`, { method: 'POST', body: '{}' });
    expect(acked.status).toBe(200);
    wall.advance(11 * MINUTE);
    await server.app.notifier.settled();
    expect(receiver.requests).toHaveLength(3);
    const log = await server.session.json<{ deliveries: { outcome: string; answer: string }[] }>(
      `/api/admin/channels/deliveries?channel=${chief}`,
    );
    expect(log.body.deliveries[0]).toMatchObject({
      outcome: 'suppressed',
      answer: 'acknowledged before escalation',
    });
  });

  it('acknowledges through the one-time link, audits it, and refuses the link a second time', async () => {
    await start(passesOver('astana'));
    await channel('KZ', '/kz');
    await soc(55);
    const [body] = bodies();
    expect(body!.ackLink).toMatch(/^https:\/\/ortaq\.example\.org\/ack\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(body!.ackLink!).pathname;
    const shown = await fetch(`${server.url}${path}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<form method="post">');
    // Opening the link acknowledges nothing (mail scanners open links).
    expect(
      (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms[0]!.acknowledged,
    ).toBeNull();

    const post = () => fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url } });
    const foreign = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect((await post()).status).toBe(200);
    const [alarm] = (await server.session.json<AlarmsResponse>('/api/alarms')).body.alarms;
    expect(alarm!.acknowledged).toMatchObject({
      by: 'link:KZ/kz',
      comment: 'acknowledged from a notification link',
    });
    const audit = await server.session.json<AuditResponse>('/api/admin/audit?action=alarm_ack');
    expect(audit.body.entries).toEqual([expect.objectContaining({ actor: 'link:KZ/kz', target: alarm!.id })]);
    expect((await post()).status).toBe(410);
    expect(
      (
        await fetch(`${server.url}/ack/${'A'.repeat(43)}`, {
          method: 'POST',
          headers: { origin: server.url },
        })
      ).status,
    ).toBe(410);
    expect((await fetch(`${server.url}/ack/short`)).status).toBe(404);
  });

  it('keeps the routing API to admins and refuses bad routing bodies', async () => {
    await start(passesOver('astana'));
    const kz = await channel('KZ', '/kz');
    const operator = await loginAs(server, 'operator', 'KZ');
    expect((await operator.fetch('/api/admin/notify/routing/KZ')).status).toBe(403);
    const bad: unknown[] = [
      { rota: [{ label: 'x', days: [1], start: '25:00', end: '08:00', channelIds: [kz] }] },
      { rota: [{ label: 'x', days: [7], start: '08:00', end: '09:00', channelIds: [kz] }] },
      { rules: [{ channelIds: [] }] },
      { rules: [{ channelIds: ['not-a-uuid'] }] },
      { escalation: { afterMs: 1, channelIds: [kz] } },
      { rules: [{ channelIds: [kz], extra: true }] },
      [],
    ];
    for (const body of bad) expect((await route('KZ', body as PartnerRoutingRequest)).status).toBe(400);
    // A malformed id is a bad request; a well-formed one the mission does not declare is not found.
    expect((await route('x!', {})).status).toBe(400);
    expect((await route('XX', {})).status).toBe(404);
    const read = await server.session.json<PartnerRoutingResponse>('/api/admin/notify/routing/KZ');
    expect(read.body.routing).toEqual({ rules: [], rota: [], escalation: null });
  });
});
