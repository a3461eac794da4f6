// Benchmark 7, reconnect: a dashboard charting one parameter while a station feeds it, through three
// interruptions: its transport cut for 5 s, cut for 60 s (8 s with --quick), and a restart of the server on
// the same archive. Afterwards every sample of every frame the server acknowledged as stored must have
// reached the dashboard (socket.io's connection state recovery, or the archive catch-up from the last update
// seen), and the time from reconnection to the last missing sample is the resynchronisation time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DICTIONARY } from '../../server/mission/shipped';
import type { LiveUpdate } from '../../shared/protocol';
import { latencyRow, valueRow } from '../harness/rows';
import { startServerProcess, type ServerProcess } from '../harness/serverProcess';
import type { BenchContext, ResultRow } from '../harness/types';
import { liveSocket, signIn, type DashboardSocket } from '../workloads/dashboard';
import { FrameFactory } from '../workloads/frameFactory';
import { STREAM_START_MS } from '../workloads/ingestRun';
import { connectStation, type StationSocket } from '../workloads/station';

const SPACECRAFT = 'kazeosat-1';
const PARAMETER = 'eps.batt_voltage';
const FRAMES_PER_S = 20;
const TOKENS: [string, string][] = [['bench-1', 'token-1']];
const RESYNC_WAIT_MS = 10_000;

/**
 * The dashboard side, behaving as client/api/live.ts does: on every connection after the first it subscribes
 * again with sinceMs (the server time of the newest update seen), recovered session or not, since updates in
 * flight when the transport dropped are not part of socket.io's recovery.
 */
class Watcher {
  readonly received = new Set<number>();
  lastServerTimeMs = 0;
  socket: DashboardSocket;

  constructor(url: string, cookie: string) {
    this.socket = liveSocket(url, cookie, { reconnectionDelayMax: 500 });
    this.socket.on('update', (update) => this.take(update));
    this.socket.on('connect', () => void this.subscribe());
  }

  private take(update: LiveUpdate): void {
    this.lastServerTimeMs = Math.max(this.lastServerTimeMs, update.serverTimeMs);
    for (const sample of update.samples ?? [])
      if (sample.parameterId === PARAMETER) this.received.add(sample.t);
  }

  async subscribe(): Promise<void> {
    const since = this.lastServerTimeMs > 0 ? { sinceMs: this.lastServerTimeMs } : {};
    const reply = await this.socket.timeout(10_000).emitWithAck('subscribe', {
      fleet: false,
      spacecraft: [SPACECRAFT],
      parameters: [PARAMETER],
      ...since,
    });
    if ('data' in reply) this.take(reply.data);
  }

  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }
}

/** Sends EPS frames of one spacecraft at a steady rate and remembers which were acknowledged as stored. */
class Feeder {
  readonly stored = new Set<number>();
  private n = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly factory = new FrameFactory(DICTIONARY);

  start(station: StationSocket): void {
    this.stop();
    this.timer = setInterval(() => {
      const timeMs = STREAM_START_MS + this.n * 1000;
      const bytes = this.factory.frame(
        { spacecraft: 0, packet: 0, sequenceCount: this.n & 0x3fff, timeMs },
        this.n,
      );
      this.n++;
      station.emit('frames', [{ bytes }], (ack) => {
        if ('results' in ack && ack.results[0]?.ok) this.stored.add(timeMs);
      });
    }, 1000 / FRAMES_PER_S);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the dashboard has every sample of the frames stored before it reconnected (at `fromMs`);
 * returns the time that took and what is still missing after RESYNC_WAIT_MS.
 */
async function resync(
  watcher: Watcher,
  feeder: Feeder,
  fromMs: number,
): Promise<{ ms: number; missing: number }> {
  const wanted = [...feeder.stored];
  while (performance.now() - fromMs < RESYNC_WAIT_MS) {
    if (wanted.every((t) => watcher.received.has(t))) return { ms: performance.now() - fromMs, missing: 0 };
    await sleep(2);
  }
  return { ms: RESYNC_WAIT_MS, missing: wanted.filter((t) => !watcher.received.has(t)).length };
}

async function cut(watcher: Watcher, feeder: Feeder, outageMs: number) {
  watcher.socket.io.reconnection(false);
  watcher.socket.io.engine.close();
  await sleep(outageMs);
  watcher.socket.io.reconnection(true);
  watcher.socket.connect();
  await watcher.connected();
  const recovered = watcher.socket.recovered;
  return { ...(await resync(watcher, feeder, performance.now())), recovered };
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const longCutMs = context.quick ? 8_000 : 60_000;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-reconnect-'));
  let server: ServerProcess = await startServerProcess({ kind: 'ortaq', dataDir, stationTokens: TOKENS });
  const port = Number(new URL(server.url).port);
  const feeder = new Feeder();
  let station = await connectStation(server.url, ...TOKENS[0]!);
  const watcher = new Watcher(server.url, await signIn(server.url));
  const results: { label: string; ms: number; missing: number; how: string }[] = [];
  try {
    await watcher.connected();
    feeder.start(station);
    await sleep(3000);
    for (const outageMs of [5000, longCutMs]) {
      context.log(`cutting the dashboard's transport for ${outageMs / 1000} s`);
      const outcome = await cut(watcher, feeder, outageMs);
      results.push({
        label: `transport cut ${outageMs / 1000} s`,
        ...outcome,
        how: outcome.recovered ? 'state recovery' : 'archive catch-up',
      });
      await sleep(2000);
    }
    context.log('restarting the server on the same archive');
    feeder.stop();
    station.close();
    await server.stop();
    server = await startServerProcess({ kind: 'ortaq', dataDir, stationTokens: TOKENS, port });
    station = await connectStation(server.url, ...TOKENS[0]!);
    feeder.start(station);
    await watcher.connected();
    const restart = await resync(watcher, feeder, performance.now());
    results.push({
      label: 'server restart',
      ...restart,
      how: watcher.socket.recovered ? 'state recovery' : 'archive catch-up',
    });
    // Last, the whole run: every frame ever stored, including those around each interruption.
    await sleep(1500);
    feeder.stop();
    await sleep(1000);
    const all = await resync(watcher, feeder, performance.now());
    results.push({ label: 'whole run', ms: 0, missing: all.missing, how: 'end of run' });
  } finally {
    feeder.stop();
    watcher.socket.close();
    station.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of results)
    context.log(`${r.label}: ${r.how}, ${r.missing} missing, resynchronised in ${r.ms.toFixed(0)} ms`);
  const bench = 'reconnect';
  const workload = `1 dashboard, ${FRAMES_PER_S} frames/s; cut 5 s, cut ${longCutMs / 1000} s, restart`;
  return [
    valueRow(
      {
        bench,
        metric: 'samples missing after reconnecting',
        workload,
        unit: 'samples',
        target: { value: 0, better: 'lower', on: 'median' },
        note: results.map((r) => `${r.label}: ${r.missing} (${r.how})`).join('; '),
      },
      results.find((r) => r.label === 'whole run')?.missing ?? NaN,
    ),
    latencyRow(
      {
        bench,
        metric: 'resynchronised after reconnecting (worst case)',
        workload,
        unit: 'ms',
        target: { value: 1000, better: 'lower', on: 'p99' },
        note: results
          .filter((r) => r.label !== 'whole run')
          .map((r) => `${r.label}: ${r.ms.toFixed(0)} ms`)
          .join('; '),
      },
      results.filter((r) => r.label !== 'whole run').map((r) => r.ms),
    ),
  ];
}
