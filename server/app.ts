// Composition root: builds the HTTP server, REST API and socket.io from their dependencies. Only
// server/index.ts reads the environment and listens; tests build the same app and listen on port 0.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import { systemClock, type Clock } from '../shared/clock';
import { FrameCodec } from '../shared/codec';
import { indexDictionary, type Dictionary } from '../shared/dictionary';
import { LIVE_MAX_UPDATES_PER_S, LIVE_NAMESPACE } from '../shared/protocol/live';
import { mountApi } from './api/routes';
import { errorHandler, notFoundHandler } from './api/errors';
import type { AppContext } from './context';
import { GroupCommitter } from './ingest/groupCommit';
import { mountIngest, type IngestNamespace } from './ingest/namespace';
import { TmLinkIngest } from './ingest/tmLink';
import { socketParser } from './ingest/parser';
import { TelemetryProcessor } from './ingest/processor';
import type { StationAuthenticator } from './ingest/stationAuth';
import { StationStatsBook } from './ingest/stationStats';
import { ClusterRelay } from './cluster/relay';
import { relayRevocations } from './cluster/revocations';
import type { ClusterConnection } from './cluster/redis';
import { AlarmBook } from './limits/alarms';
import type { LiveFeed } from './live/feed';
import { LiveHub } from './live/hub';
import { LinkMonitor } from './state/linkMonitor';
import { Metrics } from './metrics';
import { PassSchedule, type PassPredictor } from './passes/schedule';
import type { SimulatorControl } from './sim/control';
import { CurrentValues } from './state/currentValues';
import { FleetView, type StatusThresholds } from './state/fleet';
import { restoreState } from './state/restore';
import type { Store } from './store/types';
import { createAuth, type Auth } from './auth';
import type { ConnectionLimits } from './auth/admission';
import { createSqliteAuthStore } from './auth/sqliteStore';
import { secureHttp, secureSockets } from './auth/wire';

export interface AppOptions {
  dictionary: Dictionary;
  store: Store;
  /** Decides which stations may connect to /ingest (see tokenAuthenticator). */
  stationAuth: StationAuthenticator;
  clock?: Clock;
  /** The embedded simulator, when it runs in this process. */
  simulator?: SimulatorControl;
  /** Pass prediction; without it every spacecraft counts as possibly in contact. */
  predictPasses?: PassPredictor;
  thresholds?: Partial<StatusThresholds>;
  /** Interval of coalesced live updates (default: 1000 / LIVE_MAX_UPDATES_PER_S). */
  liveIntervalMs?: number;
  /** Samples, frames and events older than this are deleted (default: keep everything). */
  retentionMs?: number;
  groupCommit?: { maxDelayMs?: number; maxFrames?: number };
  rateLimit?: { framesPerS: number; burst: number };
  /** Wall-clock period of the stale/lost check and retention housekeeping (0 disables the timer). */
  housekeepingMs?: number;
  /** Folder with the built dashboard; served when it exists. */
  clientDir?: string;
  /**
   * Users, sessions, roles, kiosk links and the constellation agreement. Without it the app has an empty
   * in-memory auth store: every route but login answers 401 until users are added through `app.auth`.
   */
  auth?: Auth;
  /** Trust X-Forwarded-* headers from a reverse proxy (HTTPS detection for Secure cookies). */
  trustProxy?: boolean;
  connectionLimits?: Partial<ConnectionLimits>;
  /** Peers through Redis (several nodes on one PostgreSQL archive); closed with the app. */
  cluster?: ClusterConnection;
}

export interface OrtaqApp {
  auth: Auth;
  httpServer: HttpServer;
  io: SocketServer;
  context: AppContext;
  /** Runs the periodic checks (stale/lost, shelving expiry, retention) at the clock's current time. */
  tick(): Promise<void>;
  /** Waits until every queued write is committed. */
  flush(): Promise<void>;
  /** Disconnects every socket of a station (after its token is revoked). */
  disconnectStation(stationId: string): void;
  /** Stops accepting connections, flushes pending writes and closes the archive. */
  close(): Promise<void>;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { staleMs: 30_000, lostMs: 300_000 };
const HOUR_MS = 3_600_000;

export async function createApp(options: AppOptions): Promise<OrtaqApp> {
  const clock = options.clock ?? systemClock;
  const index = indexDictionary(options.dictionary);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const current = new CurrentValues();
  const alarms = new AlarmBook(randomUUID);
  const stations = new StationStatsBook();
  const metrics = new Metrics();
  const schedule = new PassSchedule(index, options.predictPasses ?? null);
  await restoreState({ store: options.store, index, current, alarms, stations, clock });
  const auth =
    options.auth ??
    createAuth({
      store: createSqliteAuthStore(':memory:'),
      clock: systemClock,
      dictionary: options.dictionary,
    });

  const httpServer = createServer();
  const io = new SocketServer(httpServer, {
    serveClient: false,
    parser: socketParser,
    // A station batch of 1000 frames of ~100 bytes fits easily; anything far larger is refused.
    maxHttpBufferSize: 2_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // The Redis adapter keeps no sessions, so recovery never succeeds there: dashboards catch up from the
    // archive instead (sinceMs), which works whichever node they reconnect to.
    ...(options.cluster ? { adapter: options.cluster.adapter } : {}),
  });
  const hub = new LiveHub(io, metrics, options.liveIntervalMs ?? 1000 / LIVE_MAX_UPDATES_PER_S);
  const relay = options.cluster
    ? new ClusterRelay({ io, nodeId: options.cluster.nodeId, index, current, alarms, stations, local: hub })
    : null;
  const live: LiveFeed = relay ?? hub;
  // Processing and group commit need each other: the committer hands committed frames to the processor,
  // the processor hands the alarms and events it produced back to the next commit.
  let committer: GroupCommitter | null = null;
  const processor = new TelemetryProcessor({
    index,
    clock,
    current,
    alarms,
    stations,
    live,
    requestCommit: () => committer?.requestSideCommit(),
  });
  committer = new GroupCommitter(options.store, {
    maxDelayMs: options.groupCommit?.maxDelayMs ?? 4,
    maxFrames: options.groupCommit?.maxFrames ?? 4000,
    maxInFlight: options.store.commitConcurrency,
    collectSide: (withAlarms) => {
      const side = processor.takeSide(withAlarms);
      relay?.stationCounters(side.stations);
      return side;
    },
    alarmsPending: () => alarms.hasDirty(),
    onCommitted: (frames, unique, writeMs) => {
      const stored = unique.filter(Boolean).length;
      metrics.framesStored += stored;
      metrics.framesDuplicate += frames.length - stored;
      metrics.storeWrites++;
      metrics.storeWriteSeconds += writeMs / 1000;
      if (frames.length > 0) metrics.ingestLagSeconds = (clock.now() - frames[0]!.receivedMs) / 1000;
      processor.committed(frames, unique);
    },
  });
  const context: AppContext = {
    index,
    codec: new FrameCodec(options.dictionary),
    clock,
    store: options.store,
    current,
    alarms,
    stations,
    schedule,
    fleet: new FleetView({ index, current, alarms, schedule, thresholds, startedMs: clock.now() }),
    processor,
    committer,
    metrics,
    live,
    thresholds,
    simulator: options.simulator,
  };
  hub.attach(context);

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '100kb' }));
  secureHttp(app, auth, {
    clock,
    trustProxy: options.trustProxy,
    alarmSpacecraft: (id) => alarms.get(id)?.spacecraftId,
  });
  mountApi(app, context);
  app.use('/api', notFoundHandler);
  serveClient(app, options.clientDir);
  app.use(notFoundHandler);
  app.use(errorHandler);
  httpServer.on('request', app);

  const tmLink = TmLinkIngest.withDefaultLink(options.dictionary.spacecraft);
  stations.linkChannels = (stationId) => tmLink.linkChannels(stationId);
  const ingest: IngestNamespace = mountIngest(io, {
    codec: context.codec,
    clock,
    auth: options.stationAuth,
    committer: context.committer,
    stations,
    metrics,
    rateLimit: options.rateLimit ?? { framesPerS: 20_000, burst: 40_000 },
    tmLink,
  });
  const stopRevocations = secureSockets(io, auth, {
    httpServer,
    ingest,
    live: io.of(LIVE_NAMESPACE),
    limits: options.connectionLimits,
  });
  // Peers cut their sockets for revocations made here, and this node for theirs.
  const stopRevocationRelay = options.cluster
    ? relayRevocations(io, auth.revocations, options.cluster.nodeId)
    : null;

  const monitor = new LinkMonitor(context);
  let lastPruneMs = -Infinity;
  let lastSessionPurgeMs = -Infinity;
  const tick = async () => {
    const now = clock.now();
    // With peers, one node (the lease holder) raises link alarms and prunes; the others hear of it.
    if (options.cluster && !options.cluster.isLeader()) return;
    monitor.check(now);
    if (options.retentionMs !== undefined && now - lastPruneMs >= HOUR_MS) {
      lastPruneMs = now;
      await context.committer.flush();
      await options.store.pruneBefore(now - options.retentionMs);
    }
    // Expired sessions are refused when presented; this removes those never presented again (wall clock).
    if (auth.clock.now() - lastSessionPurgeMs >= HOUR_MS) {
      lastSessionPurgeMs = auth.clock.now();
      await auth.accounts.purgeExpiredSessions();
    }
  };
  const housekeepingMs = options.housekeepingMs ?? 1000;
  const timer = housekeepingMs > 0 ? setInterval(() => void tick().catch(logError), housekeepingMs) : null;

  return {
    auth,
    httpServer,
    io,
    context,
    tick,
    flush: () => context.committer.flush(),
    disconnectStation: (stationId) => {
      for (const socket of ingest.sockets.values()) {
        if (socket.data.stationId === stationId) socket.disconnect(true);
      }
    },
    close: async () => {
      if (timer) clearInterval(timer);
      hub.stop();
      // io.close() also closes the HTTP server: no new connections from here on.
      await io.close();
      await context.committer.close();
      relay?.stop();
      stopRevocationRelay?.();
      await options.cluster?.close();
      await options.store.close();
      stopRevocations();
      await auth.close();
    },
  };
}

function serveClient(app: express.Express, clientDir: string | undefined): void {
  if (!clientDir || !fs.existsSync(path.join(clientDir, 'index.html'))) return;
  app.use(express.static(clientDir, { index: false }));
  // Every dashboard view is a client-side URL: answer them all with the app.
  app.get('/{*path}', (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
}

function logError(error: unknown): void {
  console.error('housekeeping failed', error);
}
