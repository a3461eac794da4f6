// The one place that names /live rooms. Access control (which partner may see which spacecraft) filters the
// rooms a subscription asks for here, before the socket joins them.
import type { LiveSubscription } from '../../shared/protocol/live';

export const FLEET_ROOM = 'fleet';

export function spacecraftRoom(spacecraftId: string): string {
  return `spacecraft:${spacecraftId}`;
}

/** Rooms a validated subscription asks to join. */
export function roomsFor(subscription: Required<Pick<LiveSubscription, 'fleet' | 'spacecraft'>>): string[] {
  const rooms = subscription.spacecraft.map(spacecraftRoom);
  if (subscription.fleet) rooms.push(FLEET_ROOM);
  return rooms;
}
