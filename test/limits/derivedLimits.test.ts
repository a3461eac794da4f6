// A derived parameter declared per spacecraft, with context limits, on the one judgement every path shares:
// two spacecraft fly one XTCE (Pathfinder's); the tank's margin below its red bound is 80 − tank on
// Pathfinder-1, with tighter limits and minViolations while the lidar scans, and 60 − tank with its own
// limit on Pathfinder-2. Live processing, the catch-up after a reconnect and the restore at start must give
// every sample the same value and state.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VC_REALTIME } from '../../shared/codec';
import { indexDictionary, packetParameters } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import type { LiveSample } from '../../shared/protocol/live';
import { epochMs } from '../../shared/units';
import { requireMission } from '../../server/mission/folder';
import { AlarmBook } from '../../server/limits/alarms';
import { LimitOverrides } from '../../server/limits/overrides';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { CurrentValues } from '../../server/state/currentValues';
import { StationStatsBook } from '../../server/state/stationStats';
import { restoreState } from '../../server/state/restore';
import { createMemoryAuth, openAgreement } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { LIDAR, NOMINAL_PF, PATHFINDER, PATHFINDER_APID, PATHFINDER_DIR, PF } from '../helpers/pathfinder';
import { startServer } from '../helpers/server';
import { connectStation, sendBatch } from '../helpers/stations';
import { samplePaths } from '../helpers/samplePaths';
import { missionArchives } from '../helpers/missionArchives';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const SECOND = 'pathfinder-2';
const MARGIN = 'thermal.tank_margin';

/** The Pathfinder fixture with a second spacecraft on its XTCE and the margin declared per spacecraft. */
function missionDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-derived-limits-'));
  for (const file of fs.readdirSync(PATHFINDER_DIR))
    fs.copyFileSync(path.join(PATHFINDER_DIR, file), path.join(dir, file));
  const yaml = fs.readFileSync(path.join(PATHFINDER_DIR, 'mission.yaml'), 'utf8');
  const fleet = yaml.slice(0, yaml.indexOf('\nderived:'));
  const first = fleet.slice(fleet.indexOf('  - id: pathfinder-1'));
  const second = first
    .replace('id: pathfinder-1', `id: ${SECOND}`)
    .replace('Pathfinder-1', 'Pathfinder-2')
    .replace('noradId: 99902', 'noradId: 99903')
    .replace('scid: 401', 'scid: 402');
  const derived = `derived:
  - id: ${MARGIN}
    name: Tank margin below red
    unit: °C
    expression: 80 - ${PF.tank}
    limits: { yellow: { low: 10 }, red: { low: 0 } }
    contexts:
      - label: scanning
        when: { parameter: ${PF.mode}, value: SCAN }
        limits: { yellow: { low: 30 }, red: { low: 20 }, minViolations: 2 }
      - label: imaging
        when: { parameter: ${PF.mode}, value: FAULT }
        limits: { yellow: { low: 30 }, minViolations: 4 }
  - id: ${MARGIN}
    spacecraft: [${SECOND}]
    name: Tank margin below red
    unit: °C
    expression: 60 - ${PF.tank}
    limits: { yellow: { low: 5 } }
`;
  fs.writeFileSync(path.join(dir, 'mission.yaml'), `${fleet}\n${second}\n${derived}`);
  return dir;
}

const dir = missionDir();
const mission = requireMission(dir);
const index = indexDictionary(mission.dictionary);
const decoder = missionFrameDecoder(mission);
const encoder = missionFrameEncoder(mission);
const packet = index.packetsByApid.get(PATHFINDER_APID)![0]!;
const SCID = { [PATHFINDER]: 401, [SECOND]: 402 } as const;

const FRAMES: { sc: keyof typeof SCID; t: number; values: Record<string, number> }[] = [
  { sc: PATHFINDER, t: 0, values: { [PF.mode]: LIDAR.SCAN, [PF.tank]: 20 } },
  // Margin 25 while scanning: below the context's yellow (30), once, so not shown yet; twice: yellow.
  { sc: PATHFINDER, t: 1000, values: { [PF.mode]: LIDAR.SCAN, [PF.tank]: 55 } },
  { sc: PATHFINDER, t: 2000, values: { [PF.mode]: LIDAR.SCAN, [PF.tank]: 55 } },
  // Standby: the default limits (yellow low 10) apply, 25 is nominal.
  { sc: PATHFINDER, t: 3000, values: { [PF.mode]: LIDAR.STANDBY, [PF.tank]: 55 } },
  // Margin 5: yellow by the default limits, at once (they ask for no run of samples).
  { sc: PATHFINDER, t: 4000, values: { [PF.mode]: LIDAR.STANDBY, [PF.tank]: 75 } },
  // Pathfinder-2 computes 60 − tank and has no context: 10, then 3 below its yellow low (5).
  { sc: SECOND, t: 0, values: { [PF.mode]: LIDAR.SCAN, [PF.tank]: 50 } },
  { sc: SECOND, t: 1000, values: { [PF.mode]: LIDAR.SCAN, [PF.tank]: 57 } },
];

function frame(i: number): Uint8Array {
  const { sc, t, values } = FRAMES[i]!;
  return frameOf(sc, i, t, values);
}

function frameOf(sc: keyof typeof SCID, i: number, t: number, values: Record<string, number>): Uint8Array {
  return encoder.encodeEngineering(
    {
      scid: SCID[sc],
      vcid: VC_REALTIME,
      masterFrameCount: i,
      virtualFrameCount: i,
      apid: PATHFINDER_APID,
      sequenceCount: i + 1,
      timeMs: epochMs(T0 + t),
    },
    packet.parameters.map((p) => values[p.id] ?? NOMINAL_PF[p.id] ?? 0),
  );
}

const margins = (samples: readonly LiveSample[]) =>
  Object.fromEntries(
    samples
      .filter((s) => s.parameterId === MARGIN)
      .map((s) => [`${s.spacecraftId}@${s.t - T0}`, { v: Math.round(s.v), limit: s.limit }]),
  );

describe('a derived parameter per spacecraft with context limits, on every path', () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    mission: { loaded: mission, decoder },
    station: { id: 'dushanbe', secret: 'dushanbe-secret' },
  });
  const subscribe = (sinceMs?: number) => paths.subscribe([PATHFINDER, SECOND], sinceMs);

  it('gives live, catch-up and restore the same values and states', { timeout: 30_000 }, async () => {
    const live = await subscribe();
    const sinceMs = paths.clock.now();
    for (let i = 0; i < FRAMES.length; i++) {
      paths.clock.advance(1);
      await sendBatch(paths.station, [{ bytes: frame(i) }]);
    }
    await paths.server.app.flush();
    const perFrame = packetParameters(packet).length;
    await expect.poll(() => live.updates.length, { timeout: 5000 }).toBe(FRAMES.length * perFrame);
    const m = margins(live.updates);
    expect(m).toEqual({
      [`${PATHFINDER}@0`]: { v: 60, limit: { level: 'nominal', context: 'scanning' } },
      [`${PATHFINDER}@1000`]: { v: 25, limit: { level: 'nominal', pending: 1, context: 'scanning' } },
      [`${PATHFINDER}@2000`]: { v: 25, limit: { level: 'yellow', side: 'low', context: 'scanning' } },
      [`${PATHFINDER}@3000`]: { v: 25, limit: { level: 'nominal' } },
      [`${PATHFINDER}@4000`]: { v: 5, limit: { level: 'yellow', side: 'low' } },
      [`${SECOND}@0`]: { v: 10, limit: { level: 'nominal' } },
      [`${SECOND}@1000`]: { v: 3, limit: { level: 'yellow', side: 'low' } },
    });

    const caughtUp = await subscribe(sinceMs);
    expect(margins(caughtUp.reply)).toEqual(m);

    const restored = await paths.restore();
    for (const sc of [PATHFINDER, SECOND]) {
      const margin = (current: CurrentValues) => current.parameters(sc).find((p) => p.parameterId === MARGIN);
      expect(margin(restored)).toEqual(margin(paths.server.app.current));
    }
    expect(restored.get(SECOND, MARGIN)?.limit).toEqual({ level: 'yellow', side: 'low' });
  });
});

// A run of samples beyond a bound that asks for four in a row: three came in before the restart. The restore
// rebuilds the count from the archived frames, so the fourth after the restart raises the alarm, as it would
// have without the restart.
const RUN = [
  { t: 0, values: { [PF.mode]: LIDAR.STANDBY, [PF.tank]: 20 } },
  ...[1000, 2000, 3000].map((t) => ({ t, values: { [PF.mode]: LIDAR.FAULT, [PF.tank]: 55 } })),
];

const ARCHIVES = missionArchives(mission.dictionary, decoder);

describe.each(ARCHIVES)('a minViolations run across a restart ($name)', (archive) => {
  it('keeps its count, rebuilt from the archived frames', { timeout: 30_000 }, async () => {
    const { store, dispose } = await archive.open();
    const clock = new ManualClock(T0 + 60_000);
    const server = await startServer({
      clock,
      store,
      dictionary: mission.dictionary,
      links: mission.links,
      decoder,
      auth: createMemoryAuth(openAgreement(mission.dictionary), mission.dictionary),
      stationAuth: tokenAuthenticator(new Map([['dushanbe', 'dushanbe-secret']])),
    });
    try {
      const station = await connectStation(server.url, 'dushanbe', 'dushanbe-secret');
      for (const [i, f] of RUN.entries()) {
        clock.advance(1);
        await sendBatch(station, [{ bytes: frameOf(PATHFINDER, i, f.t, f.values) }]);
      }
      station.close();
      await server.app.flush();
      const before = server.app.current.get(PATHFINDER, MARGIN)?.limit;
      expect(before).toEqual({ level: 'nominal', pending: 3, context: 'imaging' });
      const restore = (codec?: typeof decoder) => {
        const current = new CurrentValues();
        const services = {
          archive: store,
          index,
          clock,
          current,
          alarms: new AlarmBook(() => 'id'),
          stations: new StationStatsBook(),
          limits: new LimitOverrides(),
        };
        return restoreState(codec ? { ...services, codec } : services).then(() => current);
      };
      expect((await restore(decoder)).get(PATHFINDER, MARGIN)?.limit).toEqual(before);
      // Without the frames read back the count would start again (one sample judged against the last).
      expect((await restore()).get(PATHFINDER, MARGIN)?.limit).not.toEqual(before);
    } finally {
      await server.stop();
      await dispose();
    }
  });
});
