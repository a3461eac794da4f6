// A first start's backfill inside the real app, as server/index.ts wires it: the simulator flies hours of the
// past into an empty archive through the ingest pipeline, then the server goes live on the wall clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import type { AlarmsResponse, HistoryResponse, PassesResponse } from '../../shared/protocol/api';
import type { AuditResponse } from '../../shared/protocol/auth';
import type { FaultsResponse } from '../../shared/protocol/sim';
import type { SystemCondition } from '../../shared/protocol/health';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { fillHistory } from '../../server/sim/backfill/attach';
import { SIMULATED_OPERATOR } from '../../server/sim/backfill/operator';
import type { BackfillReport } from '../../server/sim/backfill/run';
import { embeddedSimulator, type EmbeddedSimulator } from '../../server/sim/embedded';
import { getJson, startServer, type RunningServer } from '../helpers/server';

// Long enough for every spacecraft to pass over a station (the stations share a band of longitudes, so
// contacts come in morning and evening clusters).
const HOURS = 12;
const HOUR = 3_600_000;

describe('first-start backfill', () => {
  let server: RunningServer;
  let sim: EmbeddedSimulator;
  let report: BackfillReport | null;
  const log: string[] = [];
  const health: SystemCondition[][] = [];
  let wallStartMs: number;

  beforeAll(async () => {
    wallStartMs = Date.now();
    sim = embeddedSimulator({
      dictionary: DICTIONARY,
      links: LINKS,
      speed: 1,
      start: 'now',
      externalStations: new Set(),
      wallClockMs: wallStartMs,
      backfillHours: HOURS,
      anomaly: true,
    });
    server = await startServer({
      clock: sim.simulator.clock,
      stationAuth: tokenAuthenticator(sim.stationTokens),
      simulator: sim.simulator.control,
      predictPasses: sim.predictPasses,
      notificationsPaused: () => sim.simulator.fillingHistory,
    });
    server.app.health.subscribe((conditions) => health.push(conditions));
    report = await fillHistory({
      server: server.app,
      audit: server.app.auth.audit,
      sim,
      plan: sim.backfill!,
      log: (message) => log.push(message),
    });
  }, 180_000);

  afterAll(async () => {
    await sim?.simulator.stop();
    await server?.stop();
  });

  it('plans the window before the live start, and the server clock reads the present afterwards', () => {
    expect(sim.backfill!.toMs).toBe(sim.startMs);
    expect(sim.backfill!.fromMs).toBe(sim.startMs - HOURS * HOUR);
    expect(report).not.toBeNull();
    expect(report!.frames).toBeGreaterThan(10_000);
    expect(sim.simulator.fillingHistory).toBe(false);
    expect(Math.abs(server.app.clock.now() - Date.now())).toBeLessThan(2_000);
  });

  it('gives every spacecraft a last value and history of every housekeeping parameter over the window', async () => {
    const latest = await server.app.archive.latestValues();
    const housekeeping = DICTIONARY.packets.filter((p) => p.kind === 'housekeeping');
    const from = sim.backfill!.fromMs;
    for (const spacecraft of DICTIONARY.spacecraft) {
      expect(latest.filter((v) => v.spacecraftId === spacecraft.id).length).toBeGreaterThan(0);
      const params = housekeeping.flatMap((p) => p.parameters.map((parameter) => parameter.id));
      const { body } = await getJson<HistoryResponse>(
        `${server.url}/api/spacecraft/${spacecraft.id}/history?params=${params.slice(0, 32).join(',')}` +
          `&from=${new Date(from).toISOString()}&to=${new Date(sim.startMs).toISOString()}&maxPoints=200`,
      );
      for (const series of body.series) {
        expect(series.points.length, `${spacecraft.id} ${series.parameterId}`).toBeGreaterThan(20);
        // Recorded onboard from the first hour on, so the history spans the window, not only the passes.
        expect(series.points[0]!.t - from, `${spacecraft.id} ${series.parameterId}`).toBeLessThan(HOUR);
      }
    }
  });

  it('shows past passes with receptions per station', async () => {
    const from = new Date(sim.backfill!.fromMs).toISOString();
    const to = new Date(sim.startMs - 5 * 60_000).toISOString();
    const { body } = await getJson<PassesResponse>(`${server.url}/api/passes?from=${from}&to=${to}`);
    const ended = body.passes.filter((p) => p.losMs < sim.startMs);
    expect(ended.length).toBeGreaterThan(5);
    const heard = ended.filter((p) => (p.reception?.frames ?? 0) > 0);
    expect(heard.length / ended.length).toBeGreaterThan(0.8);
    expect(new Set(heard.map((p) => p.stationId)).size).toBeGreaterThanOrEqual(3);
  });

  it('has past alarms raised, cleared and acknowledged by the simulated operator, audited as simulated', async () => {
    const { body } = await getJson<AlarmsResponse>(`${server.url}/api/alarms?scope=all&limit=500`);
    const acknowledged = body.alarms.filter((a) => a.acknowledged?.by === SIMULATED_OPERATOR);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const alarm of acknowledged) {
      expect(alarm.openedAtMs).toBeGreaterThanOrEqual(sim.backfill!.fromMs);
      expect(alarm.acknowledged!.atMs).toBeGreaterThan(alarm.discoveredAtMs);
      expect(alarm.acknowledged!.atMs).toBeLessThanOrEqual(sim.startMs);
    }
    // Every acknowledgement is audited. An alarm acknowledged while yellow and then escalated to red is raised
    // again (unacknowledged) and may be acknowledged once more, so there may be more acknowledgements than
    // alarms acknowledged now; each of those alarms was acknowledged at least once.
    const audit = await getJson<AuditResponse>(`${server.url}/api/admin/audit?action=alarm_ack`);
    const simulated = audit.body.entries.filter((e) => e.detail?.includes('simulated history'));
    expect(simulated.length).toBe(report!.acknowledged);
    expect(simulated.every((e) => e.actor === 'system')).toBe(true);
    const audited = new Set(simulated.map((e) => e.target));
    expect(acknowledged.filter((a) => !audited.has(a.id))).toEqual([]);
    const listed = new Set(body.alarms.map((a) => a.id));
    expect([...audited].filter((id) => !listed.has(id!))).toEqual([]);
  });

  it('leaves no planned fault switched on, only the ageing battery', async () => {
    const { body } = await getJson<FaultsResponse>(`${server.url}/api/sim/faults`);
    expect(body.faults.map((f) => [f.spacecraftId, f.fault])).toEqual([
      [sim.anomalySpacecraftId, 'battery_ageing'],
    ]);
  });

  it('says it is filling on the health channel with its progress, then clears', () => {
    const filling = health.flat().filter((c) => c.dependency === 'history');
    expect(filling[0]).toMatchObject({ cause: 'filling' });
    expect(filling.find((c) => c.progress)?.progress).toEqual({ hours: HOURS, percent: 0 });
    expect(new Set(filling.map((c) => c.progress?.percent)).size).toBeGreaterThan(3);
    expect(health.at(-1)).toEqual([]);
    expect(server.app.health.report()).toEqual({ status: 'ok' });
    expect(log.some((line) => /filling the last 12 h: 50 %/.test(line))).toBe(true);
    expect(log.at(-1)).toMatch(/done in [\d.]+ s/);
  });
});
