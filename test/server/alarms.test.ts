import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import type {
  Alarm,
  AlarmsResponse,
  EventsResponse,
  FleetResponse,
  SpacecraftDetail,
} from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, postJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';
import { login, TEST_PASSWORD } from '../helpers/auth';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.each(STORE_FACTORIES)('limits and alarms on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  let socket: StationSocket;
  let seq = 0;

  /** Sends one EPS frame at T0 + offsetS seconds and moves the clock there. */
  const eps = async (offsetS: number, values: Record<string, number>, playback = false) => {
    clock.set(T0 + offsetS * 1000 + 500);
    const bytes = buildFrame({ sequenceCount: ++seq, timeMs: T0 + offsetS * 1000, values, playback });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
  };
  const alarms = async () => (await getJson<AlarmsResponse>(`${server.url}/api/alarms`)).body.alarms;
  const fleetStatus = async () =>
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

  it('opens an alarm on the first violation, keeps the worst value, clears with hysteresis, and is acknowledged', async () => {
    await eps(0, { 'eps.batt_soc': 80 });
    expect(await alarms()).toEqual([]);
    await eps(1, { 'eps.batt_soc': 55 });
    let [alarm] = await alarms();
    expect(alarm).toMatchObject({
      parameterId: 'eps.batt_soc',
      kind: 'limit',
      level: 'yellow',
      side: 'low',
      active: true,
    });
    expect(alarm!.openedAtMs).toBe(T0 + 1000);
    expect((await fleetStatus()).status).toBe('warning');

    await eps(2, { 'eps.batt_soc': 38 });
    expect((await fleetStatus()).status).toBe('critical');
    await eps(3, { 'eps.batt_soc': 50 });
    [alarm] = await alarms();
    // The level follows the value back down to yellow; the worst value stays on record.
    expect(alarm).toMatchObject({ level: 'yellow', worstValue: 38, lastValue: 50, active: true });
    expect((await fleetStatus()).status).toBe('warning');

    // Yellow low is 60 %: 60.5 % is inside the limit but not by the 2 % hysteresis (1.2 points).
    await eps(4, { 'eps.batt_soc': 60.5 });
    expect((await alarms())[0]!.active).toBe(true);
    await eps(5, { 'eps.batt_soc': 62 });
    [alarm] = await alarms();
    expect(alarm).toMatchObject({ active: false, clearedAtMs: T0 + 5000, acknowledged: null });
    expect((await fleetStatus()).status).toBe('nominal');
    expect((await fleetStatus()).activeAlarms).toEqual({ yellow: 0, red: 0, unacknowledged: 1 });

    // The acknowledgement is signed by whoever is signed in, whatever name the request carries.
    await server.app.auth.accounts.create(
      { username: 'aigerim', partner: 'KZ', role: 'operator', password: TEST_PASSWORD },
      'test',
    );
    const aigerim = await login(server.url, 'aigerim');
    const ack = await aigerim.json<Alarm>(`/api/alarms/${alarm!.id}/ack`, {
      method: 'POST',
      body: JSON.stringify({ by: 'someone else', comment: 'eclipse pass' }),
    });
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledged).toEqual({ by: 'aigerim', atMs: clock.now(), comment: 'eclipse pass' });
    expect(await alarms()).toEqual([]);
    const again = await postJson(`${server.url}/api/alarms/${alarm!.id}/ack`, {});
    expect(again.status).toBe(404);

    const history = await getJson<AlarmsResponse>(`${server.url}/api/alarms?scope=all`);
    expect(history.body.alarms[0]).toMatchObject({ id: alarm!.id, acknowledged: { by: 'aigerim' } });
    const events = await getJson<EventsResponse>(`${server.url}/api/events?from=${T0}&to=${T0 + 60_000}`);
    expect(events.body.events.map((e) => e.code).sort()).toEqual(
      ['ALARM_ACKNOWLEDGED', 'ALARM_CLEARED', 'ALARM_ESCALATED', 'ALARM_OPENED'].sort(),
    );
  });

  it('answers a second acknowledgement of an active alarm with 409, and shelves alarms out of the status', async () => {
    await eps(0, { 'eps.batt_soc': 30 });
    const [alarm] = await alarms();
    expect((await postJson(`${server.url}/api/alarms/${alarm!.id}/ack`, { by: 'a' })).status).toBe(200);
    const second = await postJson<{ error: string }>(`${server.url}/api/alarms/${alarm!.id}/ack`, {
      by: 'b',
    });
    expect(second).toEqual({ status: 409, body: { error: 'already_acknowledged' } });
    expect((await fleetStatus()).status).toBe('critical');

    const shelved = await postJson<Alarm>(`${server.url}/api/alarms/${alarm!.id}/shelve`, {
      durationMs: 60_000,
    });
    expect(shelved.body.shelvedUntilMs).toBe(clock.now() + 60_000);
    expect((await fleetStatus()).status).toBe('nominal');
    await eps(61, { 'eps.batt_soc': 30 });
    expect((await fleetStatus()).status).toBe('critical');
  });

  it('raises enum-state alarms, and applies context limits with the current context value', async () => {
    clock.set(T0);
    const adcs = buildFrame({ apid: APID.ADCS, sequenceCount: 1, timeMs: T0, values: { 'adcs.mode': 4 } });
    expect(await sendFrame(socket, adcs)).toEqual({ ok: true, status: 'stored' });
    expect((await alarms())[0]).toMatchObject({
      parameterId: 'adcs.mode',
      kind: 'state',
      level: 'red',
      side: 'state',
    });

    // −10 A of battery current is red in sunlight but nominal in eclipse.
    await eps(1, { 'eps.batt_current': -10, 'eps.eclipse': 1 });
    const detail = await getJson<SpacecraftDetail>(`${server.url}/api/spacecraft/kazeosat-1`);
    const current = detail.body.parameters.find((p) => p.parameterId === 'eps.batt_current')!;
    expect(current.limit).toEqual({ level: 'nominal', context: 'eclipse' });
    await eps(2, { 'eps.batt_current': -10, 'eps.eclipse': 0 });
    const batt = (await alarms()).find((a) => a.parameterId === 'eps.batt_current');
    expect(batt).toMatchObject({ level: 'red', side: 'low' });
    expect(batt!.context).toBeUndefined();
  });

  it('marks alarms raised by playback as playback and leaves the live status alone', async () => {
    await eps(100, { 'eps.batt_soc': 85 });
    clock.set(T0 + 200_000);
    const dump = buildFrame({
      sequenceCount: 50,
      timeMs: T0 + 10_000,
      playback: true,
      values: { 'eps.batt_temp': 45 },
    });
    expect(await sendFrame(socket, dump)).toEqual({ ok: true, status: 'stored' });
    const [alarm] = await alarms();
    expect(alarm).toMatchObject({
      parameterId: 'eps.batt_temp',
      playback: true,
      openedAtMs: T0 + 10_000,
      discoveredAtMs: T0 + 200_000,
      active: true,
    });
    const entry = await fleetStatus();
    // Only a playback dump arrives now: not current data (stale), and its red alarm is not live.
    expect(entry.status).toBe('stale');
    expect(entry.facts.alarmLevel).toBe('nominal');
    expect(entry.activeAlarms?.red).toBe(0);
    expect(entry.activeAlarms?.unacknowledged).toBe(1);
  });

  it('logs onboard event packets', async () => {
    clock.set(T0 + 1000);
    const event = buildFrame({
      apid: APID.EVENT,
      sequenceCount: 7,
      timeMs: T0,
      values: { 'event.code': 11, 'event.severity': 2, 'event.arg': 1 },
    });
    expect(await sendFrame(socket, event)).toEqual({ ok: true, status: 'stored' });
    const { body } = await getJson<EventsResponse>(
      `${server.url}/api/events?severity=critical&spacecraft=kazeosat-1&to=${T0 + 5000}`,
    );
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      source: 'onboard',
      code: 'SAFE_MODE_ENTRY',
      severity: 'critical',
      timeMs: T0,
    });
  });
});
