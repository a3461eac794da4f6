// REST payloads served under /api. The server builds them, the dashboard reads them: declared once, here.
import { z } from 'zod';
import type { PartnerId, Subsystem } from '../dictionary/types';
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
  stationsInContact: string[];
  nextContact: NextContact | null;
  /** Alarms whose condition is present or that nobody acknowledged yet. */
  activeAlarms: { yellow: number; red: number; unacknowledged: number };
  /** Worst current limit level per subsystem, for the fleet health matrix. */
  subsystems: Record<Subsystem, LimitLevel>;
}

export interface FleetResponse {
  serverTimeMs: number;
  fleet: FleetEntry[];
}

export interface ParameterValue {
  parameterId: string;
  timeMs: number;
  raw: number;
  value: number;
  /** Name of the enum state, for parameters that have states. */
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
}

export interface HistorySeries {
  parameterId: string;
  downsampled: boolean;
  /** Bucket width when downsampled. */
  bucketMs?: number;
  points: HistoryPoint[];
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
}

export interface AlarmsResponse {
  alarms: Alarm[];
}

export const EVENT_SEVERITY_NAMES = ['info', 'warning', 'critical'] as const;
export type EventSeverity = (typeof EVENT_SEVERITY_NAMES)[number];

export interface TelemetryEvent {
  id: string;
  spacecraftId: string | null;
  timeMs: number;
  /** onboard: from an event packet; ground: alarm transitions, contacts, operator actions. */
  source: 'onboard' | 'ground';
  severity: EventSeverity;
  code: string;
  text: string;
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
