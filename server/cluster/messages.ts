// What server nodes tell each other through the Redis adapter's server-side events. Only the node that stored
// a frame processes it (de-duplication is in the shared archive), so the others learn its effects from here:
// samples for their dashboards and current values, alarm changes (including acknowledgements), events,
// which stations hear which spacecraft, and the station counters it added. Also the revocations made on a
// node, so every node cuts the sockets they concern. And the limit changes made on a node, so every node
// judges samples against the same limits.
import { z } from 'zod';
import type { Alarm, TelemetryEvent } from '../../shared/protocol/api';
import type { LiveSample } from '../../shared/protocol/live';
import { MAX_MIN_VIOLATIONS, type LimitChange } from '../../shared/protocol/limits';
import type { StationCounterDelta } from '../archive/types';

/** Bumped when the message shape changes: a node ignores messages of another version during a rollout. */
export const CLUSTER_PROTOCOL_VERSION = 1;

export interface LinkNews {
  spacecraftId: string;
  lastFrameMs: number;
  /** Station → server time it last heard the spacecraft. */
  heardBy: [string, number][];
}

export interface ClusterNews {
  version: number;
  /** Id of the node that sent it (for logs; the adapter never delivers a node its own messages). */
  node: string;
  samples: LiveSample[];
  alarms: Alarm[];
  events: TelemetryEvent[];
  links: LinkNews[];
  /** Counter increments this node wrote to the archive (the others add them to what they show). */
  stationCounters: StationCounterDelta[];
}

/**
 * A revocation as it crosses between nodes: the shape of server/auth's Revocation, stated here by its schema
 * so the cluster room needs nothing of the auth room (auth's command line reaches the nodes through this room).
 */
export type RelayedRevocation = z.infer<typeof revocationSchema>;

export interface ClusterRevocation {
  version: number;
  node: string;
  revocation: RelayedRevocation;
}

export interface ClusterLimitChanges {
  version: number;
  node: string;
  changes: LimitChange[];
}

/** Server-side event map of the main namespace (socket.io's ServerSideEvents generic). */
export interface ClusterEvents {
  'ortaq:news': (news: ClusterNews) => void;
  'ortaq:revocation': (message: ClusterRevocation) => void;
  'ortaq:limits': (message: ClusterLimitChanges) => void;
}
export const CLUSTER_NEWS_EVENT = 'ortaq:news' satisfies keyof ClusterEvents;
export const CLUSTER_REVOCATION_EVENT = 'ortaq:revocation' satisfies keyof ClusterEvents;
export const CLUSTER_LIMITS_EVENT = 'ortaq:limits' satisfies keyof ClusterEvents;

// Checked in full: a revocation decides which sockets are closed.
const revocationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('station'), stationId: z.string().max(64) }),
  z.object({ kind: z.literal('session'), sessionIdHash: z.string().max(128) }),
  z.object({ kind: z.literal('user'), username: z.string().max(64) }),
  z.object({ kind: z.literal('kiosk'), kioskId: z.string().max(64) }),
]);

export const clusterRevocationSchema = z.object({
  version: z.literal(CLUSTER_PROTOCOL_VERSION),
  node: z.string(),
  revocation: revocationSchema,
});

// Checked in full: a limit change decides how every sample of the parameter is judged. Bounds are plain
// finite numbers (the node that made the change validated their order).
const boundSchema = z.number().finite();
const bandSchema = z.object({ low: boundSchema.optional(), high: boundSchema.optional() });
const limitsSchema = z
  .object({
    yellow: bandSchema.optional(),
    red: bandSchema.optional(),
    minViolations: z.number().int().min(1).max(MAX_MIN_VIOLATIONS).optional(),
  })
  .nullable();

export const clusterLimitChangesSchema = z.object({
  version: z.literal(CLUSTER_PROTOCOL_VERSION),
  node: z.string(),
  changes: z.array(
    z.object({
      id: z.number().int().positive(),
      spacecraftId: z.string().max(64),
      parameterId: z.string().max(128),
      atMs: z.number(),
      by: z.string().max(80),
      previous: limitsSchema,
      limits: limitsSchema,
      reason: z.string().max(1000),
    }),
  ),
});

// The envelope is checked; items come from Ortaq nodes of the same version, built by the same code.
export const clusterNewsSchema = z.object({
  version: z.literal(CLUSTER_PROTOCOL_VERSION),
  node: z.string(),
  samples: z.array(z.custom<LiveSample>((s) => typeof s === 'object' && s !== null)),
  alarms: z.array(z.custom<Alarm>((a) => typeof a === 'object' && a !== null && 'id' in a)),
  events: z.array(z.custom<TelemetryEvent>((e) => typeof e === 'object' && e !== null)),
  links: z.array(
    z.object({
      spacecraftId: z.string(),
      lastFrameMs: z.number(),
      heardBy: z.array(z.tuple([z.string(), z.number()])),
    }),
  ),
  stationCounters: z.array(
    z.custom<StationCounterDelta>((d) => typeof d === 'object' && d !== null && 'stationId' in d),
  ),
});
