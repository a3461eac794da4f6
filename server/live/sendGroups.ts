// Which in-step sockets receive the very same packet in a tick: a group's update is built, filtered for its
// audience and encoded once (socket.io encodes a broadcast once and writes the same frame to every member).
// Groups are keyed by the audience's key and then by what the part's content depends on, so no two partners
// that see differently ever share a packet.
import type { LiveAudience } from './audience';
import type { ActiveSubscription } from './catchUp';

export interface SendGroup {
  /** Any member's subscription: every member's gives the same part. */
  subscription: ActiveSubscription;
  audience: LiveAudience;
  socketIds: string[];
}

export class SendGroups {
  // By audience key first: sockets of one partner hold the very same key string (server/auth/access/live.ts),
  // so the first look-up is a pointer comparison; the part key below it is short.
  private readonly byAudience = new Map<string, Map<string, SendGroup>>();

  add(partKey: string, socketId: string, subscription: ActiveSubscription, audience: LiveAudience): void {
    let groups = this.byAudience.get(audience.key);
    if (!groups) {
      groups = new Map();
      this.byAudience.set(audience.key, groups);
    }
    const group = groups.get(partKey);
    if (group) group.socketIds.push(socketId);
    else groups.set(partKey, { subscription, audience, socketIds: [socketId] });
  }

  *values(): IterableIterator<SendGroup> {
    for (const groups of this.byAudience.values()) yield* groups.values();
  }
}

/** The fleet part depends on nothing but what the audience may see (the groups' first key). */
export const FLEET_PART_KEY = 'fleet';

// Built once per subscription, not per tick.
const spacecraftKeys = new WeakMap<ActiveSubscription, string>();

/** Same spacecraft, parameters and fleet flag (see fillSpacecraftPart) within an audience: the same part. */
export function spacecraftPartKey(subscription: ActiveSubscription): string {
  const cached = spacecraftKeys.get(subscription);
  if (cached !== undefined) return cached;
  const key = JSON.stringify([
    subscription.fleet,
    [...new Set(subscription.spacecraft)].sort(),
    [...new Set(subscription.parameters)].sort(),
  ]);
  spacecraftKeys.set(subscription, key);
  return key;
}
