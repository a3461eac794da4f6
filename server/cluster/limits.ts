// Limit changes across nodes: a change made on one node is archived there and sent to the others through the
// Redis adapter's server-side events; each applies it to its own limit book at once. Applying is idempotent
// (by change id), so a message heard twice changes nothing. Messages lost while Redis was away are read back
// from the shared archive when it returns.
import type { Server as SocketServer } from 'socket.io';
import type { LimitService } from '../limits/changes';
import {
  CLUSTER_LIMITS_EVENT,
  CLUSTER_PROTOCOL_VERSION,
  clusterLimitChangesSchema,
  type ClusterEvents,
} from './messages';
import type { ClusterConnection } from './redis';

type ClusterServer = SocketServer<Record<string, never>, Record<string, never>, ClusterEvents>;

/** Starts relaying; returns the function that stops it. */
export function relayLimitChanges(
  io: SocketServer,
  limits: LimitService,
  cluster: Pick<ClusterConnection, 'nodeId' | 'onReachability'>,
): () => void {
  const server = io as unknown as ClusterServer;
  const receive = (message: unknown) => {
    const parsed = clusterLimitChangesSchema.safeParse(message);
    if (!parsed.success) {
      console.error('cluster: ignored limit changes of another shape or version');
      return;
    }
    limits.adopt(parsed.data.changes);
  };
  server.on(CLUSTER_LIMITS_EVENT, receive);
  const unsubscribe = limits.subscribe((change, origin) => {
    if (origin !== 'here') return;
    server.serverSideEmit(CLUSTER_LIMITS_EVENT, {
      version: CLUSTER_PROTOCOL_VERSION,
      node: cluster.nodeId,
      changes: [change],
    });
  });
  const stopWatching = cluster.onReachability((problem) => {
    if (problem !== null) return;
    limits
      .catchUp()
      .catch((error: unknown) => console.error('limits: catch-up from the archive failed', error));
  });
  return () => {
    unsubscribe();
    stopWatching();
    server.off(CLUSTER_LIMITS_EVENT, receive);
  };
}
