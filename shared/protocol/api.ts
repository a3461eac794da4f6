// REST payloads served under /api. The server builds them, the dashboard reads them: declared once, here.
import type { MaintenanceMark } from './maintenance';
import { z } from 'zod';
import type { PartnerId, Subsystem } from '../dictionary/types';
import type { StatusFacts } from './status';
import type { ClcwState } from '../link/clcw';
import type { LinkCounts } from '../link/counts';
import type { IngestErrorCode } from './ingest';
import type { DownlinkState, LimitLevel, LimitState, SpacecraftStatus } from './status';

/** Every REST error: a short machine-readable code and a detail for people (e.g. zod issues). */
export interface ApiError {
  error: string;
  detail?: unknown;
}

export interface NextContact {
  stationId: string;
  aosMs: number;
  losMs: number;
}

export interface FleetEntry {
  spacecraftId: string;
  status: SpacecraftStatus;
  lastFrameMs: number | null;
  socPercent: number | null;
  adcsMode: string | null;
  downlink: DownlinkState | null;
  storageFillPercent: number | null;
  /** Stations whose frames of this spacecraft arrive now ("in contact" means frames, not predictions). */
  stationsInContact: string[];
  /** Stations that should hear it now by the pass prediction but have not heard it lately. */
  stationsExpected: string[];
  nextContact: NextContact | null;
  /**
   * Active alarms by level (acknowledged or not), and alarms nobody acknowledged yet (active or not). Null for
   * a partner that sees the spacecraft at `status` level only (see FLEET_STATUS_FIELDS).
   */
  activeAlarms: { yellow: number; red: number; unacknowledged: number } | null;
  /**
   * Worst current limit level per subsystem, for the fleet health matrix. A subsystem with no value
   * received yet is absent: no data is never reported as nominal. Null at `status` level.
   */
  subsystems: Partial<Record<Subsystem, LimitLevel>> | null;
  /** What `status` was decided from, so the dashboard can keep it current between updates. */
  facts: StatusFacts;
}

/**
 * What a partner that sees a spacecraft only at the agreement's `status` level is told of it: the fleet status
 * line (state and what it is decided from, battery, attitude mode, last frame, contacts). Everything else of a FleetEntry (downlink state,
 * storage fill, alarm counts, per-subsystem limit levels) needs `telemetry`; the server sends it as null.
 */
export const FLEET_STATUS_FIELDS = [
  'spacecraftId',
  'status',
  'lastFrameMs',
  'socPercent',
  'adcsMode',
  'stationsInContact',
  'stationsExpected',
  'nextContact',
  'facts',
] as const satisfies readonly (keyof FleetEntry)[];

export interface FleetResponse {
  serverTimeMs: number;
  fleet: FleetEntry[];
}

export interface ParameterValue {
  parameterId: string;
  timeMs: number;
  raw: number;
  value: number;
  /** Name of the enum state, for parameters that have states; a string parameter's text. */
  text?: string;
  limit: LimitState;
}

export interface SpacecraftDetail {
  serverTimeMs: number;
  summary: FleetEntry;
  parameters: ParameterValue[];
}

export interface HistoryPoint {
  t: number;
  /** The sample, or the bucket mean when downsampled. */
  v: number;
  min: number;
  max: number;
  /** Samples behind this point (1 for a raw sample). */
  n: number;
  /** True when the sample came from a playback dump (recorded onboard, received later). */
  playback?: boolean;
  /**
   * A string parameter's text. Its history is one point per run of one text: `t` the run's first sample, `n`
   * its samples, `v` the text's code.
   */
  text?: string;
}

export interface HistorySeries {
  parameterId: string;
  /** True when a point stands for several samples (buckets; a string's runs of one text). */
  downsampled: boolean;
  /** Bucket width when downsampled into buckets. */
  bucketMs?: number;
  points: HistoryPoint[];
  /**
   * Set when the series starts later than the window, at this time: a string parameter's history is read
   * back from the window's end, at most maxPoints runs from a bounded number of frames
   * (server/archive/historyPoints.ts TEXT_HISTORY_FRAMES); a window ending here gives the texts before.
   */
  startsAtMs?: number;
}

export interface HistoryResponse {
  spacecraftId: string;
  from: number;
  to: number;
  series: HistorySeries[];
}

export interface StationStats {
  stationId: string;
  connected: boolean;
  framesReceived: number;
  uniqueFrames: number;
  duplicates: number;
  rejects: Partial<Record<IngestErrorCode, number>>;
  lastFrameMs: number | null;
  bestSnrDb: number | null;
  spacecraftInView: string[];
  /**
   * What the TM link layer counted for this station since the server started, per spacecraft and virtual
   * channel (docs/link.md); absent for a station that sent no TM transfer frames.
   */
  link?: StationLinkChannel[];
}

export interface StationLinkChannel {
  spacecraftId: string;
  vcid: number;
  counts: LinkCounts;
  /** The last CLCW state heard on this channel, or null for a channel without OCF. */
  clcw: ClcwState | null;
}

export interface StationsResponse {
  stations: StationStats[];
}

/** How one station heard one pass. */
export interface PassReception {
  stationId: string;
  frames: number;
  uniqueFrames: number;
  meanSnrDb: number | null;
  bestSnrDb: number | null;
  /** Gaps of more than a few seconds between frames inside the pass. */
  gaps: { fromMs: number; toMs: number }[];
  /**
   * What the TM link layer counted for this station within this pass's AOS–LOS (earth-receive time), or
   * absent when the station sent no TM transfer frames of the spacecraft then.
   */
  link?: PassLink;
}

/** One station's TM link over one pass of one spacecraft (docs/link.md). */
export interface PassLink {
  /** Per virtual channel: the counts within the pass and the last CLCW heard (null without OCF). */
  channels: { vcid: number; counts: LinkCounts; clcw: ClcwState | null }[];
  /** Frames that failed their FECF while their header named this spacecraft. */
  fecfFailures: number;
}

/** A predicted pass of a spacecraft over a station, above the station's elevation mask. */
export interface PassPrediction {
  spacecraftId: string;
  stationId: string;
  /** Acquisition of signal: the spacecraft rises above the mask. */
  aosMs: number;
  /** Time of maximum elevation. */
  tcaMs: number;
  /** Loss of signal: the spacecraft sets below the mask. */
  losMs: number;
  maxElevationDeg: number;
  aosAzimuthDeg: number;
  losAzimuthDeg: number;
}

export interface Pass extends PassPrediction {
  /** Filled for passes that have begun. */
  reception?: PassReception;
  /** The station's planned outage covers the pass: not heard is planned, not a failure. */
  planned?: MaintenanceMark;
  bytesDownlinked?: number;
}

export interface PassesResponse {
  from: number;
  to: number;
  passes: Pass[];
}

export type AlarmKind = 'limit' | 'state' | 'link';

export interface AlarmAcknowledgement {
  by: string;
  atMs: number;
  comment: string;
}

export interface Alarm {
  id: string;
  spacecraftId: string;
  /** Null for link alarms (spacecraft stale or lost). */
  parameterId: string | null;
  kind: AlarmKind;
  level: Exclude<LimitLevel, 'nominal'>;
  side?: LimitState['side'];
  context?: string;
  /** Condition still present. */
  active: boolean;
  openedAtMs: number;
  clearedAtMs: number | null;
  lastValue: number | null;
  worstValue: number | null;
  /** Raised by a playback frame: it happened at openedAtMs but was discovered at discoveredAtMs. */
  playback: boolean;
  discoveredAtMs: number;
  acknowledged: AlarmAcknowledgement | null;
  shelvedUntilMs: number | null;
  /** Raised in a maintenance window: recorded, neither sounded nor notified. */
  maintenance?: MaintenanceMark;
  /** The user who took the alarm on (username), if anyone. */
  assignedTo?: string;
}

export interface AlarmsResponse {
  alarms: Alarm[];
}

export const EVENT_SEVERITY_NAMES = ['info', 'warning', 'critical'] as const;
export type EventSeverity = (typeof EVENT_SEVERITY_NAMES)[number];

export const ALARM_TRANSITIONS = [
  'opened',
  'escalated',
  'reactivated',
  'cleared',
  'acknowledged',
  'shelved',
  'assigned',
] as const;
export type AlarmTransition = (typeof ALARM_TRANSITIONS)[number];

/**
 * The facts an event's `text` was written from, so each client can say them in its reader's language with
 * the parameter's display name. `text` stays for logs and for events archived before details existed.
 */
export type EventDetail =
  | {
      kind: 'alarm';
      transition: AlarmTransition;
      /** Null for a link alarm. */
      parameterId: string | null;
      level: Alarm['level'];
      side?: LimitState['side'];
      value: number | null;
      context?: string;
      by?: string;
      comment?: string;
    }
  | { kind: 'onboard'; arg: number }
  | { kind: 'clockAhead'; packetTimeMs: number; leadS: number };

export interface TelemetryEvent {
  id: string;
  spacecraftId: string | null;
  timeMs: number;
  /** onboard: from an event packet; ground: alarm transitions, contacts, operator actions. */
  source: 'onboard' | 'ground';
  severity: EventSeverity;
  code: string;
  text: string;
  detail?: EventDetail;
  playback?: boolean;
}

export interface EventsResponse {
  events: TelemetryEvent[];
}

export interface UtilizationRow {
  contactMinutes: number;
  downlinkMinutes: number;
  bytesDelivered: number;
}

export interface UtilizationResponse {
  from: number;
  to: number;
  /**
   * Start of the part of the window Ortaq was recording (its first received frame in the window), or null when
   * it recorded nothing: contact time before it is not counted, since no downlink could have been seen.
   */
  recordingFromMs: number | null;
  partners: (UtilizationRow & { partnerId: PartnerId })[];
  spacecraft: (UtilizationRow & {
    spacecraftId: string;
    bytesByPartner: Partial<Record<PartnerId, number>>;
  })[];
}

export const alarmAckSchema = z.object({
  by: z.string().trim().min(1).max(64).optional(),
  comment: z.string().max(500).default(''),
});
export type AlarmAckRequest = z.input<typeof alarmAckSchema>;

export const alarmShelveSchema = z.object({
  by: z.string().trim().min(1).max(64).optional(),
  /** How long to shelve, up to a day. */
  durationMs: z
    .number()
    .int()
    .positive()
    .max(24 * 3600 * 1000),
  comment: z.string().max(500).default(''),
});
export type AlarmShelveRequest = z.input<typeof alarmShelveSchema>;

/** Assign an alarm to a user (username), or `null` to release it. */
export const alarmAssignSchema = z.object({ to: z.string().trim().min(1).max(64).nullable() }).strict();
export type AlarmAssignRequest = z.input<typeof alarmAssignSchema>;
