// A partner ground station as a load generator: a stock socket.io client on /ingest that keeps a fixed
// number of batches in flight (closed loop: the next batch leaves when an ack returns, so the measured rate
// is what the server sustains, not what the client can push) and records every batch's ack latency.
import { io, type Socket } from 'socket.io-client';
import {
  INGEST_NAMESPACE,
  type BatchAck,
  type BatchFrame,
  type TmBatchAck,
  type IngestClientEvents,
  type IngestServerEvents,
} from '../../shared/protocol';

export type StationSocket = Socket<IngestServerEvents, IngestClientEvents>;

export interface StationCounts {
  sent: number;
  stored: number;
  duplicate: number;
  rejected: number;
  /** Batches whose ack was an error or never came. */
  failedBatches: number;
}

export interface StationRun extends StationCounts {
  /** One entry per acknowledged batch: emit to ack, ms. */
  ackLatenciesMs: number[];
  /** Per acknowledged batch: when the ack came (performance.now()) and how many frames it stored. */
  ackAtMs: number[];
  ackStored: number[];
  startedAtMs: number;
  elapsedMs: number;
}

export interface StationLoad {
  /** The n-th frame this station sends. */
  frame(n: number): Uint8Array;
  batchFrames: number;
  /** Batches in flight at once. */
  window: number;
  /** Stop starting batches after this long. */
  durationMs: number;
  /** Or after this many frames, whichever comes first. */
  maxFrames?: number;
  /** Longest wait for the last acks once sending stopped. */
  drainTimeoutMs?: number;
  /** `tmFrames`: fixed-length TM transfer frames, whose acks count the packets each completed. */
  event?: 'frames' | 'tmFrames';
}

export function connectStation(url: string, stationId: string, token: string): Promise<StationSocket> {
  const socket: StationSocket = io(`${url}${INGEST_NAMESPACE}`, {
    auth: { stationId, token },
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`station ${stationId}: ${error.message}`));
    });
  });
}

function tally(counts: StationCounts, ack: BatchAck | TmBatchAck, size: number): void {
  if ('error' in ack) {
    counts.failedBatches++;
    counts.rejected += size;
    return;
  }
  for (const result of ack.results) {
    if (!result.ok) counts.rejected++;
    else if ('packets' in result) {
      // A TM frame: what counts is the packets it completed.
      counts.stored += result.packets;
      counts.duplicate += result.duplicates;
      counts.rejected += result.rejectedPackets;
    } else if (result.status === 'stored') counts.stored++;
    else counts.duplicate++;
  }
}

export function runStation(socket: StationSocket, load: StationLoad): Promise<StationRun> {
  const counts: StationCounts = { sent: 0, stored: 0, duplicate: 0, rejected: 0, failedBatches: 0 };
  const ackLatenciesMs: number[] = [];
  const ackAtMs: number[] = [];
  const ackStored: number[] = [];
  const started = performance.now();
  const maxFrames = load.maxFrames ?? Number.POSITIVE_INFINITY;
  let inFlight = 0;
  return new Promise((resolve) => {
    let done = false;
    // A server that stops answering must not hang the benchmark: give up on acks after the drain time.
    const deadline = setTimeout(() => finish(), load.durationMs + (load.drainTimeoutMs ?? 10_000));
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      resolve({
        ...counts,
        ackLatenciesMs,
        ackAtMs,
        ackStored,
        startedAtMs: started,
        elapsedMs: performance.now() - started,
      });
    };
    const sendNext = (): void => {
      if (done) return;
      const elapsed = performance.now() - started;
      if (elapsed >= load.durationMs || counts.sent >= maxFrames) {
        if (inFlight === 0) finish();
        return;
      }
      const size = Math.min(load.batchFrames, maxFrames - counts.sent);
      const batch: BatchFrame[] = [];
      const ert = Date.now();
      for (let i = 0; i < size; i++) batch.push({ ert, bytes: load.frame(counts.sent + i) });
      counts.sent += size;
      inFlight++;
      const emitted = performance.now();
      const onAck = (ack: BatchAck | TmBatchAck) => {
        const now = performance.now();
        const storedBefore = counts.stored;
        inFlight--;
        tally(counts, ack, size);
        ackLatenciesMs.push(now - emitted);
        ackAtMs.push(now);
        ackStored.push(counts.stored - storedBefore);
        sendNext();
      };
      if (load.event === 'tmFrames') socket.emit('tmFrames', batch, onAck);
      else socket.emit('frames', batch, onAck);
    };
    for (let i = 0; i < load.window; i++) sendNext();
  });
}
