import type { SystemCondition } from '../../shared/protocol/health';
import { observeServerTime, type ServerClockState } from '../lib/serverClock';
import type { SliceCreator } from './slice';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionSlice {
  connection: ConnectionState;
  /** Local time the connection was lost, for "disconnected for 12 s". */
  disconnectedSinceMs: number | null;
  /** The REST API answered at least once; until then "server unreachable" is shown instead of data. */
  serverReachable: boolean | null;
  serverClock: ServerClockState | null;
  /** Server time of the newest update seen: the `sinceMs` of the catch-up after a reconnect. */
  lastUpdateMs: number | null;
  /** Live samples the server dropped because this client fell behind (the archive still has them). */
  droppedByServer: number;
  /** The server's system alarms (archive or cluster bus degraded), as its last `system` event listed them. */
  systemAlarms: SystemCondition[];
  setSystemAlarms: (conditions: SystemCondition[]) => void;
  noteDropped: (count: number) => void;
  setConnection: (state: ConnectionState, localMs: number) => void;
  setServerReachable: (reachable: boolean) => void;
  noteServerTime: (serverMs: number, localMs: number) => void;
}

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set) => ({
  connection: 'connecting',
  disconnectedSinceMs: null,
  serverReachable: null,
  serverClock: null,
  lastUpdateMs: null,
  droppedByServer: 0,
  systemAlarms: [],
  setSystemAlarms: (systemAlarms) => set({ systemAlarms }),
  noteDropped: (count) => set((s) => ({ droppedByServer: s.droppedByServer + count })),
  setConnection: (connection, localMs) =>
    set((s) => ({
      connection,
      // Another node may be the one answering after a reconnect: its own `system` event will say.
      ...(connection === 'disconnected' ? { systemAlarms: [] } : {}),
      disconnectedSinceMs: connection === 'disconnected' ? (s.disconnectedSinceMs ?? localMs) : null,
    })),
  setServerReachable: (serverReachable) => set({ serverReachable }),
  noteServerTime: (serverMs, localMs) =>
    set((s) => ({
      serverClock: observeServerTime(s.serverClock, serverMs, localMs),
      lastUpdateMs: Math.max(s.lastUpdateMs ?? 0, serverMs),
    })),
});
