// A parameter an include condition leaves out of a packet (test/fixtures/mission/meridian: the wheel block is
// in AttitudeStatus only in fine pointing) gives no sample on any path: live processing, the catch-up after a
// reconnect and the restore at start agree that the coarse packet said nothing of the wheel.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VC_REALTIME } from '../../shared/codec';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import { epochMs } from '../../shared/units';
import { requireMission } from '../../server/mission/folder';
import type { LiveSample } from '../../shared/protocol/live';
import { missionArchives } from '../helpers/missionArchives';
import { samplePaths } from '../helpers/samplePaths';
import { sendBatch } from '../helpers/stations';
import { deliveredRecord } from '../helpers/records';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const MERIDIAN = 'meridian-1';
const mission = requireMission(path.resolve(import.meta.dirname, '../fixtures/mission/meridian'));
const encoder = missionFrameEncoder(mission);
const attitude = mission.dictionary.packets.find((p) => p.name === 'AttitudeStatus')!;
const MODE = { COARSE: 1, FINE: 2 } as const;

function attitudeFrame(sequenceCount: number, tMs: number, mode: number, wheelRpm: number): Uint8Array {
  return encoder.encodeEngineering(
    {
      scid: 402,
      vcid: VC_REALTIME,
      masterFrameCount: sequenceCount,
      virtualFrameCount: sequenceCount,
      apid: attitude.apid,
      sequenceCount,
      timeMs: epochMs(T0 + tMs),
    },
    [mode, wheelRpm],
    attitude,
  );
}

/** Fine pointing with the wheel block, then two coarse packets without it. */
const FRAMES = [
  attitudeFrame(1, 0, MODE.FINE, -1234),
  attitudeFrame(2, 1000, MODE.COARSE, 0),
  attitudeFrame(3, 2000, MODE.COARSE, 0),
];

const wheelTimes = (samples: readonly LiveSample[]) =>
  samples.filter((s) => s.parameterId === 'wheel.speed').map((s) => s.t - T0);

const decoder = missionFrameDecoder(mission);

describe('a parameter left out by its include condition', () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    mission: { loaded: mission, decoder },
    station: { id: 'tashkent', secret: 'tashkent-secret' },
  });

  it('is no sample live, after a catch-up or after a restore', { timeout: 30_000 }, async () => {
    const live = await paths.subscribe([MERIDIAN]);
    const sinceMs = paths.clock.now();
    for (const bytes of FRAMES) {
      paths.clock.advance(1);
      expect(await sendBatch(paths.station, [{ bytes }])).toMatchObject({ results: [{ status: 'stored' }] });
    }
    await paths.server.app.flush();
    // Three modes and one wheel speed: the fine packet's.
    await expect.poll(() => live.updates.length, { timeout: 5000 }).toBe(4);
    expect(wheelTimes(live.updates)).toEqual([0]);
    expect(live.updates.find((s) => s.parameterId === 'wheel.speed')!.v).toBe(-1234);

    const caughtUp = await paths.subscribe([MERIDIAN], sinceMs);
    expect(wheelTimes(caughtUp.reply)).toEqual([0]);
    expect(caughtUp.reply.length).toBe(4);

    const restored = await paths.restore();
    expect(restored.get(MERIDIAN, 'wheel.speed')).toMatchObject({ timeMs: T0, value: -1234 });
    expect(paths.server.app.current.get(MERIDIAN, 'wheel.speed')).toMatchObject({ timeMs: T0, value: -1234 });
    expect(restored.get(MERIDIAN, 'aocs.mode')).toMatchObject({ timeMs: T0 + 2000 });
  });
});

describe.each(missionArchives(mission.dictionary, decoder))('latest values on $name', (archive) => {
  it('come from the newest packet that carried each parameter', async () => {
    const { store, dispose } = await archive.open();
    try {
      const records = FRAMES.map((bytes, i) => deliveredRecord(decoder, 'tashkent', bytes, T0 + i));
      await store.commit({ frames: records, alarms: [], events: [], stations: [], downlink: [] });
      const latest = await store.latestValues();
      expect(latest).toContainEqual({
        spacecraftId: MERIDIAN,
        parameterId: 'wheel.speed',
        timeMs: T0,
        value: -1234,
      });
      expect(latest).toContainEqual({
        spacecraftId: MERIDIAN,
        parameterId: 'aocs.mode',
        timeMs: T0 + 2000,
        value: 1,
      });
    } finally {
      await store.close();
      await dispose();
    }
  });
});
