import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_DISPLAY_INTERVAL_MS } from '../../server/live/fleetPace';
import type { LiveUpdate } from '../../shared/protocol/live';
import { ManualClock } from '../helpers/clock';
import { connectDashboard, fleetParts, heldFleet, type Dashboard } from '../helpers/dashboards';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, sendFrame, type StationSocket } from '../helpers/stations';
import { STORE_FACTORIES, type StoreHandle } from '../helpers/stores';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const INTERVAL_MS = 100;

describe.each(STORE_FACTORIES)('live fan-out on $name', (factory) => {
  let handle: StoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  let station: StationSocket;
  const dashboards: Dashboard[] = [];

  const dashboard = async () => {
    const d = await connectDashboard(server.url);
    dashboards.push(d);
    return d;
  };
  const voltageFrame = (seq: number, v = 30) =>
    buildFrame({ sequenceCount: seq, timeMs: T0 + seq * 1000, values: { 'eps.batt_voltage': v } });

  beforeEach(async () => {
    clock = new ManualClock(T0);
    handle = await factory.create();
    server = await startServer({ store: await handle.open(), clock, liveIntervalMs: INTERVAL_MS });
    station = await connectStation(server.url, 'astana', 'astana-secret');
  });

  afterEach(async () => {
    for (const d of dashboards.splice(0)) d.close();
    station.close();
    await server.stop();
    await handle.dispose();
  });

  it('answers a subscription with a snapshot of the fleet and the current values', async () => {
    await sendFrame(station, voltageFrame(1, 31.5));
    const d = await dashboard();
    const first = await d.subscribe({
      fleet: true,
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_voltage'],
    });
    expect(first.snapshot).toBe(true);
    expect(first.fleet).toHaveLength(6);
    expect(first.stations?.map((s) => s.stationId)).toContain('astana');
    expect(first.samples).toEqual([
      {
        spacecraftId: 'kazeosat-1',
        parameterId: 'eps.batt_voltage',
        t: T0 + 1000,
        v: 31.5,
        limit: { level: 'nominal' },
      },
    ]);
    expect(await d.socket.timeout(2000).emitWithAck('subscribe', { spacecraft: 'all' } as never)).toEqual({
      error: 'bad_subscription',
    });
  });

  it('streams only the subscribed parameters, coalesced to one update per interval', async () => {
    const d = await dashboard();
    await d.subscribe({
      fleet: false,
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_voltage', 'eps.batt_soc'],
    });
    const started = performance.now();
    for (let i = 0; i < 20; i++)
      await sendBatch(station, [{ bytes: voltageFrame(10 + i * 2) }, { bytes: voltageFrame(11 + i * 2) }]);
    await d.waitFor((u) => (u.samples ?? []).some((s) => s.t === T0 + 49_000));
    const elapsed = performance.now() - started;
    const samples = d.updates.flatMap((u) => u.samples ?? []);
    expect(new Set(samples.map((s) => s.parameterId))).toEqual(new Set(['eps.batt_voltage', 'eps.batt_soc']));
    expect(samples.filter((s) => s.parameterId === 'eps.batt_voltage')).toHaveLength(40);
    // 40 frames, but never more than one update per interval (plus the one in progress).
    expect(d.updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
    expect(d.updates.every((u) => u.stations === undefined && u.alarms === undefined)).toBe(true);
  });

  it('pushes alarms and fleet changes to fleet subscribers', async () => {
    const d = await dashboard();
    await d.subscribe({ fleet: true });
    await sendFrame(station, buildFrame({ sequenceCount: 3, timeMs: T0, values: { 'eps.batt_soc': 35 } }));
    const withAlarm = await d.waitFor((u) => (u.alarms ?? []).length > 0);
    expect(withAlarm.alarms![0]).toMatchObject({ parameterId: 'eps.batt_soc', level: 'red', active: true });
    // Its summary is in the snapshot: the change goes out as its changed fields.
    const withFleet = await d.waitFor((u) => fleetParts(u).some((f) => f.status === 'critical'));
    expect(fleetParts(withFleet).find((f) => f.spacecraftId === 'kazeosat-1')!.socPercent).toBe(35);
    await d.waitFor((u) => (u.events ?? []).some((e) => e.code === 'ALARM_OPENED'));
  });

  it('sends the first tick after a start as changes since the snapshots, which merge into a fresh snapshot', async () => {
    const watchers = await Promise.all(Array.from({ length: 5 }, () => dashboard()));
    const spacecraftView = await dashboard();
    const replies = await Promise.all([
      ...watchers.map((w) => w.subscribe({ fleet: true })),
      spacecraftView.subscribe({ fleet: false, spacecraft: ['kazeosat-1', 'imece'] }),
    ]);
    // The link check marks every spacecraft (its first run: none has a status yet), then one spacecraft's
    // first frame changes its summary; the other five stay as the snapshots hold them.
    await server.app.tick();
    await sendFrame(station, voltageFrame(1, 31.5));
    const changed = (u: LiveUpdate) => fleetParts(u).some((f) => f.spacecraftId === 'kazeosat-1');
    await Promise.all([...watchers, spacecraftView].map((d) => d.waitFor(changed)));
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));

    const fresh = await dashboard();
    const snapshot = heldFleet([await fresh.subscribe({ fleet: true })]);
    [...watchers, spacecraftView].forEach((d, i) => {
      expect(d.updates.flatMap((u) => u.fleet ?? [])).toEqual([]);
      expect(new Set(d.updates.flatMap((u) => u.fleetChanges ?? []).map((c) => c.spacecraftId))).toEqual(
        new Set(['kazeosat-1']),
      );
      const held = heldFleet([replies[i]!, ...d.updates]);
      for (const [id, entry] of held) expect(entry).toEqual(snapshot.get(id));
    });
    expect(heldFleet([replies[0]!, ...watchers[0]!.updates])).toEqual(snapshot);
  });

  it('holds a new reading alone back to its display window, and a resubscription gets a full snapshot', async () => {
    const socFrame = (seq: number, soc: number) =>
      buildFrame({ sequenceCount: seq, timeMs: T0 + seq * 1000, values: { 'eps.batt_soc': soc } });
    const watcher = await dashboard();
    await watcher.subscribe({ fleet: true });
    const socOf = (u: LiveUpdate) => fleetParts(u).find((f) => f.spacecraftId === 'kazeosat-1')?.socPercent;
    // The first frame of a spacecraft changes its status (no data before): sent at once.
    await sendFrame(station, socFrame(1, 80));
    await watcher.waitFor((u) => socOf(u) === 80);
    await sendFrame(station, socFrame(2, 81));
    // The tick that took the frame (its station statistics) and two more: the reading stays held back.
    await watcher.waitFor((u) => u.stations !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 3 * INTERVAL_MS));
    expect(watcher.updates.map(socOf).filter((soc) => soc !== undefined)).not.toContain(81);

    const again = await dashboard();
    const reply = await again.subscribe({ fleet: true });
    expect(reply.snapshot).toBe(true);
    expect(reply.fleet).toHaveLength(6);
    expect(socOf(reply)).toBe(81);
    const resubscribed = await watcher.subscribe({ fleet: true });
    expect(resubscribed.fleet).toEqual(reply.fleet);

    // Its window rolls over (server clock): every fleet subscriber gets it without another frame.
    clock.advance(FLEET_DISPLAY_INTERVAL_MS);
    await watcher.waitFor((u) => socOf(u) === 81);
    await again.waitFor((u) => socOf(u) === 81);
  });

  it('leaves a dashboard that merges changes with the fleet of a fresh snapshot, across a reconnect', async () => {
    const CRAFT = ['kazeosat-1', 'kazeosat-2', 'imece'];
    let seq = 0;
    /** Frames of every spacecraft with new readings, a red battery on one; then the held readings go out. */
    const fly = async (soc: number) => {
      const frames = CRAFT.map((spacecraftId, i) => ({
        bytes: buildFrame({
          spacecraftId,
          sequenceCount: ++seq,
          timeMs: T0 + seq * 1000,
          values: { 'eps.batt_soc': soc + i, 'eps.batt_voltage': i === seq % 3 ? 20 : 30 },
        }),
      }));
      await sendBatch(station, frames);
      clock.advance(FLEET_DISPLAY_INTERVAL_MS);
      await new Promise((resolve) => setTimeout(resolve, 4 * INTERVAL_MS));
    };
    const freshFleet = async () => {
      const fresh = await dashboard();
      const reply = await fresh.subscribe({ fleet: true });
      fresh.close();
      return new Map(reply.fleet!.map((e) => [e.spacecraftId, e]));
    };

    const watcher = await dashboard();
    const seen: LiveUpdate[] = [await watcher.subscribe({ fleet: true })];
    for (const soc of [80, 60, 40]) await fly(soc);
    seen.push(...watcher.updates.splice(0));
    expect(seen.slice(1).some((u) => (u.fleetChanges ?? []).length > 0)).toBe(true);
    expect(heldFleet(seen)).toEqual(await freshFleet());

    // Away while the fleet changes: the catch-up's reply carries the summaries whole, the changes follow.
    watcher.socket.disconnect();
    await fly(30);
    watcher.socket.connect();
    seen.push(await watcher.subscribe({ fleet: true, sinceMs: seen.at(-1)!.serverTimeMs }));
    for (const soc of [50, 70]) await fly(soc);
    seen.push(...watcher.updates.splice(0));
    expect(heldFleet(seen)).toEqual(await freshFleet());
  });

  it('catches a reconnecting client up from the archive from its last seen time', async () => {
    const d = await dashboard();
    await d.subscribe({ fleet: false, spacecraft: ['kazeosat-1'], parameters: ['eps.batt_voltage'] });
    await sendFrame(station, voltageFrame(1));
    const seen = await d.waitFor((u) => (u.samples ?? []).length > 0);
    d.close();

    clock.advance(60_000);
    const missed = [2, 3, 4, 5].map((seq) => ({ bytes: voltageFrame(seq, 29 + seq / 10) }));
    await sendBatch(station, missed);
    clock.advance(1000);

    const again = await dashboard();
    const reply = await again.subscribe({
      fleet: false,
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_voltage'],
      sinceMs: seen.serverTimeMs,
    });
    expect(reply.snapshot).toBeUndefined();
    // The catch-up may repeat what the client saw just before it left (same t, same value), never skip.
    const [repeated, fresh] = [
      reply.samples!.filter((s) => s.t <= T0 + 1000),
      reply.samples!.filter((s) => s.t > T0 + 1000),
    ];
    expect(repeated.map((s) => s.v)).toEqual([30]);
    expect(fresh.map((s) => [s.t, Math.round(s.v * 1000) / 1000])).toEqual([
      [T0 + 2000, 29.2],
      [T0 + 3000, 29.3],
      [T0 + 4000, 29.4],
      [T0 + 5000, 29.5],
    ]);
  });

  it('streams derived parameters live, and a catch-up re-computes the same samples from the archive', async () => {
    const interest = { fleet: false, spacecraft: ['kazeosat-1'], parameters: ['eps.batt_power'] };
    const d = await dashboard();
    const first = await d.subscribe(interest);
    // 32 V × 9 A = 288 W: above the derived parameter's yellow high (270 W, mission.yaml).
    const powerFrame = (seq: number, current: number) =>
      buildFrame({
        sequenceCount: seq,
        timeMs: T0 + seq * 1000,
        values: { 'eps.batt_voltage': 32, 'eps.batt_current': current },
      });
    await sendBatch(station, [{ bytes: powerFrame(1, 2) }, { bytes: powerFrame(2, 9) }]);
    await d.waitFor((u) => (u.samples ?? []).some((s) => s.t === T0 + 2000));
    const live = d.updates.flatMap((u) => u.samples ?? []);
    expect(live.map((s) => [s.t, s.v, s.limit.level])).toEqual([
      [T0 + 1000, 64, 'nominal'],
      [T0 + 2000, 288, 'yellow'],
    ]);
    d.close();

    const again = await dashboard();
    const reply = await again.subscribe({ ...interest, sinceMs: first.serverTimeMs });
    expect(reply.snapshot).toBeUndefined();
    expect(reply.samples).toEqual(live);
  });
});
