// The archive seen by the rest of the server, implemented by SQLite and by PostgreSQL; nothing outside
// server/archive knows which one runs. Every method is async so that a
// networked database fits behind it; the SQLite implementation answers synchronously inside a promise.
import type {
  Alarm,
  EventSeverity,
  HistorySeries,
  StationStats,
  TelemetryEvent,
} from '../../shared/protocol/api';
import type { Limits } from '../../shared/dictionary/types';
import type { LimitChange } from '../../shared/protocol/limits';
import type { ReceivedPacket } from '../../shared/protocol/receptions';
import type { ContactCause, ContactOutcome, ContactRecord } from '../../shared/protocol/contacts';
import type { LinkCell, LinkCellQuery, LinkCellRow } from './linkCells';

/** One frame as one station heard it, decoded, ready to archive. */
export interface FrameRecord {
  stationId: string;
  spacecraftId: string;
  apid: number;
  sequenceCount: number;
  /** Packet time (onboard time of the sample), ms since the epoch. */
  timeMs: number;
  /** Virtual channel 1: recorded onboard and dumped later. */
  playback: boolean;
  /** When the server received it (server clock). */
  receivedMs: number;
  /** Earth-receive time reported by the station, if any (kept with the packet's reception). */
  ertMs: number | null;
  snrDb: number | null;
  /** The transfer frame that completed the packet at this station, when known (kept with the reception). */
  link?: FrameOfReception;
  bytes: Uint8Array;
  /**
   * The values decoded from `bytes`, for the rollups when the frame is unique. Raw samples are not stored
   * apart: the archive reads them back from the frame's bytes.
   */
  parameterIds: readonly string[];
  values: readonly number[];
  /**
   * True at the positions of `values` that the rollups leave out: a string's text code has no mean, minimum
   * or maximum (its history is read from the frames). Absent: every value is rolled up.
   */
  notRolledUp?: readonly boolean[];
}

export interface FrameOfReception {
  vcid: number;
  /** Virtual channel frame count, 0…255. */
  frameCount: number;
}

/** Counter increments for one station, written with the batch that caused them. */
export type StationCounterDelta = Omit<StationStats, 'connected' | 'spacecraftInView'>;

/** Seconds of payload downlink and bytes sent to one station, credited to a minute bucket. */
export interface DownlinkCredit {
  spacecraftId: string;
  stationId: string;
  timeMs: number;
  seconds: number;
  bytes: number;
}

/**
 * What one group commit writes, all in one transaction. Frames are de-duplicated by the database's unique key
 * (spacecraft, APID, sequence count, packet time), so the answer holds across server nodes.
 */
export interface CommitBatch {
  frames: readonly FrameRecord[];
  /** Alarms to insert or replace (by id). */
  alarms: readonly Alarm[];
  events: readonly TelemetryEvent[];
  stations: readonly StationCounterDelta[];
  downlink: readonly DownlinkCredit[];
}

/** Per frame of the batch, in order: true when this frame was new to the archive. */
export type CommitResult = boolean[];

export interface HistoryQuery {
  spacecraftId: string;
  parameterId: string;
  fromMs: number;
  toMs: number;
  maxPoints: number;
  /** The parameter is a string: its history is its latest runs of one text, read from the frames (textSeries). */
  string?: boolean;
}

export interface LatestValue {
  spacecraftId: string;
  parameterId: string;
  timeMs: number;
  value: number;
}

export interface StoredFrame {
  spacecraftId: string;
  apid: number;
  sequenceCount: number;
  timeMs: number;
  playback: boolean;
  receivedMs: number;
  bytes: Uint8Array;
}

export interface FrameQuery {
  spacecraftId?: string;
  /** Packet time window (inclusive). */
  fromMs: number;
  toMs: number;
  limit: number;
}

/** Frames received (server clock) after a moment, for a dashboard's catch-up after a reconnect. */
export interface ReceivedSinceQuery {
  spacecraftIds: readonly string[];
  afterReceivedMs: number;
  limit: number;
}

/**
 * The frames one station heard of one spacecraft within one second of packet time: the archive keeps
 * receptions summed per second (see receptionCells.ts), which is all a pass's reception summary needs.
 */
export interface ReceptionRow {
  /** Packet times of the first and the last of them. */
  firstMs: number;
  lastMs: number;
  frames: number;
  /** Those that were new to the archive. */
  uniqueFrames: number;
  /** Sum and number of the SNRs reported with them (a station may report none), and the best. */
  snrSumDb: number;
  snrCount: number;
  bestSnrDb: number | null;
}

/** Receptions of the seconds of packet time that start in [floor(fromMs to a second), toMs]. */
export interface ReceptionQuery {
  spacecraftId: string;
  stationId: string;
  fromMs: number;
  toMs: number;
}

/**
 * Packets of one spacecraft with packet time in [fromMs, toMs] and every reception of each, at most `limit`
 * packets in packet-time order; `stationId`, `apid` and `sequenceCount` narrow which packets, not which of
 * their receptions.
 */
export interface PacketReceptionQuery {
  spacecraftId: string;
  fromMs: number;
  toMs: number;
  stationId?: string;
  apid?: number;
  sequenceCount?: number;
  limit: number;
}

/** One station's packet reassembly as text, kept by the archive from a clean stop to the next start. */
export interface SavedReassembly {
  stationId: string;
  state: string;
}

export interface AlarmQuery {
  /** Only alarms that are active or not yet acknowledged. */
  openOnly?: boolean;
  spacecraftId?: string;
  /** Only alarms of these spacecraft (a partner's view), applied before the limit; absent: all. */
  spacecraftIds?: readonly string[];
  /** Only alarms raised in [openedFromMs, openedToMs] (either bound may be absent). */
  openedFromMs?: number;
  openedToMs?: number;
  limit: number;
}

export interface EventQuery {
  fromMs: number;
  toMs: number;
  spacecraftId?: string;
  /** Only events of these spacecraft and ground events (a partner's view), before the limit; absent: all. */
  spacecraftIds?: readonly string[];
  severities?: readonly EventSeverity[];
  limit: number;
}

export interface DownlinkTotal {
  spacecraftId: string;
  stationId: string;
  seconds: number;
  bytes: number;
}

/**
 * One archived packet with the station that delivered it first (its reception that was new to the archive):
 * what the ledger counts. `stationId` is null for frames archived before the archive recorded it.
 */
export interface DeliveredFrame {
  spacecraftId: string;
  stationId: string | null;
  apid: number;
  sequenceCount: number;
  timeMs: number;
  receivedMs: number;
  bytes: Uint8Array;
}

/** The frames a station brought first of a spacecraft in a window, packed (server/archive/deliveryRuns.ts). */
export interface DeliveryRun {
  spacecraftId: string;
  stationId: string | null;
  packed: Uint8Array;
}

/** Seconds in which a station heard a spacecraft, and the packets it was first to bring, in a window. */
export interface ContactTotal {
  spacecraftId: string;
  stationId: string;
  seconds: number;
  packets: number;
}

/** One closed day of the ledger as the archive keeps it (server/ledger/chain.ts says what the fields hold). */
export interface StoredLedgerDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  previousHash: string;
  hash: string;
  /** The day's records as canonical JSON. */
  records: string;
}

/** A limit change to record; `null` limits revert to the mission file's. */
export interface NewLimitChange {
  spacecraftId: string;
  parameterId: string;
  atMs: number;
  by: string;
  limits: Limits | null;
  reason: string;
}

export interface LimitChangeQuery {
  spacecraftId: string;
  parameterId: string;
  limit: number;
}

/** Limit changes made at run time: every change (never pruned) and the one in force per parameter. */
export interface LimitChangeArchive {
  /**
   * Records a change and makes it the one in force, in one transaction; `previous` is what was in force
   * there and then (null: the mission file's), so two nodes changing one parameter at once each see the other.
   */
  recordLimitChange(change: NewLimitChange): Promise<LimitChange>;
  /** The changes in force, one per spacecraft and parameter still overridden. */
  limitOverrides(): Promise<LimitChange[]>;
  /** One parameter's changes, newest first. */
  limitChanges(query: LimitChangeQuery): Promise<LimitChange[]>;
  /** Every change after the one with this id, oldest first, at most `limit` (what a node missed). */
  limitChangesAfter(afterId: number, limit: number): Promise<LimitChange[]>;
}

/** Contact records by AOS in [fromMs, toMs], oldest first. */
export interface ContactQuery {
  fromMs: number;
  toMs: number;
  spacecraftId?: string;
  stationId?: string;
  /** Only these spacecraft (a partner's view), applied before the limit; absent: all. */
  spacecraftIds?: readonly string[];
  /** Only records with one of these outcomes; absent: all. */
  outcomes?: readonly ContactOutcome[];
  limit: number;
}

export interface ContactCountQuery {
  fromMs: number;
  toMs: number;
  /** Only these spacecraft (a partner's view); absent: all. */
  spacecraftIds?: readonly string[];
}

/** How many records of one UTC day (by AOS) and station had this outcome and cause. */
export interface ContactCountRow {
  /** 00:00 UTC of the day. */
  dayMs: number;
  stationId: string;
  outcome: ContactOutcome;
  cause: ContactCause | null;
  count: number;
}

/** One spacecraft's passes with their AOS in [fromMs, toMs); orbit k is [fromMs + k·periodMs, +periodMs). */
export interface ContactOrbitQuery {
  spacecraftId: string;
  fromMs: number;
  toMs: number;
  /** Whole milliseconds. */
  periodMs: number;
}

/** What became of each predicted pass (server/contacts): one record per spacecraft, station and AOS. */
export interface ContactArchive {
  /** Writes the records in one transaction, replacing any with the same spacecraft, station and AOS. */
  saveContacts(records: readonly ContactRecord[]): Promise<void>;
  contacts(query: ContactQuery): Promise<ContactRecord[]>;
  /** Records counted per UTC day, station, outcome and cause: availability is added up from these. */
  contactCounts(query: ContactCountQuery): Promise<ContactCountRow[]>;
  /** How many of the spacecraft's orbits had a completed contact begin in them: its coverage. */
  contactOrbits(query: ContactOrbitQuery): Promise<number>;
  /** AOS of the first record and LOS of the last: the time the recorder has judged. */
  contactSpan(): Promise<{ firstAosMs: number; lastLosMs: number } | null>;
  /** LOS of the latest pass recorded, or null when none is: where the recorder carries on after a restart. */
  lastContactLosMs(): Promise<number | null>;
  /** Records still open to new evidence, by LOS, at most `limit`. */
  unsettledContacts(limit: number): Promise<ContactRecord[]>;
}

export interface Store extends LimitChangeArchive, ContactArchive {
  /**
   * Commits that may run at once: more than one only where the database orders concurrent transactions by
   * its own row locks (results are still delivered in the order the commits started).
   */
  readonly commitConcurrency: number;
  /** Writes the batch in one transaction; resolves only once it is durable. */
  commit(batch: CommitBatch): Promise<CommitResult>;
  /** At most maxPoints points per window: raw samples, or buckets with true min/max from raw or rollups. */
  history(query: HistoryQuery): Promise<HistorySeries>;
  /**
   * Newest archived value of every parameter of every spacecraft (to restore current values), one each: of a
   * parameter several packets carry, the one of the latest packet time.
   */
  latestValues(): Promise<LatestValue[]>;
  frames(query: FrameQuery): Promise<StoredFrame[]>;
  framesReceivedSince(query: ReceivedSinceQuery): Promise<StoredFrame[]>;
  receptions(query: ReceptionQuery): Promise<ReceptionRow[]>;
  /** Adds what the TM link layer counted into the link cells already there (server/archive/linkCells.ts). */
  addLinkCells(cells: readonly LinkCell[]): Promise<void>;
  /** One station's link cells of one spacecraft, in time order. */
  linkCells(query: LinkCellQuery): Promise<LinkCellRow[]>;
  /** Archived packets and the receptions of each (written in the commit that archived the packet). */
  packetReceptions(query: PacketReceptionQuery): Promise<ReceivedPacket[]>;
  alarms(query: AlarmQuery): Promise<Alarm[]>;
  /**
   * The archived alarms among these ids, however old, in no set order; ids not archived are left out. One
   * query by primary key: callers bound the ids (a shift-log entry links at most MAX_ENTRY_LINKS alarms).
   */
  alarmsByIds(ids: readonly string[]): Promise<Alarm[]>;
  events(query: EventQuery): Promise<TelemetryEvent[]>;
  /** Station counters summed over the whole archive. */
  stationCounters(): Promise<StationCounterDelta[]>;
  downlinkTotals(fromMs: number, toMs: number): Promise<DownlinkTotal[]>;
  /**
   * Frames received (server clock) in [fromMs, toMs), ordered by receive time, then spacecraft, APID, packet
   * time and sequence count: the same order on every archive, so digests over it agree.
   */
  deliveries(fromMs: number, toMs: number): Promise<DeliveredFrame[]>;
  /** The same frames, one run per station and spacecraft: what the ledger recomputes a day from. */
  deliveryRuns(fromMs: number, toMs: number): Promise<DeliveryRun[]>;
  /** Reception seconds and unique packets per spacecraft and station, packet times in [fromMs, toMs). */
  contactTotals(fromMs: number, toMs: number): Promise<ContactTotal[]>;
  /** Receive time of the oldest frame in the archive, or null when it holds none. */
  firstReceivedMs(): Promise<number | null>;
  /** Ledger days from `fromDay` to `toDay` (inclusive, YYYY-MM-DD), in date order. */
  ledgerDays(fromDay: string, toDay: string): Promise<StoredLedgerDay[]>;
  /** The newest ledger day, or null for an empty ledger. */
  lastLedgerDay(): Promise<StoredLedgerDay | null>;
  /** Appends one day; the ledger is append-only, so a day that is already there is refused (false). */
  appendLedgerDay(day: StoredLedgerDay): Promise<boolean>;
  /** Deletes frames, receptions and events older than the cutoff (alarms that are open stay; rollups stay). */
  pruneBefore(cutoffMs: number): Promise<void>;
  /** Keeps these stations' reassembly (replacing what a station had kept) until `takeReassembly`. */
  saveReassembly(saved: readonly SavedReassembly[]): Promise<void>;
  /** Everything kept by `saveReassembly`, removed from the archive as it is read. */
  takeReassembly(): Promise<SavedReassembly[]>;
  /** One round trip to the database: resolves when it answers (the health probe while it is degraded). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
