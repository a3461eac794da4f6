// The TM space data link on one core: fixed 1115-octet transfer frames of about eight packets each, decoded
// (header, FECF, OCF) and run through packet extraction by First Header Pointer, as the ingest does for every
// frame a station forwards. Baselines in the same run: the FECF's CRC alone over the same frames (the floor
// any decoder pays), and the bare socket.io transport carrying the same frames from 8 stations (how many
// packets a second the sockets can bring in at all).
import fs from 'node:fs';
import { crc16CcittFalse } from '../../shared/codec/crc16';
import { DEFAULT_LINK, LinkTable, PacketExtractor, emptyLinkCounts } from '../../shared/link';
import { seededRandom } from '../harness/random';
import { rateRow, valueRow } from '../harness/rows';
import { median } from '../harness/stats';
import type { BenchContext, ResultRow } from '../harness/types';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from '../harness/appOptions';
import { latencyRow } from '../harness/rows';
import { runIngest, type IngestOutcome } from '../workloads/ingestRun';
import { HK130_VALUES, tmFrameStream, tmLaneSource } from '../workloads/tmFrames';

const SCID = 101;
const FRAMES = 20_480;
const PACKET_BYTES = { min: 100, max: 175 };

interface Pass {
  packets: number;
  rejected: number;
  lostFrames: number;
  checksum: number;
}

function extractPass(table: LinkTable, frames: readonly Uint8Array[]): Pass {
  const extractor = new PacketExtractor();
  const pass: Pass = { packets: 0, rejected: 0, lostFrames: 0, checksum: 0 };
  const reception = { stationId: 'bench', ertMs: NaN, nowMs: 0, maxPacketBytes: DEFAULT_LINK.maxPacketBytes };
  const counts = emptyLinkCounts();
  for (let i = 0; i < frames.length; i++) {
    const bytes = frames[i]!;
    const decoded = table.decode(bytes);
    if (!decoded.ok) {
      pass.rejected++;
      continue;
    }
    const packets = extractor.push(reception, decoded.frame, bytes, counts);
    pass.packets += packets.length;
    // Touch each packet so that the work cannot be optimised away.
    for (const packet of packets) pass.checksum += packet[3]!;
  }
  pass.lostFrames = counts.lost_frames;
  return pass;
}

function crcPass(frames: readonly Uint8Array[]): number {
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) checksum ^= crc16CcittFalse(frames[i]!, 0, frames[i]!.length - 2);
  return checksum;
}

function timed(work: () => void): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
}

async function transportPacketsPerSecond(
  frames: readonly Uint8Array[],
  packetsPerFrame: number,
  durationMs: number,
) {
  const echo = await runIngest({
    server: 'echo',
    lanes: Array.from({ length: 8 }, (_, i) => i),
    durationMs,
    batchFrames: 100,
    window: 2,
    frame: (lane, n) => frames[(lane * 2_560 + n) % frames.length]!,
  });
  fs.rmSync(echo.dataDir, { recursive: true, force: true });
  return {
    perSecond: median(echo.storedPerSecond) * packetsPerFrame,
    framesPerSecond: median(echo.storedPerSecond),
  };
}

const STATIONS = 8;
const TM_BATCH = 10;
/** Asked over HTTP through the ingest runs: how long a dashboard's request waits on a server busy ingesting. */
const PROBE_PATH = '/healthz';

/** Frames in the archive after a SIGKILL: opened read-write so that SQLite recovers its write-ahead log. */
function archivedAfterKill(dataDir: string): number {
  const db = new Database(path.join(dataDir, SQLITE_FILE));
  try {
    return (db.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function tmIngestRows(context: BenchContext): Promise<ResultRow[]> {
  const durationMs = context.quick ? 6_000 : 30_000;
  const lanes = Array.from({ length: STATIONS }, (_, i) => i);
  context.log(`TM frames over the bare transport, ${durationMs / 1000} s`);
  const echoLanes = tmLaneSource('hk130');
  const echo = await runIngest({
    server: 'echo',
    lanes,
    durationMs,
    batchFrames: TM_BATCH,
    window: 2,
    frame: echoLanes.frame,
  });
  fs.rmSync(echo.dataDir, { recursive: true, force: true });
  fs.rmSync(echoLanes.missionDir!, { recursive: true, force: true });
  const perFrame = echoLanes.packetsPerFrame();
  const ortaqLanes = tmLaneSource('hk130');
  context.log(`Ortaq on SQLite with TM frames, ${durationMs / 1000} s, ended by SIGKILL`);
  const ortaq: IngestOutcome = await runIngest({
    server: 'ortaq',
    lanes,
    durationMs,
    batchFrames: TM_BATCH,
    window: 2,
    frame: ortaqLanes.frame,
    event: 'tmFrames',
    kill: true,
    mission: ortaqLanes.missionDir!,
    probePath: PROBE_PATH,
  });
  fs.rmSync(ortaqLanes.missionDir!, { recursive: true, force: true });
  const archived = archivedAfterKill(ortaq.dataDir);
  fs.rmSync(ortaq.dataDir, { recursive: true, force: true });
  const note = `${ortaq.stored} packets acked stored, ${ortaq.rejected} rejected, ${ortaq.failedBatches} failed batches`;
  context.log(`${note}; archive holds ${archived} after SIGKILL`);
  const bench = 'link';
  const workload = `${STATIONS} stations, 'tmFrames' batches of ${TM_BATCH} × 1115 octets (${perFrame.toFixed(1)} housekeeping packets of 130 octets a frame, ${HK130_VALUES} limit-checked values each), 2 in flight, ${durationMs / 1000} s`;
  return [
    rateRow(
      {
        bench,
        metric: 'TM frames: ingest to durable, SQLite',
        workload,
        unit: 'packets/s',
        target: { value: 50_000, better: 'higher', on: 'median' },
        baseline: {
          name: 'socket.io transport of the same frames',
          median: median(echo.storedPerSecond) * perFrame,
        },
        note,
      },
      ortaq.storedPerSecond,
    ),
    latencyRow(
      {
        bench,
        metric: 'TM frames: ack latency, SQLite',
        workload,
        unit: 'ms',
        target: { value: 250, better: 'lower', on: 'p99' },
        baseline: { name: 'transport only', median: median(echo.ackLatenciesMs) },
      },
      ortaq.ackLatenciesMs,
    ),
    latencyRow(
      {
        bench,
        metric: 'TM frames: an HTTP request while ingesting, SQLite',
        workload: `GET ${PROBE_PATH}, one request at a time through the ingest run above`,
        unit: 'ms',
      },
      ortaq.probeLatenciesMs,
    ),
    valueRow(
      {
        bench,
        metric: 'TM frames: acked packets missing after SIGKILL',
        workload: 'archive read back after the server was killed mid-stream',
        unit: 'packets',
        target: { value: 0, better: 'lower', on: 'median' },
      },
      Math.max(0, ortaq.stored - archived),
    ),
    valueRow(
      {
        bench,
        metric: 'TM frames: ingest per server CPU-second, SQLite',
        workload,
        unit: 'packets/CPU-s',
        baseline: {
          name: 'transport only',
          median: (echo.stored * perFrame) / (echo.serverCpuMs / 1000),
        },
        note: "packets stored per second of Ortaq's CPU time, the figure least moved by other load",
      },
      ortaq.stored / (ortaq.serverCpuMs / 1000),
    ),
  ];
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const samples = context.quick ? 5 : 15;
  const table = new LinkTable([{ scid: SCID, link: DEFAULT_LINK }]);
  const stream = tmFrameStream(seededRandom(17), FRAMES, PACKET_BYTES, DEFAULT_LINK, SCID);
  const packetsPerFrame = stream.packets / FRAMES;
  context.log(
    `${FRAMES} frames of ${DEFAULT_LINK.frameBytes} octets, ${packetsPerFrame.toFixed(2)} packets a frame`,
  );

  const rates: number[] = [];
  const crcRates: number[] = [];
  let last: Pass | undefined;
  let check = 0;
  for (let s = -2; s < samples; s++) {
    let pass: Pass | undefined;
    const extractS = timed(() => (pass = extractPass(table, stream.frames)));
    const crcS = timed(() => (check ^= crcPass(stream.frames)));
    if (s < 0) continue; // warm-up
    rates.push(pass!.packets / extractS);
    crcRates.push(pass!.packets / crcS);
    last = pass;
  }
  if (!last || last.rejected > 0 || last.lostFrames > 0) throw new Error(`bad pass: ${JSON.stringify(last)}`);
  context.log(`checksum ${last.checksum + check}; ${last.packets} packets a pass`);

  const transportMs = context.quick ? 4_000 : 15_000;
  context.log(`socket.io transport of the same frames from 8 stations, ${transportMs / 1000} s`);
  const transport = await transportPacketsPerSecond(stream.frames, packetsPerFrame, transportMs);

  const bench = 'link';
  const workload = `${FRAMES} frames × ${DEFAULT_LINK.frameBytes} octets, FECF + OCF, ${packetsPerFrame.toFixed(1)} packets a frame, in order`;
  const ingestRows = await tmIngestRows(context);
  return [
    rateRow(
      {
        bench,
        metric: 'TM frame decode + packet extraction, one core',
        workload,
        unit: 'packets/s',
        target: { value: 1_000_000, better: 'higher', on: 'median' },
        baseline: { name: 'socket.io transport of the same frames, 8 stations', median: transport.perSecond },
        note: `frames/s = packets/s ÷ ${packetsPerFrame.toFixed(2)}; transport carried ${Math.round(transport.framesPerSecond)} frames/s`,
      },
      rates,
    ),
    rateRow(
      {
        bench,
        metric: 'FECF CRC alone over the same frames (floor)',
        workload,
        unit: 'packets/s',
        baseline: { name: 'decode + extraction', median: median(rates) },
      },
      crcRates,
    ),
    valueRow(
      {
        bench,
        metric: 'TM frames: socket.io transport only (baseline)',
        workload: '8 stations, batches of 100 frames, 2 in flight',
        unit: 'packets/s',
        note: `${Math.round(transport.framesPerSecond)} frames/s × ${packetsPerFrame.toFixed(2)}`,
      },
      transport.perSecond,
    ),
    ...ingestRows,
  ];
}
