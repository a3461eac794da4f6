// The PostgreSQL archive's commit cost, in process: the same batches of 250 frames (3 spacecraft, 3
// housekeeping packets, 8 stations, one packet time per 9 frames), 2 commits in flight as the group commit
// sends them, into a fresh schema. Reports wall time, this process's CPU and the CPU of the database backends
// that served its pool (read from /proc, so PostgreSQL must run on this machine): the database's share of an
// ingest, which the `ingest` benchmark's per-CPU-second row leaves out.
// Usage: npx tsx bench/tools/postgresCommitCpu.ts [batches] (ORTAQ_BENCH_DATABASE_URL or the local server)
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { createPostgresStore } from '../../server/archive/postgres/store';
import type { FrameRecord } from '../../server/archive/types';
import { encodedRecord } from '../../test/helpers/records';
import { benchSchema, dropSchema, findPostgres } from '../workloads/postgres';

const FRAMES_PER_BATCH = 250;
const SPACECRAFT = ['kazeosat-1', 'kazeosat-2', 'imece'];
const APIDS = [0x010, 0x020, 0x030];
const CLOCK_TICKS_PER_S = 100;

function batches(count: number): FrameRecord[][] {
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: FRAMES_PER_BATCH }, (_, i) => {
      const n = b * FRAMES_PER_BATCH + i;
      return encodedRecord({
        spacecraftId: SPACECRAFT[n % 3]!,
        apid: APIDS[Math.floor(n / 3) % 3]!,
        sequenceCount: n & 0x3fff,
        timeMs: Date.UTC(2026, 4, 1) + Math.floor(n / 9) * 1000 + (n % 9),
        stationId: `station-${n % 8}`,
      });
    }),
  );
}

/** User and system CPU of the backends serving connections named `application`, since they started. */
async function backendCpuMs(url: string, application: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    let ticks = 0;
    for (const { pid } of rows) {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1000) / CLOCK_TICKS_PER_S;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const url = await findPostgres();
  if (!url) throw new Error('PostgreSQL not reachable');
  const work = batches(Number(process.argv[2] ?? 400));
  const schema = benchSchema();
  // node-postgres names its connections after PGAPPNAME: how this run's backends are told from others.
  const application = `${schema}_commits`;
  process.env.PGAPPNAME = application;
  const store = await createPostgresStore({ connectionString: url, schema, maxConnections: 8 });
  try {
    const loadBefore = os.loadavg()[0]!;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < work.length) {
        const frames = work[next++]!;
        await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
      }
    };
    await Promise.all([lane(), lane()]);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const serverMs = (cpu.user + cpu.system) / 1000;
    const databaseMs = await backendCpuMs(url, application);
    const frames = work.length * FRAMES_PER_BATCH;
    console.log(
      `${frames} frames in ${Math.round(wallMs)} ms: ${Math.round((frames / wallMs) * 1000)} frames/s; ` +
        `CPU ${Math.round(serverMs)} ms here + ${Math.round(databaseMs)} ms in the database = ` +
        `${Math.round(frames / ((serverMs + databaseMs) / 1000))} frames per CPU-second; ` +
        `load average ${loadBefore.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}`,
    );
  } finally {
    await store.close();
    await dropSchema(url, schema);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
