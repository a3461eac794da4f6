// Benchmark 5, history query: 30 days of one 1 Hz parameter (2.6 M samples) to 2,000 display points with the
// true min and max kept. Ortaq answers from its rollups; the baseline, in the same run and on the same
// archive, is the same buckets computed from the raw samples, which the archive keeps in its frames. The
// query is timed on SQLite and, when a local PostgreSQL answers, on PostgreSQL over the same data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ArchivedFrames } from '../../server/archive/archivedFrames';
import { bucketRawSamples } from '../../server/archive/historyPoints';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, Store } from '../../server/archive/types';
import type { HistorySeries } from '../../shared/protocol/api';
import { FrameCodec, VC_REALTIME } from '../../shared/codec';
import { APID } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { EpochMs } from '../../shared/units';
import { latencyRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import { STREAM_START_MS } from '../workloads/ingestRun';
import { benchSchema, dropSchema, findPostgres } from '../workloads/postgres';

const DAY_MS = 86_400_000;
const MAX_POINTS = 2000;
const SPACECRAFT = 'kazeosat-1';
const PARAMETER = 'eps.batt_voltage';
const BATCH = 20_000;

/** Battery voltage over orbits (~95 min) with noise and a rare spike each way, so min and max matter. */
function voltage(i: number): number {
  const orbit = Math.sin((2 * Math.PI * i) / 5700);
  const noise = Math.sin(i * 12.9898) * 0.05;
  const spike = i % 500_009 === 77 ? 3.1 : i % 700_001 === 5 ? -4.2 : 0;
  return 30 + orbit * 1.5 + noise + spike;
}

const codec = new FrameCodec(DICTIONARY);
const EPS = DICTIONARY.packets.find((p) => p.apid === APID.EPS)!;
const SCID = DICTIONARY.spacecraft.find((s) => s.id === SPACECRAFT)!.scid;

/** Real EPS frames carrying the voltage in millivolts (the parameter's raw unit) and zeros elsewhere. */
function epsFrame(i: number, millivolts: number): Uint8Array {
  const raw = EPS.parameters.map((p) => (p.id === PARAMETER ? millivolts : 0));
  const header = { scid: SCID, vcid: VC_REALTIME, masterFrameCount: 0, virtualFrameCount: 0 };
  const timeMs = (STREAM_START_MS + i * 1000) as EpochMs;
  return codec.encode({ ...header, apid: APID.EPS, sequenceCount: i & 0x3fff, timeMs, raw });
}

async function fill(store: Store, seconds: number): Promise<{ min: number; max: number }> {
  let min = Infinity;
  let max = -Infinity;
  for (let start = 0; start < seconds; start += BATCH) {
    const frames: FrameRecord[] = [];
    for (let i = start; i < Math.min(seconds, start + BATCH); i++) {
      const millivolts = Math.round(voltage(i) * 1000);
      // The codec's own arithmetic (raw × scale), so the value is the one decoded from the frame.
      const value = millivolts * 0.001;
      min = Math.min(min, value);
      max = Math.max(max, value);
      const timeMs = STREAM_START_MS + i * 1000;
      frames.push({
        stationId: 'astana',
        spacecraftId: SPACECRAFT,
        apid: APID.EPS,
        sequenceCount: i & 0x3fff,
        timeMs,
        playback: false,
        receivedMs: timeMs,
        ertMs: null,
        snrDb: null,
        bytes: epsFrame(i, millivolts),
        // Only the queried parameter is rolled up: the packet's other eight would only lengthen the fill.
        parameterIds: [PARAMETER],
        values: [value],
      });
    }
    await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
  }
  return { min, max };
}

function timeMany(times: number, query: () => unknown): number[] {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    query();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function timeHistory(
  store: Store,
  window: Parameters<Store['history']>[0],
  repeats: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await store.history(window);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** The same archive on PostgreSQL, in a schema of its own: its answer and query times, or null without one. */
async function onPostgres(
  context: BenchContext,
  seconds: number,
  window: Parameters<Store['history']>[0],
  repeats: number,
): Promise<{ answer: HistorySeries; times: number[] } | null> {
  const url = await findPostgres();
  if (!url) return null;
  const schema = benchSchema();
  const store = await createPostgresStore({ connectionString: url, schema });
  try {
    const built = performance.now();
    await fill(store, seconds);
    context.log(
      `PostgreSQL: ${seconds} samples archived in ${((performance.now() - built) / 1000).toFixed(1)} s`,
    );
    const answer = await store.history(window);
    return { answer, times: await timeHistory(store, window, repeats) };
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const days = context.quick ? 3 : 30;
  const repeats = context.quick ? 10 : 30;
  const seconds = days * 86_400;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-history-'));
  try {
    const file = path.join(dir, 'ortaq.sqlite');
    const store = createSqliteStore({ file, synchronous: 'NORMAL' });
    const built = performance.now();
    const truth = await fill(store, seconds);
    context.log(`${seconds} samples archived in ${((performance.now() - built) / 1000).toFixed(1)} s`);
    const query = { spacecraftId: SPACECRAFT, parameterId: PARAMETER, fromMs: STREAM_START_MS };
    const window = { ...query, toMs: STREAM_START_MS + days * DAY_MS - 1, maxPoints: MAX_POINTS };
    const answer = await store.history(window);

    // store.history answers synchronously inside a promise on SQLite, so timing the call times the query.
    const ortaq = await timeHistory(store, window, repeats);
    await store.close();

    // The baseline reads and decodes every frame of the window, as the archive does for buckets under a minute.
    const db = new Database(file, { readonly: true });
    const sc = (
      db.prepare("SELECT id FROM names WHERE kind = 'spacecraft' AND name = ?").get(SPACECRAFT) as {
        id: number;
      }
    ).id;
    const bucketMs = Math.ceil((window.toMs - window.fromMs + 1) / MAX_POINTS);
    const frames = db.prepare<[number, number, number, number], { t: number; pb: number; bytes: Buffer }>(
      'SELECT t, pb, bytes FROM frames WHERE sc = ? AND apid = ? AND t >= ? AND t <= ? ORDER BY t, seq',
    );
    const archived = new ArchivedFrames(DICTIONARY);
    const slots = archived.slotsOf(PARAMETER)!;
    const baseline = timeMany(Math.max(3, Math.round(repeats / 3)), () =>
      bucketRawSamples(
        archived.samples(frames.iterate(sc, APID.EPS, window.fromMs, window.toMs), slots),
        window.fromMs,
        bucketMs,
      ),
    );
    db.close();
    const postgres = await onPostgres(context, seconds, window, repeats);

    const points = answer.points;
    // Points over the limit, or a true extreme missing, in each archive's answer.
    const faults = [answer, ...(postgres ? [postgres.answer] : [])].reduce((sum, series) => {
      const over = Math.max(0, series.points.length - MAX_POINTS);
      const minLost = Math.min(...series.points.map((p) => p.min)) === truth.min ? 0 : 1;
      const maxLost = Math.max(...series.points.map((p) => p.max)) === truth.max ? 0 : 1;
      return sum + over + minLost + maxLost;
    }, 0);
    const bench = 'history';
    const workload = `${days} days of 1 Hz (${(seconds / 1e6).toFixed(2)} M samples) → ${MAX_POINTS} points`;
    return [
      latencyRow(
        {
          bench,
          metric: 'history query, SQLite',
          workload,
          unit: 'ms',
          target: { value: 50, better: 'lower', on: 'median' },
          baseline: { name: 'same buckets from the raw frames', median: median(baseline) },
          note: `${points.length} points, bucket ${answer.bucketMs ?? 0} ms`,
        },
        ortaq,
      ),
      ...(postgres
        ? [
            latencyRow(
              {
                bench,
                metric: 'history query, PostgreSQL',
                workload,
                unit: 'ms',
                target: { value: 50, better: 'lower', on: 'median' },
                note: 'the same archive in PostgreSQL on this machine, over its socket',
              },
              postgres.times,
            ),
          ]
        : []),
      valueRow(
        {
          bench,
          metric: 'points over the limit or min/max lost, both archives',
          workload,
          unit: 'count',
          target: { value: 0, better: 'lower', on: 'median' },
        },
        faults,
      ),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
