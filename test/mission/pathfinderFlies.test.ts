// A partner's spacecraft whose telemetry uses what Ortaq's own packets do not (test/fixtures/mission/
// pathfinder: a spline-calibrated 12-bit field, sign-magnitude, an EnumerationAlarm, a ContextAlarm on a
// ComparisonList) flies end to end next to an Ortaq spacecraft: the real server's simulator encodes its
// packets from its XTCE, the archive stores the spline's engineering values, its enumeration and context
// alarms are raised and cleared, and history gives the values the stored frames decode to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import type { AlarmsResponse, HistoryResponse, SpacecraftDetail } from '../../shared/protocol/api';
import type { Session } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { PATHFINDER, PATHFINDER_APID, PATHFINDER_DIR, PATHFINDER_MISSION, PF } from '../helpers/pathfinder';
import { insidePass, startMissionServer, type MissionServer } from '../helpers/missionServer';

const dictionary = PATHFINDER_MISSION.dictionary;

describe('a spacecraft flying its own XTCE', () => {
  let mission: MissionServer;
  let admin: Session;

  beforeAll(async () => {
    mission = await startMissionServer(
      'pathfinder',
      {
        ORTAQ_MISSION: PATHFINDER_DIR,
        ORTAQ_ADMIN_PARTNER: 'TJ',
        ORTAQ_SIM: 'on',
        ORTAQ_SIM_SPEED: '10',
        ORTAQ_SIM_START: new Date(
          insidePass(dictionary, PATHFINDER, 'dushanbe', Date.now(), 60_000),
        ).toISOString(),
      },
      dictionary,
    );
    admin = mission.admin;
  }, 90_000);

  afterAll(() => mission?.stop());

  it('raises and clears its enumeration and context alarms', async () => {
    const alarms = async () =>
      (await admin.json<AlarmsResponse>(`/api/alarms?spacecraft=${PATHFINDER}&scope=all`)).body.alarms;
    await eventually(async () => {
      const all = await alarms();
      const fault = all.filter((a) => a.parameterId === PF.mode);
      expect(fault.some((a) => a.level === 'red' && a.side === 'state')).toBe(true);
      expect(fault.some((a) => !a.active && a.clearedAtMs !== null)).toBe(true);
      const scanning = all.filter((a) => a.parameterId === PF.laser);
      expect(scanning.length).toBeGreaterThan(0);
      expect(scanning.every((a) => a.context === 'scanning')).toBe(true);
      expect(scanning.some((a) => !a.active && a.clearedAtMs !== null)).toBe(true);
    }, 80_000);
  }, 90_000);

  it('stores the spline-calibrated values, and history gives what the stored frames decode to', async () => {
    const detail = await eventually(async () => {
      const { body } = await admin.json<SpacecraftDetail>(`/api/spacecraft/${PATHFINDER}`);
      const tank = body.parameters.find((p) => p.parameterId === PF.tank);
      expect(tank?.value).toBeGreaterThanOrEqual(-40);
      expect(tank?.value).toBeLessThanOrEqual(120);
      return body;
    }, 30_000);
    // Only its own packets: no parameter of Ortaq's packets for Pathfinder-1.
    expect(detail.parameters.some((p) => p.parameterId === 'eps.batt_voltage')).toBe(false);

    const csv = await (await admin.fetch(`/api/frames.csv?spacecraft=${PATHFINDER}`)).text();
    const rows = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows.length).toBeGreaterThan(5);
    const decoder = missionFrameDecoder(PATHFINDER_MISSION);
    const decoded = new Map<number, number>();
    for (const row of rows) {
      expect(Number(row[3])).toBe(PATHFINDER_APID);
      const result = decoder.decode(Uint8Array.from(Buffer.from(row[7]!, 'hex')));
      if (!result.ok) throw new Error(result.error);
      decoded.set(result.frame.timeMs, result.frame.eng[0]!);
    }
    const times = [...decoded.keys()];
    const from = Math.min(...times);
    const to = Math.max(...times) + 1;
    const { body } = await admin.json<HistoryResponse>(
      `/api/spacecraft/${PATHFINDER}/history?params=${PF.tank}&from=${from}&to=${to}&maxPoints=5000`,
    );
    const points = body.series[0]!.points;
    expect(points.length).toBeGreaterThan(5);
    for (const point of points) expect(point.v).toBe(decoded.get(point.t));
    // The spline is not linear: values on both of its segments around 0 °C came through.
    expect(points.some((p) => p.v < 0) && points.some((p) => p.v > 0)).toBe(true);
  }, 60_000);
});
