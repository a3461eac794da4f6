// The same frames reach a dashboard by four paths: live processing, the catch-up after a reconnect, another
// node's relay, and the restore at start. Each must give every sample the same raw value, text and limit
// state — including hysteresis (a value just back inside a red band stays red) and context limits read
// from the same frame.
import { describe, expect, it } from 'vitest';
import { APID, indexDictionary } from '../../shared/dictionary';
import { packetParameters } from '../../shared/dictionary/derived';
import { DICTIONARY } from '../../server/mission/shipped';
import type { ParameterValue } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';
import { applyNews, type RelayDeps } from '../../server/cluster/relay';
import { CLUSTER_PROTOCOL_VERSION } from '../../server/cluster/messages';
import { StationStatsBook } from '../../server/state/stationStats';
import { AlarmBook } from '../../server/limits/alarms';
import { NO_LIVE_FEED } from '../../server/live/feed';
import { CurrentValues } from '../../server/state/currentValues';
import { buildFrame, sendBatch } from '../helpers/stations';
import { samplePaths } from '../helpers/samplePaths';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const SC = 'kazeosat-1';
const index = indexDictionary(DICTIONARY);

/**
 * Battery voltage: red low is 25.6 V with a 0.164 V hysteresis margin, so 25.7 V after 25.0 V stays red while
 * on its own it is yellow. Battery current: -10 A is red in sunlight and nominal in eclipse, decided by the
 * eclipse flag of the same frame.
 */
const FRAMES: { t: number; playback?: boolean; values: Record<string, number> }[] = [
  { t: 0, values: { 'eps.batt_voltage': 30, 'eps.eclipse': 1, 'eps.batt_current': -10 } },
  { t: 1000, values: { 'eps.batt_voltage': 25, 'eps.eclipse': 0, 'eps.batt_current': 1 } },
  { t: 2000, values: { 'eps.batt_voltage': 25.7, 'eps.eclipse': 1, 'eps.batt_current': -10 } },
  {
    t: 3000,
    values: { 'eps.batt_voltage': 25.7, 'eps.eclipse': 0, 'eps.batt_current': 2, 'eps.power_mode': 1 },
  },
  {
    t: 1500,
    playback: true,
    values: { 'eps.batt_voltage': 25.7, 'eps.eclipse': 1, 'eps.batt_current': -10 },
  },
];

/** Sample key → limit state, for comparing paths. */
function states(samples: readonly LiveSample[]): Record<string, unknown> {
  return Object.fromEntries(
    samples.map((s) => [`${s.parameterId}@${s.t - T0}${s.playback ? ' playback' : ''}`, s.limit]),
  );
}

function currentOf(current: CurrentValues): Record<string, Omit<ParameterValue, 'parameterId'>> {
  return Object.fromEntries(current.parameters(SC).map(({ parameterId, ...value }) => [parameterId, value]));
}

describe('one judgement of a sample on every path', () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    station: { id: 'astana', secret: 'astana-secret' },
  });
  const subscribe = (sinceMs?: number) => paths.subscribe([SC], sinceMs);

  it('gives live, catch-up, relay and restore the same states', async () => {
    const live = await subscribe();
    const sinceMs = paths.clock.now();
    for (const [i, frame] of FRAMES.entries()) {
      // One frame per batch and a step of the receive clock each, so the archive's receive order is this one.
      paths.clock.advance(1);
      const bytes = buildFrame({
        spacecraftId: SC,
        sequenceCount: i + 1,
        timeMs: T0 + frame.t,
        playback: frame.playback,
        values: frame.values,
      });
      await sendBatch(paths.station, [{ bytes }]);
    }
    await paths.server.app.flush();
    const parameters = packetParameters(index.packetsByApid.get(APID.EPS)![0]!).length;
    await expect.poll(() => live.updates.length, { timeout: 5000 }).toBe(FRAMES.length * parameters);
    const liveStates = states(live.updates);
    // Hysteresis and same-frame context, as processing judged them.
    expect(liveStates['eps.batt_voltage@2000']).toEqual({ level: 'red', side: 'low' });
    expect(liveStates['eps.batt_current@0']).toEqual({ level: 'nominal', context: 'eclipse' });

    const caughtUp = await subscribe(sinceMs);
    expect(states(caughtUp.reply)).toEqual(liveStates);

    const serverCurrent = currentOf(paths.server.app.current);
    expect(serverCurrent['eps.batt_voltage']).toMatchObject({ raw: 25700, limit: { level: 'red' } });
    expect(serverCurrent['eps.power_mode']).toMatchObject({ text: 'POWER_SAVE', limit: { level: 'yellow' } });

    const relayed = new CurrentValues();
    const deps = {
      nodeId: 'peer',
      index,
      current: relayed,
      alarms: new AlarmBook(() => 'id'),
      stations: new StationStatsBook(),
      local: NO_LIVE_FEED,
    } as Omit<RelayDeps, 'io'> as RelayDeps;
    const news = { version: CLUSTER_PROTOCOL_VERSION, node: 'other', alarms: [], events: [], links: [] };
    applyNews({ ...news, samples: live.updates, stationCounters: [] }, deps);
    expect(currentOf(relayed)).toEqual(serverCurrent);

    const restored = await paths.restore();
    expect(currentOf(restored)).toEqual(serverCurrent);
  });
  it('judges a sample by the limits in force when it came in, on live and catch-up alike', async () => {
    const live = await subscribe();
    const sinceMs = paths.clock.now();
    const send = async (sequenceCount: number) => {
      paths.clock.advance(1000);
      const bytes = buildFrame({ spacecraftId: SC, sequenceCount, timeMs: paths.clock.now() - 500 });
      await sendBatch(paths.station, [{ bytes }]);
      await paths.server.app.flush();
    };
    await send(1);
    paths.clock.advance(1000);
    // 30 V: nominal under the mission file's limits, yellow under these.
    await paths.server.app.limits.change({
      spacecraftId: SC,
      parameterId: 'eps.batt_voltage',
      limits: { yellow: { low: 31 }, red: { low: 25 } },
      by: 'engineer-kz',
      reason: 'test',
    });
    await send(2);
    const voltage = (samples: readonly LiveSample[]) =>
      samples.filter((x) => x.parameterId === 'eps.batt_voltage').map((x) => x.limit.level);
    await expect.poll(() => voltage(live.updates), { timeout: 5000 }).toEqual(['nominal', 'yellow']);
    const caughtUp = await subscribe(sinceMs);
    expect(voltage(caughtUp.reply)).toEqual(['nominal', 'yellow']);
  });
});
