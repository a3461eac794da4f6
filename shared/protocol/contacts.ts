// Contact outcomes on the wire: what became of each predicted pass once it ended (GET /api/contacts), the
// availability of stations and partners built from them, and each spacecraft's contact coverage
// (GET /api/contacts/availability, /api/contacts/coverage). docs/sharing.md says how each is decided.
import type { PartnerId } from '../dictionary/types';
import type { MaintenanceMark } from './maintenance';

export const CONTACT_OUTCOMES = ['completed', 'partial', 'missed', 'planned', 'not_expected'] as const;
/**
 * completed: heard through the pass. partial: heard, with silences longer than the spacecraft's cadence.
 * missed: not heard. planned: not fully heard inside a maintenance window of the station or the spacecraft.
 * not_expected: the spacecraft does not transmit by plan (a notional spacecraft of the mission).
 */
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const CONTACT_CAUSES = ['station', 'spacecraft', 'unknown'] as const;
/**
 * Why a pass was missed or partial. station: another station heard the spacecraft live meanwhile.
 * spacecraft: nobody heard it, and its own (played back) telemetry shows the transmitter off or a reboot.
 */
export type ContactCause = (typeof CONTACT_CAUSES)[number];

export interface ContactGap {
  fromMs: number;
  toMs: number;
}

/** One predicted pass, judged after it ended, with the evidence it was judged on. */
export interface ContactRecord {
  spacecraftId: string;
  stationId: string;
  aosMs: number;
  losMs: number;
  maxElevationDeg: number;
  outcome: ContactOutcome;
  /** Set for missed and partial passes only. */
  cause: ContactCause | null;
  /**
   * False while the evidence that could change the cause may still arrive (the spacecraft's recorded
   * telemetry of the pass, dumped at a later pass): such a record is judged again until it settles.
   */
  settled: boolean;
  /** Share of the pass in which the station heard the spacecraft live, 0..1. */
  heardFraction: number;
  /** From the spacecraft's realtime rate over the pass (or the last known one); null when never heard. */
  packetsExpected: number | null;
  /** Realtime packets this station forwarded in the pass, duplicates of other stations included. */
  packetsReceived: number;
  /** Link-layer transfer frames: received plus lost, when the TM link layer counted the pass; else packets. */
  framesExpected: number | null;
  framesReceived: number | null;
  /** Frames the virtual channel frame count says were lost; null when the link layer did not see the pass. */
  lostFrames: number | null;
  /** Silences longer than the spacecraft's cadence (at most MAX_CONTACT_GAPS, the longest). */
  gaps: ContactGap[];
  bestSnrDb: number | null;
  meanSnrDb: number | null;
  /** The maintenance window that made the pass planned. */
  planned?: MaintenanceMark;
  judgedAtMs: number;
}

export const MAX_CONTACT_GAPS = 20;

export interface ContactsResponse {
  from: number;
  to: number;
  /** By AOS, then spacecraft and station; at most the page's limit. */
  contacts: ContactRecord[];
  /** More records matched than the limit: a narrower window (or a later `from`) gets the rest. */
  truncated: boolean;
}

export const AVAILABILITY_PERIODS = ['week', 'month'] as const;
export type AvailabilityPeriod = (typeof AVAILABILITY_PERIODS)[number];

export type OutcomeCounts = Record<ContactOutcome, number>;
export type CauseCounts = Record<ContactCause, number>;

/** Passes of one station or partner in one period. */
export interface AvailabilityRow {
  /** Week (ISO, YYYY-Www) or month (YYYY-MM), by the pass's AOS in UTC. */
  period: string;
  outcomes: OutcomeCounts;
  /** Causes of the missed and partial passes. */
  causes: CauseCounts;
  /**
   * completed ÷ (completed + partial + missed): planned outages and passes not expected are left out.
   * Null when no pass counted.
   */
  availability: number | null;
}

export interface StationAvailability {
  stationId: string;
  partnerId: PartnerId;
  rows: AvailabilityRow[];
}

export interface PartnerAvailability {
  partnerId: PartnerId;
  rows: AvailabilityRow[];
}

export interface AvailabilityResponse {
  from: number;
  to: number;
  period: AvailabilityPeriod;
  stations: StationAvailability[];
  partners: PartnerAvailability[];
}

/** Orbits of one spacecraft in a window and how many of them had a completed contact. */
export interface SpacecraftCoverage {
  spacecraftId: string;
  /** From the spacecraft's element set: orbit k of the window is [countedFromMs + k·period, +period). */
  orbitPeriodMin: number;
  /** Whole orbits between countedFromMs and countedToMs. */
  orbits: number;
  orbitsWithContact: number;
  /** orbitsWithContact ÷ orbits, null for a spacecraft without orbits in the window. */
  coverage: number | null;
}

export interface CoverageResponse {
  from: number;
  to: number;
  /** The part of the window contact records exist for (null ends: none): orbits are counted in it only. */
  countedFromMs: number | null;
  countedToMs: number | null;
  spacecraft: SpacecraftCoverage[];
}
