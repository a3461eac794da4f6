// Limits as a partner's XTCE declares them, on the one judgement every path shares: a spline-calibrated
// 12-bit value with minViolations 2 and an exclusive bound, a sign-magnitude field with exclusive bounds, an
// EnumerationAlarm on a 4-bit enumeration, and a ContextAlarm whose context is a ComparisonList of another
// parameter's label and a third one's calibrated value, all read from the same frame. Live processing, the
// catch-up after a reconnect and the restore at start must give every sample the same state.
import { describe, expect, it } from 'vitest';
import { indexDictionary, packetParameters } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import type { ParameterValue } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';
import type { CurrentValues } from '../../server/state/currentValues';
import {
  LIDAR,
  PATHFINDER,
  PATHFINDER_APID,
  PATHFINDER_MISSION,
  PF,
  pathfinderFrame,
} from '../helpers/pathfinder';
import { samplePaths } from '../helpers/samplePaths';
import { sendBatch } from '../helpers/stations';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const mission = PATHFINDER_MISSION;
const index = indexDictionary(mission.dictionary);
const decoder = missionFrameDecoder(mission);

const FRAMES: { t: number; playback?: boolean; values: Record<string, number> }[] = [
  { t: 0, values: { [PF.mode]: LIDAR.SCAN } },
  // Tank 85 °C: beyond the red bound (80, exclusive) once, so not yet shown; heater 3 A is on the exclusive
  // yellow bound; the laser, 35 °C while scanning, is beyond the scan's yellow high (30).
  { t: 1000, values: { [PF.tank]: 85, [PF.mode]: LIDAR.SCAN, [PF.heater]: 3, [PF.laser]: 35 } },
  // Twice: red. FAULT is a critical state; the lidar no longer scans, so the laser has no limits.
  { t: 2000, values: { [PF.tank]: 85, [PF.mode]: LIDAR.FAULT, [PF.heater]: -1, [PF.laser]: 35 } },
  // 79.9 °C is inside red's bound but within its 2 °C hysteresis margin: still red.
  { t: 3000, values: { [PF.tank]: 79.9, [PF.mode]: LIDAR.OFF, [PF.laser]: 35 } },
  { t: 4000, values: { [PF.tank]: -25, [PF.mode]: LIDAR.SCAN, [PF.laser]: 35 } },
  // The tank at -35 °C breaks the context's second comparison (tank > -30): the scan limits no longer apply.
  { t: 5000, values: { [PF.tank]: -35, [PF.mode]: LIDAR.SCAN, [PF.laser]: 35 } },
  // Judged on its own, with no run of samples before it: red at once.
  { t: 1500, playback: true, values: { [PF.tank]: 85 } },
];

function states(samples: readonly LiveSample[]): Record<string, unknown> {
  return Object.fromEntries(
    samples.map((s) => [`${s.parameterId}@${s.t - T0}${s.playback ? ' playback' : ''}`, s.limit]),
  );
}

function currentOf(current: CurrentValues): Record<string, Omit<ParameterValue, 'parameterId'>> {
  return Object.fromEntries(current.parameters(PATHFINDER).map(({ parameterId, ...v }) => [parameterId, v]));
}

describe("a partner's XTCE limits on every path", () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    mission: { loaded: mission, decoder },
    station: { id: 'dushanbe', secret: 'dushanbe-secret' },
  });
  const subscribe = (sinceMs?: number) => paths.subscribe([PATHFINDER], sinceMs);

  it('gives live, catch-up and restore the same states', { timeout: 30_000 }, async () => {
    const live = await subscribe();
    const sinceMs = paths.clock.now();
    for (const [i, frame] of FRAMES.entries()) {
      paths.clock.advance(1);
      const bytes = pathfinderFrame({ sequenceCount: i + 1, timeMs: T0 + frame.t, ...frame });
      await sendBatch(paths.station, [{ bytes }]);
    }
    await paths.server.app.flush();
    const perFrame = packetParameters(index.packetsByApid.get(PATHFINDER_APID)![0]!).length;
    await expect.poll(() => live.updates.length, { timeout: 5000 }).toBe(FRAMES.length * perFrame);
    const s = states(live.updates);
    expect(s[`${PF.tank}@1000`]).toEqual({ level: 'nominal', pending: 1 });
    expect(s[`${PF.tank}@2000`]).toEqual({ level: 'red', side: 'high' });
    expect(s[`${PF.tank}@3000`]).toEqual({ level: 'red', side: 'high' });
    expect(s[`${PF.tank}@1500 playback`]).toEqual({ level: 'red', side: 'high' });
    expect(s[`${PF.mode}@2000`]).toEqual({ level: 'red', side: 'state' });
    expect(s[`${PF.mode}@3000`]).toEqual({ level: 'nominal' });
    expect(s[`${PF.heater}@1000`]).toEqual({ level: 'yellow', side: 'high' });
    expect(s[`${PF.heater}@2000`]).toEqual({ level: 'yellow', side: 'low' });
    expect(s[`${PF.laser}@0`]).toEqual({ level: 'nominal', context: 'scanning' });
    expect(s[`${PF.laser}@1000`]).toEqual({ level: 'yellow', side: 'high', context: 'scanning' });
    expect(s[`${PF.laser}@2000`]).toEqual({ level: 'nominal' });
    expect(s[`${PF.laser}@4000`]).toEqual({ level: 'yellow', side: 'high', context: 'scanning' });
    expect(s[`${PF.laser}@5000`]).toEqual({ level: 'nominal' });
    // The spline's engineering value, from a 12-bit raw value: 85 °C to its 0.055 °C resolution.
    const tank = live.updates.find((u) => u.parameterId === PF.tank && u.t === T0 + 1000)!;
    expect(Math.abs(tank.v - 85)).toBeLessThan(0.03);

    const caughtUp = await subscribe(sinceMs);
    expect(states(caughtUp.reply)).toEqual(s);

    const serverCurrent = currentOf(paths.server.app.current);
    expect(serverCurrent[PF.mode]).toMatchObject({ text: 'SCAN', raw: LIDAR.SCAN });
    expect(currentOf(await paths.restore())).toEqual(serverCurrent);
  });
});
