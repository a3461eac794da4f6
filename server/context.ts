// The services one Ortaq server is made of, built once by createApp and handed to the REST routes, the
// ingest namespace and the live fan-out.
import type { Clock } from '../shared/clock';
import type { FrameCodec } from '../shared/codec';
import type { DictionaryIndex } from '../shared/dictionary';
import type { GroupCommitter } from './ingest/groupCommit';
import type { TelemetryProcessor } from './ingest/processor';
import type { StationStatsBook } from './ingest/stationStats';
import type { AlarmBook } from './limits/alarms';
import type { LimitService } from './limits/changes';
import type { LiveFeed } from './live/feed';
import type { DependencyHealth } from './health';
import type { Metrics } from './metrics';
import type { PassSchedule } from './passes/schedule';
import type { SimulatorControl } from './sim/control';
import type { CurrentValues } from './state/currentValues';
import type { FleetView, StatusThresholds } from './state/fleet';
import type { Store } from './archive/types';

export interface AppContext {
  index: DictionaryIndex;
  codec: FrameCodec;
  clock: Clock;
  store: Store;
  current: CurrentValues;
  alarms: AlarmBook;
  stations: StationStatsBook;
  schedule: PassSchedule;
  fleet: FleetView;
  processor: TelemetryProcessor;
  committer: GroupCommitter;
  metrics: Metrics;
  health: DependencyHealth;
  live: LiveFeed;
  thresholds: StatusThresholds;
  simulator: SimulatorControl | undefined;
  /** Limits changed at run time: what the limit check reads for each spacecraft. */
  limits: LimitService;
}
