// How a benchmark's server is configured: the one place that maps a benchmark's needs onto createApp's
// options (as server/index.ts does for production), so the benchmarks do not follow every change to
// AppOptions.
import path from 'node:path';
import type { AppOptions } from '../../server/app';
import type { ConnectionLimits } from '../../server/auth/admission';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { createAuth, type Auth } from '../../server/auth';
import type { Agreement } from '../../server/auth/agreement';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';
import { connectCluster } from '../../server/cluster/redis';
import { embeddedSimulator } from '../../server/sim/embedded';
import { systemClock } from '../../shared/clock';
import { predictPasses } from '../../shared/orbit';
import type { Dictionary } from '../../shared/dictionary';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { requireMission } from '../../server/mission/folder';
import { SHIPPED_DECODER, SHIPPED_MISSION } from '../../server/mission/shipped';

export interface BenchServerSpec {
  /** The real app, or the bare socket.io baseline that acknowledges without processing. */
  kind: 'ortaq' | 'echo';
  /** Folder for the SQLite archive (a fresh temporary folder per run). */
  dataDir: string;
  /** stationId → token accepted on /ingest. */
  stationTokens: [string, string][];
  /** PostgreSQL archive instead of SQLite, in its own schema (dropped by the benchmark afterwards). */
  postgres?: { url: string; schema: string };
  /** A node of a multi-node deployment: peers through this Redis under this key (needs `postgres`). */
  cluster?: { redisUrl: string; key: string; nodeId: string };
  /** A mission folder (as ORTAQ_MISSION names one); the shipped mission when absent. */
  mission?: string;
  /** Listen on this port instead of an ephemeral one (to restart a server where clients expect it). */
  port?: number;
  /** Fly the built-in simulator against this server at this clock speed (as `npm start` does). */
  simulatorSpeed?: number;
  /** A built dashboard to serve. */
  clientDir?: string;
  /** Per-station rate limit; the server's default when absent. */
  rateLimit?: { framesPerS: number; burst: number };
  /** Predict passes from the mission's elements, as `npm start` does (the simulator's when it flies). */
  passes?: boolean;
  /** Connection limits; the server's defaults when absent (a benchmark's dashboards share one address). */
  connectionLimits?: Partial<ConnectionLimits>;
}

export const SQLITE_FILE = 'ortaq.sqlite';

/** The one user of a benchmark's server (in memory, on loopback): dashboards sign in as this admin. */
export const BENCH_USER = { username: 'bench-admin', password: 'loopback benchmark only, never deployed' };

/** Every partner sees every spacecraft: the benchmarks measure throughput, not partner filtering. */
function openAgreement(dictionary: Dictionary): Agreement {
  return {
    fleetStatusForAll: true,
    grants: dictionary.partners.flatMap((p) =>
      dictionary.spacecraft.map((s) => ({ partner: p.id, spacecraftId: s.id, level: 'export' as const })),
    ),
  };
}

/** Users and sessions in the data folder, so a restarted server keeps its dashboards' sessions. */
async function benchAuth(dataDir: string, dictionary: Dictionary): Promise<Auth> {
  const auth = createAuth({
    store: createSqliteAuthStore(path.join(dataDir, 'auth.sqlite')),
    clock: systemClock,
    dictionary,
    agreement: openAgreement(dictionary),
  });
  if (!(await auth.accounts.get(BENCH_USER.username))) {
    await auth.accounts.create({ ...BENCH_USER, partner: 'KZ', role: 'admin' }, 'bench');
  }
  return auth;
}

async function openStore(spec: BenchServerSpec): Promise<Store> {
  if (spec.postgres) {
    return createPostgresStore({ connectionString: spec.postgres.url, schema: spec.postgres.schema });
  }
  return createSqliteStore({ file: path.join(spec.dataDir, SQLITE_FILE) });
}

export interface BenchApp {
  options: AppOptions;
  /** Starts the embedded simulator's stations once the server listens at this URL. */
  afterListen(url: string): void;
  beforeClose(): Promise<void>;
}

export async function benchApp(spec: BenchServerSpec): Promise<BenchApp> {
  const mission = spec.mission ? requireMission(spec.mission) : SHIPPED_MISSION;
  const { dictionary, links } = mission;
  const sim =
    spec.simulatorSpeed === undefined
      ? null
      : embeddedSimulator({
          dictionary,
          links,
          speed: spec.simulatorSpeed,
          start: 'now',
          externalStations: new Set(spec.stationTokens.map(([id]) => id)),
          wallClockMs: Date.now(),
        });
  const options: AppOptions = {
    dictionary,
    links,
    decoder: spec.mission ? missionFrameDecoder(mission) : SHIPPED_DECODER,
    store: await openStore(spec),
    stationAuth: tokenAuthenticator(new Map([...spec.stationTokens, ...(sim?.stationTokens ?? [])])),
    auth: await benchAuth(spec.dataDir, dictionary),
    ...(spec.rateLimit ? { rateLimit: spec.rateLimit } : {}),
    ...(spec.cluster
      ? {
          cluster: await connectCluster({
            url: spec.cluster.redisUrl,
            key: spec.cluster.key,
            nodeId: spec.cluster.nodeId,
          }),
        }
      : {}),
    ...(spec.clientDir ? { clientDir: spec.clientDir } : {}),
    ...(spec.connectionLimits ? { connectionLimits: spec.connectionLimits } : {}),
    ...(spec.passes ? { predictPasses } : {}),
    ...(sim
      ? { clock: sim.simulator.clock, simulator: sim.simulator.control, predictPasses: sim.predictPasses }
      : {}),
  };
  return {
    options,
    afterListen: (url) => sim?.simulator.start(url, sim.stationTokens),
    beforeClose: async () => {
      await sim?.simulator.stop();
    },
  };
}
