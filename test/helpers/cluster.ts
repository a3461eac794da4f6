// Several Ortaq nodes on one PostgreSQL archive and one Redis: in this process (createApp) or as child
// processes (server/index.ts through start:node) that a test can kill. Plus a station that knows every
// node's URL and moves to the next one when its node goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { systemClock, type Clock } from '../../shared/clock';
import { DICTIONARY } from '../../server/mission/shipped';
import type { BatchAck, BatchFrame } from '../../shared/protocol/ingest';
import { createAuth } from '../../server/auth';
import { createPostgresAuthStore } from '../../server/auth/postgres/store';
import { connectCluster } from '../../server/cluster/redis';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { openAgreement } from './auth';
import { startServer, TEST_STATION_TOKENS, type RunningServer } from './server';
import { connectStation, type StationSocket } from './stations';
import { POSTGRES_SKIP_REASON, POSTGRES_URL } from './stores';

export const REDIS_URL = process.env.ORTAQ_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisSkipReason(): Promise<string | null> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1500, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `Redis not reachable at ${REDIS_URL} (${(error as Error).message})`;
  } finally {
    if (client.isOpen) await client.quit();
  }
}

/** Why the scale-out suite cannot run here, or null when PostgreSQL and Redis are both up. */
export const SCALE_SKIP_REASON = POSTGRES_SKIP_REASON ?? (await redisSkipReason());
if (SCALE_SKIP_REASON) console.warn(`\n*** Scale-out suite SKIPPED: ${SCALE_SKIP_REASON} ***\n`);

/** One deployment under test: a schema of its own in PostgreSQL and a Redis channel prefix of its own. */
export interface Deployment {
  databaseUrl: string;
  schema: string;
  /** DATABASE_URL for a child process: the same database with the schema on its search_path. */
  schemaUrl: string;
  clusterKey: string;
}

export function newDeployment(): Deployment {
  const id = randomBytes(6).toString('hex');
  const databaseUrl = POSTGRES_URL!;
  const schema = `ortaq_t_${id}`;
  const options = encodeURIComponent(`-c search_path=${schema}`);
  return {
    databaseUrl,
    schema,
    schemaUrl: `${databaseUrl}?options=${options}`,
    clusterKey: `ortaq-test-${id}`,
  };
}

/** What every node of a deployment shares: its archive in PostgreSQL and its Redis cluster key. */
async function nodeServices(deployment: Deployment, nodeId: string) {
  return {
    store: await createPostgresStore({
      connectionString: deployment.databaseUrl,
      schema: deployment.schema,
      maxConnections: 4,
    }),
    cluster: await connectCluster({ url: REDIS_URL, key: deployment.clusterKey, nodeId }),
  };
}

export async function startNode(
  deployment: Deployment,
  nodeId: string,
  clock?: Clock,
): Promise<RunningServer> {
  return startServer({ ...(await nodeServices(deployment, nodeId)), ...(clock ? { clock } : {}) });
}

/**
 * A node as server/index.ts builds it with DATABASE_URL: users, sessions, station tokens and kiosk links in
 * the deployment's PostgreSQL (auth_* tables beside the archive), stations admitted by those tokens.
 */
export async function startSharedAuthNode(
  deployment: Deployment,
  nodeId: string,
  stationTokens: ReadonlyMap<string, string> = TEST_STATION_TOKENS,
): Promise<RunningServer> {
  const auth = createAuth({
    store: await createPostgresAuthStore({
      connectionString: deployment.databaseUrl,
      schema: deployment.schema,
      maxConnections: 2,
    }),
    clock: systemClock,
    dictionary: DICTIONARY,
    agreement: openAgreement(),
  });
  await auth.stations.importConfigured(new Map(stationTokens));
  return startServer({ ...(await nodeServices(deployment, nodeId)), auth, stationAuth: auth.stations });
}

export interface ChildNode {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SpawnOptions {
  /** Stations the node admits (ORTAQ_STATION_TOKENS); the test tokens by default. */
  stationTokens?: ReadonlyMap<string, string>;
  /** More environment for the node (e.g. ORTAQ_AGREEMENT). */
  env?: Record<string, string>;
}

/** `npm run start:node -- --port 0` as a child process; resolves with its URL once it listens. */
export function spawnNode(deployment: Deployment, options: SpawnOptions = {}): Promise<ChildNode> {
  const tokens = options.stationTokens ?? TEST_STATION_TOKENS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/node.ts', '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: deployment.schemaUrl,
      REDIS_URL,
      ORTAQ_CLUSTER_KEY: deployment.clusterKey,
      ORTAQ_STATION_TOKENS: [...tokens].map(([id, token]) => `${id}:${token}`).join(','),
      // Unused with PostgreSQL, but the node creates it.
      ORTAQ_DATA_DIR: path.join(os.tmpdir(), 'ortaq-scale-test'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    // Loading the TypeScript alone takes tens of seconds on a machine busy with other work.
    const timer = setTimeout(() => fail(new Error(`node did not start in time:\n${output}`)), 45_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ortaq dashboard: (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, process: child, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`node exited with ${code}:\n${output}`)));
  });
}

/**
 * A station given every node's URL, as a partner station is configured in a multi-node deployment: when its
 * node goes away it connects to the next one and sends again what was not acknowledged.
 */
export class FailoverStation {
  private socket: StationSocket | null = null;
  private next = 0;
  /** URLs of the nodes this station was connected to, in order. */
  readonly connections: string[] = [];

  constructor(
    private readonly urls: readonly string[],
    private readonly stationId: string,
    private readonly token = `${stationId}-secret`,
  ) {}

  async send(batch: BatchFrame[]): Promise<BatchAck> {
    for (let attempt = 0; attempt < this.urls.length * 2; attempt++) {
      const socket = await this.connected();
      try {
        return await ackOrDisconnect(socket, batch);
      } catch {
        socket.close();
        this.socket = null;
        this.next = (this.next + 1) % this.urls.length;
      }
    }
    throw new Error(`${this.stationId}: no node accepted the batch`);
  }

  close(): void {
    this.socket?.close();
  }

  private async connected(): Promise<StationSocket> {
    if (this.socket?.connected) return this.socket;
    for (let tried = 0; tried < this.urls.length; tried++) {
      const url = this.urls[this.next]!;
      try {
        this.socket = await connectStation(url, this.stationId, this.token);
        this.connections.push(url);
        return this.socket;
      } catch {
        this.next = (this.next + 1) % this.urls.length;
      }
    }
    throw new Error(`${this.stationId}: no node reachable`);
  }
}

/** The batch's ack, or a rejection as soon as the connection drops (no waiting for a timeout). */
function ackOrDisconnect(socket: StationSocket, batch: BatchFrame[]): Promise<BatchAck> {
  return new Promise((resolve, reject) => {
    const onDisconnect = () => reject(new Error('disconnected'));
    socket.once('disconnect', onDisconnect);
    socket
      .timeout(10_000)
      .emitWithAck('frames', batch)
      .then(resolve, reject)
      .finally(() => socket.off('disconnect', onDisconnect));
  });
}

/** Polls until the check passes (state that travels between nodes arrives a few milliseconds later). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
