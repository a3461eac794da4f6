// Revocations across nodes: a station token revoked, a user changed, disabled or deleted, a session logged
// out or a kiosk link revoked on one node must cut the matching sockets on every node at once, not at their
// next reconnect. Each node sends the revocations made on it through the Redis adapter's server-side events
// and applies the others' to its own sockets. Applying one is closing the sockets it matches, so a message
// that arrives twice, late, or for sockets this node does not have changes nothing.
import { createClient } from 'redis';
import { Server as SocketServer } from 'socket.io';
import {
  CLUSTER_PROTOCOL_VERSION,
  CLUSTER_REVOCATION_EVENT,
  clusterRevocationSchema,
  type ClusterEvents,
  type RelayedRevocation,
} from './messages';
import { connectCluster, type ClusterOptions } from './redis';

type ClusterServer = SocketServer<Record<string, never>, Record<string, never>, ClusterEvents>;

/** What the relay needs of the auth room's revocation bus (server/auth/revocations.ts fits it as it is). */
export interface RevocationBus {
  /** 'here' for a revocation made on this node or process, 'peer' for one another node relayed. */
  publish(revocation: RelayedRevocation, origin: 'peer'): void;
  subscribe(listener: (revocation: RelayedRevocation, origin: 'here' | 'peer') => void): () => void;
}

/** Starts relaying; returns the function that stops it. */
export function relayRevocations(io: SocketServer, revocations: RevocationBus, nodeId: string): () => void {
  const server = io as unknown as ClusterServer;
  const receive = (message: unknown) => {
    const parsed = clusterRevocationSchema.safeParse(message);
    if (!parsed.success) {
      console.error('cluster: ignored a revocation of another shape or version');
      return;
    }
    // Marked 'peer' so it is applied here and not sent on again (no echo between nodes).
    revocations.publish(parsed.data.revocation, 'peer');
  };
  server.on(CLUSTER_REVOCATION_EVENT, receive);
  const unsubscribe = revocations.subscribe((revocation, origin) => {
    if (origin !== 'here') return;
    server.serverSideEmit(CLUSTER_REVOCATION_EVENT, {
      version: CLUSTER_PROTOCOL_VERSION,
      node: nodeId,
      revocation,
    });
  });
  return () => {
    unsubscribe();
    server.off(CLUSTER_REVOCATION_EVENT, receive);
  };
}

/**
 * For a process that is not a node (`npm run user`): sends the revocations it makes to every node, so a user
 * disabled from the command line loses their open dashboards at once too. Returns the function that
 * disconnects (after what was sent has gone out), or null when Redis cannot be reached.
 */
export async function sendRevocationsToNodes(
  options: ClusterOptions,
  revocations: RevocationBus,
): Promise<(() => Promise<void>) | null> {
  // A node retries Redis forever; a command must not hang on it, so it looks once first.
  if (!(await reachable(options.url))) return null;
  const cluster = await connectCluster({ ...options, lease: false });
  // A socket.io server with no HTTP server: only its adapter is used, to reach the nodes.
  const io = new SocketServer({ adapter: cluster.adapter, serveClient: false });
  const stop = relayRevocations(io, revocations, options.nodeId);
  return async () => {
    stop();
    await cluster.close();
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) await client.quit();
  }
}
