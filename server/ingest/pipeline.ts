// Frames from commit to processing. The group committer hands each committed batch to the processor; the
// processor hands the alarms, events and counters it produced back to the next commit. The two need each
// other, so they are built together here, with the commit metrics, and the composition root only says where
// the results go (live fan-out, notifier, cluster relay, archive health).
import type { Clock } from '../../shared/clock';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { AlarmBook, AlarmChange } from '../limits/alarms';
import type { LimitOverrides } from '../limits/overrides';
import type { LiveFeed } from '../live/feed';
import type { Metrics } from '../metrics';
import type { CurrentValues } from '../state/currentValues';
import type { StationStatsBook } from '../state/stationStats';
import type { StationCounterDelta, Store } from '../archive/types';
import type { ArchiveWatch } from '../archive/watch';
import { GroupCommitter } from './groupCommit';
import { TelemetryProcessor } from './processor';

export interface GroupCommitSettings {
  maxDelayMs?: number;
  maxFrames?: number;
  maxQueuedFrames?: number;
}

export interface IngestPipelineOptions {
  index: DictionaryIndex;
  clock: Clock;
  archive: Pick<Store, 'commit' | 'commitConcurrency'>;
  current: CurrentValues;
  alarms: AlarmBook;
  stations: StationStatsBook;
  live: LiveFeed;
  /** Limits changed at run time: a sample is judged against those in force when it is processed. */
  limits: LimitOverrides;
  metrics: Metrics;
  /** Told of every commit's success or failure (the archive's health on /healthz). */
  archiveWatch: Pick<ArchiveWatch, 'succeeded' | 'failed'>;
  groupCommit?: GroupCommitSettings;
  /** Hears every alarm transition (the notifier). */
  onAlarmChange: (change: AlarmChange, timeMs: number) => void;
  /** Hears the station counters each commit is about to write (the cluster relay tells its peers). */
  onStationCounters?: (deltas: readonly StationCounterDelta[]) => void;
}

export interface IngestPipeline {
  processor: TelemetryProcessor;
  committer: GroupCommitter;
}

export function createIngestPipeline(options: IngestPipelineOptions): IngestPipeline {
  const { clock, metrics, archiveWatch } = options;
  // Built first with a late-bound request: the committer it asks does not exist until the processor does.
  let committer: GroupCommitter | null = null;
  const processor = new TelemetryProcessor({
    index: options.index,
    clock,
    current: options.current,
    alarms: options.alarms,
    stations: options.stations,
    live: options.live,
    limits: options.limits,
    requestCommit: () => committer?.requestSideCommit(),
    onAlarmChange: options.onAlarmChange,
  });
  committer = new GroupCommitter(options.archive, {
    maxDelayMs: options.groupCommit?.maxDelayMs ?? 4,
    maxFrames: options.groupCommit?.maxFrames ?? 4000,
    maxInFlight: options.archive.commitConcurrency,
    maxQueuedFrames: options.groupCommit?.maxQueuedFrames,
    collectSide: (withAlarms) => {
      const side = processor.takeSide(withAlarms);
      options.onStationCounters?.(side.stations);
      return side;
    },
    alarmsPending: () => options.alarms.hasDirty(),
    onCommitted: (frames, unique, writeMs) => {
      const stored = unique.filter(Boolean).length;
      metrics.framesStored += stored;
      metrics.framesDuplicate += frames.length - stored;
      metrics.storeWrites++;
      metrics.storeWriteSeconds += writeMs / 1000;
      if (frames.length > 0) metrics.ingestLagSeconds = (clock.now() - frames[0]!.receivedMs) / 1000;
      processor.committed(frames, unique);
      archiveWatch.succeeded();
    },
    onFailed: (error) => archiveWatch.failed(error),
  });
  return { processor, committer };
}
