// The /live namespace: what dashboards subscribe to and the coalesced updates they receive.
import { z } from 'zod';
import type { Alarm, FleetEntry, StationStats, TelemetryEvent } from './api';
import type { SystemCondition } from './health';
import type { LimitState, StatusFacts } from './status';

export const LIVE_NAMESPACE = '/live';
/**
 * The server coalesces changes into at most this many ticks a second, whatever the ingest rate; in a tick a
 * client gets at most one update of the fleet and one of its spacecraft (both in one when it fell behind).
 */
export const LIVE_MAX_UPDATES_PER_S = 10;
/**
 * A spacecraft whose summary went out as changes gets it whole again at least this often while it changes,
 * and the station statistics go out whole as often while any station changes: whatever a dashboard missed or
 * merged wrongly, it holds the server's picture again within this time.
 */
export const LIVE_REFRESH_MS = 10_000;

export const liveSubscriptionSchema = z.object({
  /** Receive fleet summaries, alarms and events for the whole fleet. */
  fleet: z.boolean().default(true),
  /** Spacecraft whose parameter samples to stream. */
  spacecraft: z.array(z.string().min(1).max(64)).max(64).default([]),
  /** Parameters to stream for those spacecraft; empty streams all of them. */
  parameters: z.array(z.string().min(1).max(64)).max(256).default([]),
  /** Last update time the client saw, for a catch-up from the archive after a reconnect. */
  sinceMs: z.number().finite().nonnegative().optional(),
});
export type LiveSubscription = z.input<typeof liveSubscriptionSchema>;

export interface LiveSample {
  spacecraftId: string;
  parameterId: string;
  t: number;
  /** The value; a string parameter's is its text's code (shared/dictionary/texts.ts), its text in `text`. */
  v: number;
  limit: LimitState;
  playback?: boolean;
  /** A string parameter's text (never an enumeration's state name: the dictionary names states). */
  text?: string;
}

/**
 * What changed in a spacecraft's summary since the last one sent: the fields absent are unchanged, `facts`
 * merges key by key. It applies only to a whole summary the dashboard holds; one for a spacecraft it holds no
 * summary of is ignored until that spacecraft's next whole summary (LIVE_REFRESH_MS).
 */
export type FleetEntryChange = Pick<FleetEntry, 'spacecraftId'> &
  Partial<Omit<FleetEntry, 'spacecraftId' | 'facts'>> & { facts?: Partial<StatusFacts> };

/** One coalesced update; every part is optional and only present when it changed. */
export interface LiveUpdate {
  serverTimeMs: number;
  /**
   * Whole summaries: every one on a snapshot (replacing the fleet held), otherwise those of spacecraft first
   * sent or due for their refresh (LIVE_REFRESH_MS); merged by spacecraftId into the fleet held.
   */
  fleet?: FleetEntry[];
  /**
   * The other summaries that changed since the last update (per-frame readings alone at most once a second
   * each), as their changed fields only; a spacecraft is in `fleet` or here, never in both.
   */
  fleetChanges?: FleetEntryChange[];
  samples?: LiveSample[];
  alarms?: Alarm[];
  events?: TelemetryEvent[];
  /** The stations whose statistics changed (all of them on a snapshot and every LIVE_REFRESH_MS), by stationId. */
  stations?: StationStats[];
  /** Set on the first update after a (re)subscription: the client should replace, not append. */
  snapshot?: boolean;
  /** Samples were dropped because the client fell behind (bounded buffers); the client shows it. */
  dropped?: number;
}

export type LiveAck = { data: LiveUpdate } | { error: string };

export interface LiveClientEvents {
  subscribe: (subscription: LiveSubscription, ack: (result: LiveAck) => void) => void;
}

export interface LiveServerEvents {
  update: (update: LiveUpdate) => void;
  /**
   * The node's system alarms (archive or cluster bus degraded), whole: sent on connecting and on every
   * change; an empty list means all is well.
   */
  system: (conditions: SystemCondition[]) => void;
}
