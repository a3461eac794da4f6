// The /live namespace: what dashboards subscribe to and the coalesced updates they receive.
import { z } from 'zod';
import type { Alarm, FleetEntry, StationStats, TelemetryEvent } from './api';
import type { SystemCondition } from './health';
import type { LimitState } from './status';

export const LIVE_NAMESPACE = '/live';
/** The server sends at most this many updates a second to one client, whatever the ingest rate. */
export const LIVE_MAX_UPDATES_PER_S = 10;

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
  v: number;
  limit: LimitState;
  playback?: boolean;
}

/** One coalesced update; every part is optional and only present when it changed. */
export interface LiveUpdate {
  serverTimeMs: number;
  fleet?: FleetEntry[];
  samples?: LiveSample[];
  alarms?: Alarm[];
  events?: TelemetryEvent[];
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
