import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmsResponse, EventsResponse, FleetResponse } from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, postJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.each(STORE_FACTORIES)('alarm escalation and acknowledged alarms on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  let socket: StationSocket;
  let seq = 0;

  const soc = async (offsetS: number, percent: number) => {
    clock.set(T0 + offsetS * 1000 + 500);
    const bytes = buildFrame({
      sequenceCount: ++seq,
      timeMs: T0 + offsetS * 1000,
      values: { 'eps.batt_soc': percent },
    });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
  };
  const socAlarm = async () =>
    (await getJson<AlarmsResponse>(`${server.url}/api/alarms`)).body.alarms.find(
      (a) => a.parameterId === 'eps.batt_soc',
    )!;
  const entry = async () =>
    (await getJson<FleetResponse>(`${server.url}/api/fleet`)).body.fleet.find(
      (f) => f.spacecraftId === 'kazeosat-1',
    )!;

  beforeEach(async () => {
    seq = 0;
    clock = new ManualClock(T0);
    handle = await factory.create();
    server = await startServer({ store: await handle.open(), clock });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
  });

  afterEach(async () => {
    socket.close();
    await server.stop();
    await handle.dispose();
  });

  it('re-raises an acknowledged yellow alarm that escalates to red, and records the escalation', async () => {
    await soc(0, 55);
    const yellow = await socAlarm();
    expect(yellow).toMatchObject({ level: 'yellow', active: true, acknowledged: null });
    expect(
      (await postJson(`${server.url}/api/alarms/${yellow.id}/ack`, { comment: 'watching' })).status,
    ).toBe(200);
    expect((await entry()).activeAlarms).toEqual({ yellow: 1, red: 0, unacknowledged: 0 });

    await soc(1, 38);
    const red = await socAlarm();
    expect(red).toMatchObject({ id: yellow.id, level: 'red', active: true, acknowledged: null });
    expect((await entry()).activeAlarms).toEqual({ yellow: 0, red: 1, unacknowledged: 1 });
    const events = await getJson<EventsResponse>(
      `${server.url}/api/events?spacecraft=kazeosat-1&to=${T0 + 5000}`,
    );
    expect(events.body.events.map((e) => e.code)).toEqual(
      expect.arrayContaining(['ALARM_OPENED', 'ALARM_ACKNOWLEDGED', 'ALARM_ESCALATED']),
    );
    expect(events.body.events.find((e) => e.code === 'ALARM_ESCALATED')!.severity).toBe('critical');

    // A second acknowledgement answers the red level; going back down to yellow is not news.
    expect((await postJson(`${server.url}/api/alarms/${red.id}/ack`, {})).status).toBe(200);
    await soc(2, 50);
    expect(await socAlarm()).toMatchObject({ level: 'yellow', acknowledged: expect.anything() });
  });

  it('un-shelves an alarm that escalates', async () => {
    await soc(0, 55);
    const { id } = await socAlarm();
    const shelved = await postJson(`${server.url}/api/alarms/${id}/shelve`, { durationMs: 3_600_000 });
    expect(shelved.status).toBe(200);
    await soc(1, 38);
    expect(await socAlarm()).toMatchObject({ level: 'red', shelvedUntilMs: null, acknowledged: null });
  });

  it('keeps an acknowledged red alarm active: status, counts and facts stay critical', async () => {
    await soc(0, 38);
    const { id } = await socAlarm();
    expect((await postJson(`${server.url}/api/alarms/${id}/ack`, {})).status).toBe(200);
    expect(await entry()).toMatchObject({
      status: 'critical',
      activeAlarms: { yellow: 0, red: 1, unacknowledged: 0 },
      facts: { alarmLevel: 'red' },
    });
    // Frames stop (no pass prediction here): silent data, the red alarm still decides the status.
    clock.set(T0 + 60_000);
    await server.app.tick();
    expect(await entry()).toMatchObject({ status: 'critical', activeAlarms: { red: 1 } });
    // Past lostMs, lost (also red) says more: nothing is heard at all; the link alarm joins the count.
    clock.set(T0 + 400_000);
    await server.app.tick();
    expect(await entry()).toMatchObject({ status: 'lost', activeAlarms: { red: 2, unacknowledged: 1 } });
  });
});
