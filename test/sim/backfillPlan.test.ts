// The first-start backfill planner and its simulated operator: which window is flown, where the few fault
// episodes fall, and which past alarms are acknowledged when.
import { describe, expect, it } from 'vitest';
import type { Alarm, PassPrediction } from '../../shared/protocol/api';
import {
  acknowledgeAtMs,
  dueAcknowledgements,
  LEAVE_UNACKNOWLEDGED_MS,
  SIMULATED_OPERATOR,
} from '../../server/sim/backfill/operator';
import { planBackfill, planWindow } from '../../server/sim/backfill/plan';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.parse('2026-12-02T12:00:00Z');
const request = { hours: 24, archiveEmpty: true, startMs: START };

function pass(spacecraftId: string, stationId: string, aosMs: number, minutes: number): PassPrediction {
  return {
    spacecraftId,
    stationId,
    aosMs,
    losMs: aosMs + minutes * MINUTE,
    tcaMs: aosMs + (minutes / 2) * MINUTE,
    maxElevationDeg: 40,
    aosAzimuthDeg: 200,
    losAzimuthDeg: 20,
  };
}

function alarm(id: string, discoveredAtMs: number, acknowledged = false): Alarm {
  return {
    id,
    spacecraftId: 'kazeosat-1',
    parameterId: 'comms.tx_temp',
    kind: 'limit',
    level: 'yellow',
    active: false,
    openedAtMs: discoveredAtMs,
    clearedAtMs: discoveredAtMs + 5 * MINUTE,
    lastValue: 40,
    worstValue: 63,
    playback: false,
    discoveredAtMs,
    acknowledged: acknowledged ? { by: 'ops', atMs: discoveredAtMs + MINUTE, comment: '' } : null,
    shelvedUntilMs: null,
  };
}

describe('backfill window', () => {
  it('flies the configured hours up to the live start, only into an empty archive', () => {
    expect(planWindow(request)).toEqual({ hours: 24, fromMs: START - 24 * HOUR, toMs: START });
    expect(planWindow({ ...request, hours: 2.5 })?.fromMs).toBe(START - 2.5 * HOUR);
    expect(planWindow({ ...request, hours: 0 })).toBeNull();
    expect(planWindow({ ...request, hours: Number.NaN })).toBeNull();
    expect(planWindow({ ...request, archiveEmpty: false })).toBeNull();
    expect(
      planBackfill({ ...request, archiveEmpty: false }, [pass('imece', 'ankara', START - HOUR, 10)]),
    ).toBeNull();
  });
});

describe('fault episodes of the filled history', () => {
  const passes = [
    pass('kazeosat-1', 'astana', START - 20 * HOUR, 10),
    pass('kazeosat-1', 'astana', START - 15 * HOUR, 12),
    pass('imece', 'ankara', START - 14 * HOUR, 5), // too short to hold an episode
    pass('imece', 'ankara', START - 9 * HOUR, 11),
    pass('gokturk-2', 'ankara', START - 8 * HOUR, 12),
    pass('kazeosat-2', 'kokterek', START - 3 * HOUR, 9),
    pass('ortaq-1', 'tashkent', START - 2 * HOUR, 10),
    pass('imece', 'baku', START + HOUR, 12), // after the window
  ];

  it('puts one early, one midway and one late, each inside a long pass of another spacecraft', () => {
    const plan = planBackfill(request, passes)!;
    expect(plan.episodes.map((e) => e.spacecraftId)).toEqual(['kazeosat-1', 'imece', 'kazeosat-2']);
    for (const episode of plan.episodes) {
      const host = passes.find(
        (p) => p.spacecraftId === episode.spacecraftId && p.aosMs < episode.fromMs && episode.toMs < p.losMs,
      );
      expect(host, `${episode.spacecraftId} episode outside a pass`).toBeDefined();
      expect(episode.stationId).toBe(host!.stationId);
      expect(episode.fault).toBe('tx_failure');
      expect(episode.fromMs).toBeGreaterThanOrEqual(plan.fromMs);
      expect(episode.toMs).toBeLessThanOrEqual(plan.toMs);
    }
  });

  it('leaves the anomaly spacecraft alone and plans fewer episodes when passes are few', () => {
    const plan = planBackfill(request, passes, new Set(['kazeosat-1', 'imece']))!;
    expect(plan.episodes.map((e) => e.spacecraftId)).toEqual(['gokturk-2', 'kazeosat-2', 'ortaq-1']);
    const few = planBackfill(request, passes.slice(0, 2))!;
    expect(few.episodes.map((e) => e.spacecraftId)).toEqual(['kazeosat-1']);
    expect(planBackfill(request, [])!.episodes).toEqual([]);
  });
});

describe('the simulated operator', () => {
  const end = START;

  it('acknowledges an alarm 4 to 14 minutes after it was discovered, always after the same delay', () => {
    const opened = alarm('a-1', end - 10 * HOUR);
    const at = acknowledgeAtMs(opened);
    expect(at - opened.discoveredAtMs).toBeGreaterThanOrEqual(4 * MINUTE);
    expect(at - opened.discoveredAtMs).toBeLessThan(14 * MINUTE);
    expect(acknowledgeAtMs(alarm('a-1', end - 10 * HOUR))).toBe(at);
    expect(dueAcknowledgements([opened], at - 1, end)).toEqual([]);
    expect(dueAcknowledgements([opened], at, end)).toEqual([opened]);
  });

  it('spreads the delays over alarms', () => {
    const delays = new Set(Array.from({ length: 20 }, (_, i) => acknowledgeAtMs(alarm(`alarm-${i}`, 0))));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('leaves alarms of the last hour and alarms already acknowledged to people', () => {
    const recent = alarm('recent', end - LEAVE_UNACKNOWLEDGED_MS + MINUTE);
    const answered = alarm('answered', end - 10 * HOUR, true);
    const old = alarm('old', end - 10 * HOUR);
    expect(dueAcknowledgements([recent, answered, old], end, end)).toEqual([old]);
  });

  it('signs with a name that says it is simulated', () => {
    expect(SIMULATED_OPERATOR).toMatch(/simulated/);
  });
});
