// What the /live fan-out reads, declared here by the room that reads it: the composition root hands over
// these services and nothing else, so the live room depends on no room that feeds it (ingest, cluster).
import type { Clock } from '../../shared/clock';
import type { FrameDecoder } from '../../shared/codec';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { DependencyHealth } from '../health';
import type { AlarmBook } from '../limits/alarms';
import type { LimitOverrides } from '../limits/overrides';
import type { PassSchedule } from '../passes/schedule';
import type { CurrentValues } from '../state/currentValues';
import type { FleetView } from '../state/fleet';
import type { StationStatsBook } from '../state/stationStats';
import type { Store } from '../archive/types';

export interface LiveServices {
  index: DictionaryIndex;
  clock: Clock;
  /** Re-decodes archived frames for a catch-up. */
  codec: FrameDecoder;
  /** The archive's read side a catch-up needs. */
  archive: Pick<Store, 'framesReceivedSince' | 'events'>;
  current: Pick<CurrentValues, 'get' | 'parameters'>;
  alarms: Pick<AlarmBook, 'list'>;
  /** Limits changed at run time: a catch-up judges each frame by those in force when it came in. */
  limits: Pick<LimitOverrides, 'parameterFor'>;
  stations: Pick<StationStatsBook, 'stats'>;
  schedule: Pick<PassSchedule, 'spacecraftInView'>;
  fleet: Pick<FleetView, 'fleet' | 'entry'>;
  /** System alarms (archive, cluster bus) sent to every dashboard of this node. */
  health: Pick<DependencyHealth, 'list' | 'subscribe'>;
}
