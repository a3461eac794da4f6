// The ledger over a month of deliveries on SQLite and PostgreSQL: closing the month's days and verifying the
// whole month against the archive (`npm run ledger -- verify`'s work). The fair-share matrix has its own
// benchmark (fairShare.ts). 6 spacecraft × 6 stations, ~40 k unique frames a day (what the
// simulator archives), each packet heard by one to three stations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { FrameRecord, Store } from '../../server/archive/types';
import { LedgerBook, ownersOf } from '../../server/ledger/book';
import { verifyLedger } from '../../server/ledger/verify';
import { DICTIONARY } from '../../server/mission/shipped';
import { latencyRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
import { benchSchema, dropSchema, findPostgres } from '../workloads/postgres';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);
const FRAMES_PER_DAY = 40_000;
const FRAME_BYTES = 120;

/** A day of passes: each frame of one spacecraft, first heard by one station, sometimes by two more. */
function dayOfFrames(day: number): FrameRecord[] {
  const spacecraft = DICTIONARY.spacecraft.map((s) => s.id);
  const stations = DICTIONARY.stations.map((s) => s.id);
  const frames: FrameRecord[] = [];
  const bytes = new Uint8Array(FRAME_BYTES);
  for (let i = 0; i < FRAMES_PER_DAY; i++) {
    const sc = i % spacecraft.length;
    const pass = Math.floor(i / 600);
    const timeMs = T0 + day * DAY_MS + pass * 2_100_000 + (i % 600) * 1000;
    const heardBy = 1 + ((i * 7) % 3);
    for (let h = 0; h < heardBy; h++) {
      frames.push({
        stationId: stations[(pass + sc + h) % stations.length]!,
        spacecraftId: spacecraft[sc]!,
        apid: 0x010,
        sequenceCount: (day * FRAMES_PER_DAY + i) & 0x3fff,
        timeMs,
        playback: false,
        receivedMs: timeMs + 300 + h * 200,
        ertMs: null,
        snrDb: 10 + h,
        bytes,
        parameterIds: [],
        values: [],
      });
    }
  }
  return frames;
}

async function fill(store: Store, days: number, log: (m: string) => void): Promise<void> {
  for (let day = 0; day < days; day++) {
    const frames = dayOfFrames(day);
    for (let i = 0; i < frames.length; i += 20_000) {
      await store.commit({
        frames: frames.slice(i, i + 20_000),
        alarms: [],
        events: [],
        stations: [],
        downlink: [],
      });
    }
    if (day % 10 === 9) log(`ledger: filled ${day + 1} days`);
  }
}

interface Measured {
  closed: number;
  closeMs: number;
  verifyMs: number[];
  /** Process CPU time of each verify: what the machine's load does not inflate (the database's own aside). */
  verifyCpuMs: number[];
}

async function measure(store: Store, days: number, repeats: number, log: (m: string) => void) {
  await fill(store, days, log);
  const owners = ownersOf(DICTIONARY);
  const book = new LedgerBook(store, owners);
  const closeStart = performance.now();
  const closed = await book.closeDays(T0 + days * DAY_MS + DAY_MS);
  const measured: Measured = {
    closed: closed.length,
    closeMs: performance.now() - closeStart,
    verifyMs: [],
    verifyCpuMs: [],
  };
  for (let i = 0; i < repeats; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const report = await verifyLedger(store, owners);
    measured.verifyMs.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    measured.verifyCpuMs.push((used.user + used.system) / 1000);
    if (report.problems.length > 0) throw new Error(`ledger did not verify: ${report.problems[0]!.message}`);
  }
  return measured;
}

function verifyRows(archive: string, days: number, m: Measured): ResultRow[] {
  const workload = `${days} days × ${FRAMES_PER_DAY / 1000} k unique frames (×2 heard), 6 sc × 6 stations, ${archive}`;
  const cpu = [...m.verifyCpuMs].sort((a, b) => a - b)[Math.floor(m.verifyCpuMs.length / 2)]!;
  return [
    latencyRow(
      {
        bench: 'ledger',
        metric: `ledger verify, ${days} days, ${archive}`,
        workload,
        unit: 'ms',
        target: { value: 5000, better: 'lower', on: 'median' },
        note: `${m.closed} days recomputed from the frames and compared, chain re-hashed; median CPU ${Math.round(cpu)} ms of this process`,
      },
      m.verifyMs,
    ),
    valueRow(
      { bench: 'ledger', metric: `ledger close, ${days} days, ${archive}`, workload, unit: 'ms' },
      m.closeMs,
    ),
  ];
}

async function onSqlite(days: number, repeats: number, log: (m: string) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-bench-ledger-'));
  const store = createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' });
  try {
    return await measure(store, days, repeats, log);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(days: number, repeats: number, log: (m: string) => void) {
  const url = await findPostgres();
  if (!url) return null;
  const schema = benchSchema();
  const store = await createPostgresStore({ connectionString: url, schema });
  try {
    return await measure(store, days, repeats, log);
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const days = context.quick ? 7 : 30;
  const repeats = context.quick ? 1 : 3;
  const sqlite = await onSqlite(days, repeats, context.log);
  const postgres = await onPostgres(days, repeats, context.log);
  return [
    ...verifyRows('SQLite', days, sqlite),
    ...(postgres ? verifyRows('PostgreSQL', days, postgres) : []),
  ];
}
