// A station at a fixed rate (open loop): one batch every interval whatever the acks do, as a real station
// forwards what it hears. Two deployments given the same paced load did the same work, so their CPU time per
// frame compares (a closed-loop station sends more to a faster server, and bigger batches cost less a frame).
import type { BatchAck, BatchFrame } from '../../shared/protocol';
import type { StationSocket } from './station';

export interface PacedLoad {
  /** The n-th frame this station sends. */
  frame(n: number): Uint8Array;
  /** Index of the first frame (a second phase continues the stream of the first). */
  firstFrame?: number;
  batchFrames: number;
  intervalMs: number;
  durationMs: number;
  /** Batches left unsent while this many are unacknowledged: a server that falls behind is not buried. */
  maxInFlight?: number;
}

export interface PacedRun {
  sent: number;
  stored: number;
  duplicate: number;
  rejected: number;
  /** Batches whose ack was an error or never came, and ticks skipped because too many were in flight. */
  failedBatches: number;
  skippedBatches: number;
  ackLatenciesMs: number[];
  /** The next frame index (where a following phase starts). */
  nextFrame: number;
}

const DRAIN_MS = 10_000;

export function runPacedStation(socket: StationSocket, load: PacedLoad): Promise<PacedRun> {
  const run: PacedRun = {
    sent: 0,
    stored: 0,
    duplicate: 0,
    rejected: 0,
    failedBatches: 0,
    skippedBatches: 0,
    ackLatenciesMs: [],
    nextFrame: load.firstFrame ?? 0,
  };
  const maxInFlight = load.maxInFlight ?? 20;
  let inFlight = 0;
  let sending = true;
  return new Promise((resolve) => {
    let drainTimer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (drainTimer) clearTimeout(drainTimer);
      resolve(run);
    };
    const tick = () => {
      if (inFlight >= maxInFlight) {
        run.skippedBatches++;
        return;
      }
      const batch: BatchFrame[] = [];
      const ert = Date.now();
      for (let i = 0; i < load.batchFrames; i++) batch.push({ ert, bytes: load.frame(run.nextFrame + i) });
      run.nextFrame += load.batchFrames;
      run.sent += load.batchFrames;
      inFlight++;
      const emitted = performance.now();
      socket.timeout(DRAIN_MS).emit('frames', batch, (error: Error | null, ack?: BatchAck) => {
        inFlight--;
        if (error || !ack || 'error' in ack) run.failedBatches++;
        else {
          run.ackLatenciesMs.push(performance.now() - emitted);
          for (const result of ack.results) {
            if (!result.ok) run.rejected++;
            else if (result.status === 'stored') run.stored++;
            else run.duplicate++;
          }
        }
        if (!sending && inFlight === 0) finish();
      });
    };
    const timer = setInterval(tick, load.intervalMs);
    setTimeout(() => {
      clearInterval(timer);
      sending = false;
      if (inFlight === 0) finish();
      else drainTimer = setTimeout(finish, DRAIN_MS);
    }, load.durationMs);
  });
}
