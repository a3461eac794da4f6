// States shared by REST, /live and the dashboard.

export const SPACECRAFT_STATUSES = ['nominal', 'warning', 'critical', 'stale', 'lost', 'no_contact'] as const;
/**
 * nominal/warning/critical: frames arrive and the worst active alarm is none/yellow/red.
 * stale/lost: frames stopped while the pass schedule says a station should hear the spacecraft.
 * no_contact: no frames because no station is in view, which is expected and not an alarm.
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
}

export type DownlinkState = 'off' | 'on' | 'fault';
