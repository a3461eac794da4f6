import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AlarmsResponse,
  EventsResponse,
  HistoryResponse,
  SpacecraftDetail,
  StationsResponse,
} from '../../shared/protocol/api';
import { ManualClock } from '../helpers/clock';
import { getJson, postJson, startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.each(STORE_FACTORIES)('restart on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer | null = null;
  const clock = new ManualClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    handle = await factory.create();
  });

  afterEach(async () => {
    await server?.stop();
    server = null;
    await handle.dispose();
  });

  const start = async () => {
    server = await startServer({ store: await handle.open(), clock });
    return server;
  };

  it('keeps the archive, current values, counters and open alarms', async () => {
    let s = await start();
    const socket = await connectStation(s.url, 'astana', 'astana-secret');
    const frames = [0, 1, 2].map((i) => ({
      bytes: buildFrame({
        sequenceCount: i,
        timeMs: T0 + i * 1000,
        values: { 'eps.batt_soc': 50 - i, 'obc.temp': 0 },
      }),
    }));
    await sendBatch(socket, frames);
    const temp = buildFrame({ apid: 0x040, sequenceCount: 9, timeMs: T0, values: { 'obc.temp': 70 } });
    const hot = buildFrame({ apid: 0x040, sequenceCount: 10, timeMs: T0 + 1000, values: { 'obc.temp': 20 } });
    await sendBatch(socket, [{ bytes: temp }, { bytes: hot }]);
    const before = (await getJson<AlarmsResponse>(`${s.url}/api/alarms`)).body.alarms;
    const obc = before.find((a) => a.parameterId === 'obc.temp')!;
    expect(obc.active).toBe(false);
    await postJson(`${s.url}/api/alarms/${obc.id}/ack`, { by: 'nurlan' });
    socket.close();
    await s.stop();

    s = await start();
    const after = (await getJson<AlarmsResponse>(`${s.url}/api/alarms`)).body.alarms;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      parameterId: 'eps.batt_soc',
      level: 'yellow',
      worstValue: 48,
      active: true,
    });

    const detail = await getJson<SpacecraftDetail>(`${s.url}/api/spacecraft/kazeosat-1`);
    expect(detail.body.parameters.find((p) => p.parameterId === 'eps.batt_soc')).toMatchObject({
      timeMs: T0 + 2000,
      value: 48,
      limit: { level: 'yellow', side: 'low' },
    });
    expect(detail.body.summary.status).toBe('warning');

    const history = await getJson<HistoryResponse>(
      `${s.url}/api/spacecraft/kazeosat-1/history?params=eps.batt_soc&from=${T0}&to=${T0 + 10_000}`,
    );
    expect(history.body.series[0]!.points.map((p) => p.v)).toEqual([50, 49, 48]);
    const stations = await getJson<StationsResponse>(`${s.url}/api/stations`);
    expect(stations.body.stations.find((st) => st.stationId === 'astana')).toMatchObject({
      framesReceived: 5,
      uniqueFrames: 5,
      connected: false,
    });
    const events = await getJson<EventsResponse>(`${s.url}/api/events?from=${T0 - 1000}&to=${T0 + 60_000}`);
    expect(events.body.events.some((e) => e.code === 'ALARM_ACKNOWLEDGED')).toBe(true);

    // Still de-duplicated against the archive after the restart.
    const again = await connectStation(s.url, 'astana', 'astana-secret');
    const ack = await sendBatch(again, frames.slice(0, 1));
    expect(ack).toEqual({ results: [{ ok: true, status: 'duplicate' }] });
    again.close();
  });

  it('writes frames still waiting for their group commit when it closes', async () => {
    const s = await startServer({ store: await handle.open(), clock, groupCommit: { maxDelayMs: 60_000 } });
    server = s;
    const socket = await connectStation(s.url, 'astana', 'astana-secret');
    const frames = [0, 1, 2, 3].map((i) => ({
      bytes: buildFrame({ sequenceCount: i, timeMs: T0 + i * 1000 }),
    }));
    void sendBatch(socket, frames).catch(() => undefined);
    await expect.poll(() => s.app.metrics.framesIn).toBe(4);
    expect(s.app.metrics.framesStored).toBe(0);
    await s.stop();
    server = null;
    socket.close();

    const reopened = await handle.open();
    const stored = await reopened.frames({
      spacecraftId: 'kazeosat-1',
      fromMs: T0,
      toMs: T0 + 10_000,
      limit: 10,
    });
    expect(stored.map((f) => f.sequenceCount)).toEqual([0, 1, 2, 3]);
    await reopened.close();
  });

  it('does not restore a value stamped far ahead of ground time as current', async () => {
    let s = await start();
    const socket = await connectStation(s.url, 'astana', 'astana-secret');
    const soc = (seq: number, timeMs: number, v: number) => ({
      bytes: buildFrame({ sequenceCount: seq, timeMs, values: { 'eps.batt_soc': v } }),
    });
    await sendBatch(socket, [soc(1, T0 + 1000, 80), soc(2, T0 + 86_400_000, 5)]);
    socket.close();
    await s.stop();

    s = await start();
    const detail = await getJson<SpacecraftDetail>(`${s.url}/api/spacecraft/kazeosat-1`);
    const held = detail.body.parameters.find((p) => p.parameterId === 'eps.batt_soc');
    expect(held?.timeMs ?? null).not.toBe(T0 + 86_400_000);
    expect(detail.body.summary.lastFrameMs === null || detail.body.summary.lastFrameMs <= T0 + 1000).toBe(
      true,
    );
  });
});
