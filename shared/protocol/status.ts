// States shared by REST, /live and the dashboard.

/** Most urgent first (the fleet's counts and "worst first" follow this order). */
export const SPACECRAFT_STATUSES = [
  'silent',
  'critical',
  'lost',
  'warning',
  'stale',
  'unknown',
  'no_contact',
  'nominal',
] as const;
/**
 * nominal/warning/critical: realtime frames arrive and the worst active alarm is none/yellow/red.
 * silent: a station should hear the spacecraft now and hears nothing: the loudest state.
 * lost: silent through a predicted contact since its last frame. stale: only playback (or, without pass
 * predictions, no frames for a while). no_contact: out of view as predicted. unknown: never heard.
 * The rule is spacecraftStatus() in shared/spacecraftStatus.ts.
 */
export type SpacecraftStatus = (typeof SPACECRAFT_STATUSES)[number];

export const LIMIT_LEVELS = ['nominal', 'yellow', 'red'] as const;
export type LimitLevel = (typeof LIMIT_LEVELS)[number];

/** Which limit a value violates: below low, above high, or an enum state that is an alarm. */
export type LimitSide = 'low' | 'high' | 'state';

export interface LimitState {
  level: LimitLevel;
  side?: LimitSide;
  /** Label of the context limits that applied ("eclipse", "imaging"), if any. */
  context?: string;
  /**
   * Consecutive samples beyond a limit with `minViolations` above 1 that have not yet made the alarm show:
   * the level given is still the one before them.
   */
  pending?: number;
}

export type DownlinkState = 'off' | 'on' | 'fault';

/** A predicted contact: some station should hear the spacecraft from aosMs to losMs (stations merged). */
export interface ContactWindow {
  aosMs: number;
  losMs: number;
}

/** What the status is decided from. Times are server times of reception, not packet times. */
export interface StatusFacts {
  /** When the newest realtime frame arrived; null: never. */
  lastRealtimeMs: number | null;
  /** When the newest playback (recorded onboard, dumped later) frame arrived; null: never. */
  lastPlaybackMs: number | null;
  /**
   * Predicted contacts around now, merged over stations, by AOS. Null when no prediction is configured:
   * then the spacecraft may be in view at any time.
   */
  windows: ContactWindow[] | null;
  /** Worst active live alarm, acknowledged or not (acknowledged is not resolved); shelved ones left out. */
  alarmLevel: LimitLevel;
  /** When this server started listening: silence before it is not the spacecraft's (nothing listened). */
  listeningSinceMs: number;
  /** Silence after which data is stale. */
  staleMs: number;
  /** Silence after which a spacecraft with no predicted contacts to go by is lost. */
  lostMs: number;
}
