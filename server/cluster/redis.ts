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
  /** Tells the listener each time Redis is lost (with the reason) or back; returns its unsubscribe. */
  onReachability(listener: ReachabilityListener): () => void;
  close(): Promise<void>;
}

/** `null`: both clients are connected; else why not. */
export type ReachabilityListener = (problem: string | null) => void;

export interface ClusterOptions {
  url: string;
  /** Prefix of every Redis channel (nodes of one deployment share it; tests use a unique one). */
  key?: string;
  nodeId: string;
  /** False for a process that only sends messages (`npm run user`): it never competes for the leader lease. */
  lease?: boolean;
}

export async function connectCluster(options: ClusterOptions): Promise<ClusterConnection> {
  const pub = createClient({ url: options.url, socket: { reconnectStrategy: reconnectDelayMs } });
  const sub = pub.duplicate();
  const reachability = watchReachability(pub, sub);
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
    onReachability: reachability.subscribe,
    close: async () => {
      await lease?.release();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

/** Quick at first, then every 2 s at most: peers hear of each other within seconds of Redis returning. */
function reconnectDelayMs(retries: number): number {
  return Math.min(100 * 2 ** retries, 2_000);
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * node-redis reconnects by itself (and resubscribes the adapter's channels), but throws an unhandled 'error'
 * without a listener. Here the errors are logged once per outage and turned into a lost/back signal.
 */
function watchReachability(pub: RedisClient, sub: RedisClient) {
  const listeners = new Set<ReachabilityListener>();
  let problem: string | null = null;
  const update = (next: string | null) => {
    if (next === problem || (next !== null && problem !== null)) return;
    problem = next;
    if (next !== null) console.error(`redis: ${next}`);
    for (const listener of listeners) listener(next);
  };
  for (const [client, role] of [
    [pub, 'publish'],
    [sub, 'subscribe'],
  ] as const) {
    client.on('error', (error: Error) => update(`${role} connection: ${error.message || String(error)}`));
    client.on('ready', () => update(pub.isReady && sub.isReady ? null : problem));
  }
  return {
    subscribe(listener: ReachabilityListener): () => void {
      listeners.add(listener);
      if (problem !== null) listener(problem);
      return () => listeners.delete(listener);
    },
  };
}
