// A year of the federation's archive (100 spacecraft, housekeeping every 30 s), measured on one spacecraft's
// year: its frames and rollups are written through Store.commit, the archive's own write path, in large
// batches; then any 30-day history query is timed at offsets across the year, the server is started on the
// archive, and the archive's size per spacecraft-year is read from disk. A federation year is 100 such
// spacecraft-years: the history query walks one spacecraft's rollups through an index (its cost does not grow
// with the other 99), the size grows linearly, and the start reads the newest values (one per parameter).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, Store } from '../../server/archive/types';
import { packetParameters } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { SQLITE_FILE } from '../harness/appOptions';
import { latencyRow, valueRow } from '../harness/rows';
import { startServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';
import { FrameFactory } from '../workloads/frameFactory';
import { FEDERATION_DIR, loadFederation } from '../workloads/federation';

const bench = 'federation-archive';
const DAY_MS = 86_400_000;
const PERIOD_MS = 30_000;
const BATCH = 20_000;
const MAX_POINTS = 2000;
const VARIANTS = 8;
const YEAR_START_MS = Date.UTC(2025, 0, 1);

type Federation = ReturnType<typeof loadFederation>;

/** The housekeeping of one spacecraft as the ingest hands it to the archive: bytes with their decoded values
 * (decoded once per packet and value set; time and counters do not change the values). */
function recordMaker(federation: Federation, spacecraft: number) {
  const factory = new FrameFactory(federation.dictionary);
  const decoder = missionFrameDecoder(federation);
  const decodedValues = factory.housekeeping.map((packet, p) =>
    Array.from({ length: VARIANTS }, (_, variant) => {
      const decoded = decoder.decode(
        factory.frame({ spacecraft, packet: p, sequenceCount: 0, timeMs: 0 }, variant),
      );
      if (!decoded.ok) throw new Error(`benchmark frame rejected: ${decoded.error}`);
      return { parameterIds: packetParameters(packet).map((d) => d.id), values: decoded.frame.eng };
    }),
  );
  const spacecraftId = federation.dictionary.spacecraft[spacecraft]!.id;
  return (n: number, packet: number): FrameRecord => {
    const timeMs = YEAR_START_MS + n * PERIOD_MS;
    const key = { spacecraft, packet, sequenceCount: n & 0x3fff, timeMs };
    return {
      stationId: federation.dictionary.stations[n % 30]!.id,
      spacecraftId,
      apid: factory.housekeeping[packet]!.apid,
      sequenceCount: key.sequenceCount,
      timeMs,
      playback: false,
      receivedMs: timeMs + 2000,
      ertMs: timeMs + 1500,
      snrDb: 11.5,
      bytes: factory.frame(key, n),
      ...decodedValues[packet]![n % VARIANTS]!,
    };
  };
}

async function fill(store: Store, federation: Federation, days: number): Promise<number> {
  const make = recordMaker(federation, 0);
  const packets = new FrameFactory(federation.dictionary).housekeeping.length;
  const steps = (days * DAY_MS) / PERIOD_MS;
  let frames: FrameRecord[] = [];
  let written = 0;
  for (let n = 0; n < steps; n++) {
    for (let p = 0; p < packets; p++) frames.push(make(n, p));
    if (frames.length >= BATCH || n === steps - 1) {
      await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
      written += frames.length;
      frames = [];
    }
  }
  return written;
}

const sizeOf = (dir: string) =>
  fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);

async function historyTimes(store: Store, federation: Federation, days: number, windows: number) {
  const spacecraftId = federation.dictionary.spacecraft[0]!.id;
  const parameters = packetParameters(new FrameFactory(federation.dictionary).housekeeping[0]!)
    .slice(0, 3)
    .map((p) => p.id);
  const times: number[] = [];
  let points = 0;
  for (let w = 0; w < windows; w++) {
    // Windows spread over the year, each 30 days (or the whole archive when it is shorter).
    const span = Math.min(30, days) * DAY_MS;
    const fromMs = YEAR_START_MS + Math.floor(((days * DAY_MS - span) * w) / Math.max(1, windows - 1));
    for (const parameterId of parameters) {
      const started = performance.now();
      const series = await store.history({
        spacecraftId,
        parameterId,
        fromMs,
        toMs: fromMs + span - 1,
        maxPoints: MAX_POINTS,
      });
      times.push(performance.now() - started);
      points = series.points.length;
    }
  }
  return { times, points, parameters: parameters.length };
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const days = context.quick ? 30 : 365;
  const federation = loadFederation();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-federation-archive-'));
  try {
    const store = createSqliteStore({ file: path.join(dataDir, SQLITE_FILE) });
    const cpu = process.cpuUsage();
    const built = performance.now();
    const frames = await fill(store, federation, days);
    const buildS = (performance.now() - built) / 1000;
    const cpuUsed = process.cpuUsage(cpu);
    const buildCpuS = (cpuUsed.user + cpuUsed.system) / 1e6;
    context.log(`${frames} frames (${days} days of one spacecraft) archived in ${buildS.toFixed(0)} s`);
    const history = await historyTimes(store, federation, days, context.quick ? 4 : 12);
    await store.close();
    const bytes = sizeOf(dataDir);
    const perYearMb = (bytes * (365 / days)) / 2 ** 20;

    const started = performance.now();
    const server = await startServerProcess({
      kind: 'ortaq',
      dataDir,
      stationTokens: [],
      mission: FEDERATION_DIR,
    });
    const startS = (performance.now() - started) / 1000;
    await server.stop();

    const workload = `one federation spacecraft, ${days} days of housekeeping every 30 s (${frames.toLocaleString('en-US')} frames), SQLite`;
    return [
      latencyRow(
        {
          bench,
          metric: 'history query, any 30 days',
          workload,
          unit: 'ms',
          target: { value: 50, better: 'lower', on: 'p99' },
          note:
            `${history.parameters} parameters × windows spread over the archive, ${history.points} points each; ` +
            `indexed by spacecraft, so the other 99 spacecraft-years add at most a B-tree level`,
        },
        history.times,
      ),
      valueRow(
        {
          bench,
          metric: 'archive size per spacecraft-year',
          workload,
          unit: 'MB',
          note:
            `${(bytes / 2 ** 20).toFixed(0)} MB on disk for ${days} days, scaled to 365; a federation year ` +
            `≈ ${((perYearMb * 100) / 1024).toFixed(1)} GB; written through Store.commit in ` +
            `${buildS.toFixed(0)} s (${buildCpuS.toFixed(0)} CPU-s)`,
        },
        perYearMb,
      ),
      valueRow(
        {
          bench,
          metric: 'server start on the archive',
          workload,
          unit: 's',
          target: { value: 10, better: 'lower', on: 'median' },
          note: 'process start to listening, federation mission loaded, including loading the TypeScript',
        },
        startS,
      ),
    ];
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
