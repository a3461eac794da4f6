// The Redis side of a multi-node deployment: two node-redis clients (socket.io's Redis adapter needs one to
// publish and one to subscribe) and the adapter built on them.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { LeaderLease, type CommandClient } from './leader';

export interface ClusterConnection {
  /** socket.io adapter: broadcasts and server-side events reach every node. */
  adapter: ReturnType<typeof createAdapter>;
  /** Identifies this node in logs and messages. */
  nodeId: string;
  /** Whether this node does the once-per-deployment housekeeping now (see leader.ts). */
  isLeader(): boolean;
  close(): Promise<void>;
}

export interface ClusterOptions {
  url: string;
  /** Prefix of every Redis channel (nodes of one deployment share it; tests use a unique one). */
  key?: string;
  nodeId: string;
  /** False for a process that only sends messages (`npm run user`): it never competes for the leader lease. */
  lease?: boolean;
}

export async function connectCluster(options: ClusterOptions): Promise<ClusterConnection> {
  const pub = createClient({ url: options.url });
  const sub = pub.duplicate();
  // Without a listener node-redis throws on connection errors; it reconnects by itself, so log and go on.
  pub.on('error', (error: Error) => console.error('redis (publish):', error.message));
  sub.on('error', (error: Error) => console.error('redis (subscribe):', error.message));
  await Promise.all([pub.connect(), sub.connect()]);
  const key = options.key ?? 'ortaq';
  const lease =
    options.lease === false
      ? null
      : new LeaderLease(pub as unknown as CommandClient, `${key}#leader`, options.nodeId);
  await lease?.renew();
  return {
    adapter: createAdapter(pub, sub, { key }),
    nodeId: options.nodeId,
    isLeader: () => lease?.isLeader() ?? false,
    close: async () => {
      await lease?.release();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
