// A test dashboard: a stock socket.io client on /live that records every update it gets.
import { io, type Socket } from 'socket.io-client';
import { applyFleetChange } from '../../shared/fleetChange';
import type { FleetEntry } from '../../shared/protocol/api';
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSubscription,
  type LiveUpdate,
} from '../../shared/protocol/live';
import { sessionCookieFor } from './auth';

/**
 * The summaries a dashboard holds after `updates` (subscription replies among them), merged in order as the
 * dashboard's store merges them: a snapshot replaces, whole summaries are set, changes apply to those held.
 */
export function heldFleet(updates: readonly LiveUpdate[]): Map<string, FleetEntry> {
  const held = new Map<string, FleetEntry>();
  for (const update of updates) {
    if (update.snapshot) held.clear();
    for (const entry of update.fleet ?? []) held.set(entry.spacecraftId, entry);
    for (const change of update.fleetChanges ?? []) {
      const entry = held.get(change.spacecraftId);
      if (entry) held.set(change.spacecraftId, applyFleetChange(entry, change));
    }
  }
  return held;
}

/** The summaries and changes an update carries, whole or not. */
export const fleetParts = (update: LiveUpdate) => [...(update.fleet ?? []), ...(update.fleetChanges ?? [])];

export type DashboardSocket = Socket<LiveServerEvents, LiveClientEvents>;

export interface Dashboard {
  socket: DashboardSocket;
  updates: LiveUpdate[];
  subscribe(subscription: LiveSubscription): Promise<LiveUpdate>;
  /** Resolves with the first update (already received or coming) that satisfies the predicate. */
  waitFor(predicate: (update: LiveUpdate) => boolean, timeoutMs?: number): Promise<LiveUpdate>;
  close(): void;
}

export async function connectDashboard(url: string): Promise<Dashboard> {
  const socket: DashboardSocket = io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    // Signed in as the test server's admin (see startServer).
    extraHeaders: { cookie: sessionCookieFor(url) },
  });
  const updates: LiveUpdate[] = [];
  const listeners = new Set<(update: LiveUpdate) => void>();
  socket.on('update', (update) => {
    updates.push(update);
    for (const listener of listeners) listener(update);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    updates,
    subscribe: async (subscription) => {
      const ack = await socket.timeout(5000).emitWithAck('subscribe', subscription);
      if ('error' in ack) throw new Error(ack.error);
      return ack.data;
    },
    waitFor: (predicate, timeoutMs = 3000) => {
      const seen = updates.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error('no matching live update'));
        }, timeoutMs);
        const listener = (update: LiveUpdate) => {
          if (!predicate(update)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(update);
        };
        listeners.add(listener);
      });
    },
    close: () => socket.close(),
  };
}
