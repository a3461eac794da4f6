// The few services the REST routes read and act through: nothing of ingest's internals or of the live
// fan-out, only what a request needs.
import type { Clock } from '../../shared/clock';
import type { MaintenanceMark } from '../../shared/protocol/maintenance';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { StationStatsBook } from '../state/stationStats';
import type { AlarmBook, AlarmChange } from '../limits/alarms';
import type { LimitService } from '../limits/changes';
import type { PassSchedule } from '../passes/schedule';
import type { SimulatorControl } from '../sim/control';
import type { CurrentValues } from '../state/currentValues';
import type { FleetView } from '../state/fleet';
import type { Store } from '../archive/types';
import type { LedgerBook } from '../ledger/book';
import type { LedgerSigner } from '../ledger/signer';
import type { MissionReloader } from '../mission/reloader';

/** The archive's read side. */
export type ArchiveReader = Pick<
  Store,
  | 'history'
  | 'frames'
  | 'receptions'
  | 'linkCells'
  | 'packetReceptions'
  | 'alarms'
  | 'events'
  | 'downlinkTotals'
  | 'framesReceivedSince'
  | 'contactTotals'
>;

export interface ApiServices {
  index: DictionaryIndex;
  clock: Clock;
  archive: ArchiveReader;
  current: CurrentValues;
  alarms: AlarmBook;
  stations: StationStatsBook;
  schedule: PassSchedule;
  fleet: FleetView;
  /** Resolves once everything produced so far (frames, alarms, events) is committed to the archive. */
  flush(): Promise<void>;
  /** The station's planned outage overlapping a pass, if any (maintenance windows). */
  plannedOutage(stationId: string, aosMs: number, losMs: number): MaintenanceMark | null;
  /** True when the user exists and may see that spacecraft's alarms (who an alarm may be assigned to). */
  maySeeAlarmsOf(username: string, spacecraftId: string): Promise<boolean>;
  /** Records an alarm transition made by a user (event log, live, archive). */
  alarmChanged(change: AlarmChange, timeMs: number): void;
  /** The embedded simulator, when it runs in this process. */
  simulator: SimulatorControl | undefined;
  /** The ledger of deliveries between partners and the key that signs its statements. */
  ledger: { book: LedgerBook; signer: LedgerSigner };
  /** Limits changed at run time: change, revert, history. */
  limits: LimitService;
  /** Reloads the mission folder, when the process was started from one (server/index.ts). */
  missionReloader: MissionReloader | undefined;
}
