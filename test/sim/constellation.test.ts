// The constellation as the ground stations hear it: frames only above the mask, shared passes heard twice,
// a small share of corrupted frames, and recorded housekeeping dumped on the playback channel.
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameCodec, VC_PLAYBACK, VC_REALTIME } from '../../shared/codec';
import { DICTIONARY } from '../../server/mission/shipped';
import { lookAngles, orbitOf, predictPasses, propagate, stationSite } from '../../shared/orbit';
import { Constellation, type Reception } from '../../server/sim/constellation';
import { SIM_EPOCH_MS } from '../helpers/sim';

const codec = new FrameCodec(DICTIONARY);
const HOUR = 3_600_000;

function run(constellation: Constellation, fromMs: number, toMs: number, stepMs: number): Reception[] {
  const out: Reception[] = [];
  for (let t = fromMs + stepMs; t <= toMs; t += stepMs) out.push(...constellation.advanceTo(t));
  return out;
}

function packetTime(reception: Reception): number {
  const decoded = codec.decode(reception.bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.frame.timeMs;
}

describe('constellation frames', () => {
  let receptions: Reception[];
  beforeAll(() => {
    const constellation = new Constellation({
      dictionary: DICTIONARY,
      startMs: SIM_EPOCH_MS,
      housekeepingPeriodMs: 5_000,
    });
    receptions = run(constellation, SIM_EPOCH_MS, SIM_EPOCH_MS + 4 * HOUR, 5_000);
  });

  it('reaches a station only while the spacecraft stands above its mask, inside a predicted pass', () => {
    const realtime = receptions.filter((r) => r.vcid === VC_REALTIME && !r.corrupted);
    expect(new Set(realtime.map((r) => r.stationId)).size).toBe(DICTIONARY.stations.length);
    for (const reception of realtime.filter((_, i) => i % 7 === 0)) {
      const spacecraft = DICTIONARY.spacecraft.find((s) => s.id === reception.spacecraftId)!;
      const station = DICTIONARY.stations.find((s) => s.id === reception.stationId)!;
      const t = packetTime(reception);
      const position = propagate(orbitOf(spacecraft), t)!.positionKm;
      expect(lookAngles(stationSite(station), position, t).elevationDeg).toBeGreaterThanOrEqual(
        station.minElevationDeg,
      );
      const passes = predictPasses(spacecraft, station, t - 1, t + 1);
      expect(passes.some((p) => p.aosMs - 1_000 <= t && t <= p.losMs + 1_000)).toBe(true);
    }
  });

  it('has both stations forward the same frame when two see the spacecraft', () => {
    const stationsByFrame = new Map<string, Set<string>>();
    for (const r of receptions.filter((r) => !r.corrupted)) {
      const key = Buffer.from(r.bytes).toString('hex');
      stationsByFrame.set(key, (stationsByFrame.get(key) ?? new Set()).add(r.stationId));
    }
    expect([...stationsByFrame.values()].filter((stations) => stations.size >= 2).length).toBeGreaterThan(
      100,
    );
  });

  it('corrupts a small share of frames, more at low elevation, and the CRC catches every one', () => {
    const corrupted = receptions.filter((r) => r.corrupted);
    const share = corrupted.length / receptions.length;
    expect(share).toBeGreaterThan(0.001);
    expect(share).toBeLessThan(0.03);
    for (const r of corrupted) expect(codec.decode(r.bytes).ok).toBe(false);
    const meanSnr = (list: Reception[]) => list.reduce((sum, r) => sum + r.snrDb, 0) / list.length;
    expect(meanSnr(corrupted)).toBeLessThan(meanSnr(receptions) - 2);
  });

  it('dumps housekeeping recorded during the gap on the playback channel at the next pass', () => {
    const id = 'kazeosat-1';
    const realtime = receptions.filter(
      (r) => r.spacecraftId === id && r.vcid === VC_REALTIME && !r.corrupted,
    );
    const playback = receptions.filter(
      (r) => r.spacecraftId === id && r.vcid === VC_PLAYBACK && !r.corrupted,
    );
    expect(playback.length).toBeGreaterThan(20);
    // Playback frames carry onboard times older than their reception...
    for (const r of playback) expect(packetTime(r)).toBeLessThan(r.ertMs - 30_000);
    // ...from the gap between contacts: no realtime frame was heard at those times.
    const heard = new Set(realtime.map(packetTime));
    const recordedTimes = playback.map(packetTime);
    for (const t of recordedTimes) expect(heard.has(t)).toBe(false);
    const spanMs = Math.max(...recordedTimes) - Math.min(...recordedTimes);
    expect(spanMs).toBeGreaterThan(HOUR / 2);
  });
});

describe('a silent spacecraft', () => {
  it('sends nothing during its passes, then dumps what it recorded once it speaks again', () => {
    const constellation = new Constellation({
      dictionary: DICTIONARY,
      startMs: SIM_EPOCH_MS,
      housekeepingPeriodMs: 5_000,
    });
    constellation.injectFault({ spacecraftId: 'kazeosat-2', fault: 'silent' });
    expect(constellation.listFaults()).toEqual([
      { spacecraftId: 'kazeosat-2', fault: 'silent', sinceMs: SIM_EPOCH_MS },
    ]);
    const silent = run(constellation, SIM_EPOCH_MS, SIM_EPOCH_MS + 3 * HOUR, 5_000);
    expect(silent.some((r) => r.spacecraftId === 'kazeosat-2')).toBe(false);
    expect(silent.some((r) => r.spacecraftId === 'gokturk-2')).toBe(true);
    // It did fly over stations meanwhile.
    const passes = DICTIONARY.stations.flatMap((s) =>
      predictPasses(DICTIONARY.spacecraft[1]!, s, SIM_EPOCH_MS, SIM_EPOCH_MS + 3 * HOUR),
    );
    expect(passes.length).toBeGreaterThan(0);

    expect(constellation.clearFaults('kazeosat-2')).toBe(1);
    const after = run(constellation, SIM_EPOCH_MS + 3 * HOUR, SIM_EPOCH_MS + 8 * HOUR, 5_000);
    const playback = after.filter(
      (r) => r.spacecraftId === 'kazeosat-2' && r.vcid === VC_PLAYBACK && !r.corrupted,
    );
    expect(playback.some((r) => packetTime(r) < SIM_EPOCH_MS + 3 * HOUR)).toBe(true);
  });
});
