// Frames the simulator delivers in-process while it flies the past in fast-forward: the same decoding,
// de-duplication, group commit and processing as frames from /ingest (rollups, counters, alarms, events,
// downlink credits), without the socket transport. A day of history is ~170,000 frames: over sockets they
// would cost the rate limits and the transport's time, and the stations' reconnect buffers would overflow.
import type { FrameDecoder } from '../../shared/codec';
import type { FrameRecord } from '../archive/types';
import type { Metrics } from '../metrics';
import type { GroupCommitter } from './groupCommit';
import { decodeForArchive } from './record';
import type { StationStatsBook } from '../state/stationStats';

/** One frame as one station received it, at its Earth-receive time. */
export interface LocalFrame {
  stationId: string;
  ertMs: number;
  snrDb: number;
  bytes: Uint8Array;
}

export interface LocalIngestDeps {
  codec: FrameDecoder;
  committer: Pick<GroupCommitter, 'submit'>;
  stations: Pick<StationStatsBook, 'reject'>;
  metrics: Pick<Metrics, 'reject' | 'framesIn'>;
  mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
  /** Frames submitted at once (the group commit's batch size). */
  batchFrames: number;
}

/** What the caller chooses; the composition root adds the pipeline's services. */
export type LocalIngestOptions = Pick<LocalIngestDeps, 'mayDeliver' | 'batchFrames'>;

/**
 * Returns the delivery function: resolves once every frame is committed and processed; rejects when the
 * archive refuses a commit. Each frame counts as received at its Earth-receive time: in the history being
 * filled, that is when the station heard it.
 */
export function localIngest(deps: LocalIngestDeps): (frames: readonly LocalFrame[]) => Promise<void> {
  return async (frames) => {
    let batch: FrameRecord[] = [];
    for (const frame of frames) {
      deps.metrics.framesIn++;
      const prepared = decodeForArchive(
        { codec: deps.codec, stationId: frame.stationId, mayDeliver: deps.mayDeliver },
        { ert: frame.ertMs, snrDb: frame.snrDb },
        frame.bytes,
        frame.ertMs,
      );
      if (!prepared.ok) {
        deps.stations.reject(frame.stationId, prepared.error);
        deps.metrics.reject(prepared.error);
        continue;
      }
      batch.push(prepared.record);
      if (batch.length >= deps.batchFrames) {
        await deps.committer.submit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await deps.committer.submit(batch);
  };
}
