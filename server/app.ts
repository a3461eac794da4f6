// Composition root: builds the HTTP server, REST API and socket.io from their dependencies. Only
// server/index.ts reads the environment and listens; tests build the same app and listen on port 0.
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import { systemClock, type Clock } from '../shared/clock';
import type { FrameDecoder } from '../shared/codec';
import { indexDictionary, type Dictionary } from '../shared/dictionary';
import type { PhysicalChannelConfig } from '../shared/link';
import { LIVE_MAX_UPDATES_PER_S, LIVE_NAMESPACE } from '../shared/protocol/live';
import { mountApi } from './api/routes';
import type { ApiServices } from './api/services';
import { errorHandler, notFoundHandler } from './api/errors';
import { mountIngest, type IngestNamespace } from './ingest/namespace';
import { createSocketParser } from './ingest/parser';
import { TmLinkIngest } from './ingest/tmLink';
import { resumeReassembly, saveReassembly, writeLinkCells } from './ingest/linkPersistence';
import { localIngest, type LocalFrame, type LocalIngestOptions } from './ingest/local';
import { createIngestPipeline } from './ingest/pipeline';
import type { StationAuthenticator } from './ingest/stationAuth';
import { StationStatsBook } from './state/stationStats';
import { ClusterRelay } from './cluster/relay';
import { relayRevocations } from './cluster/revocations';
import type { ClusterConnection } from './cluster/redis';
import { AlarmBook, type AlarmChange } from './limits/alarms';
import { LimitService } from './limits/changes';
import { relayLimitChanges } from './cluster/limits';
import type { LiveFeed } from './live/feed';
import { LiveHub } from './live/hub';
import { LinkMonitor } from './state/linkMonitor';
import { DependencyHealth } from './health';
import { Metrics } from './metrics';
import { housekeeping } from './housekeeping';
import { PeriodicTask } from './periodicTask';
import { scopedToRequest } from './processGuard';
import { PassSchedule, type PassPredictor } from './passes/schedule';
import type { SimulatorControl } from './sim/control';
import { CurrentValues } from './state/currentValues';
import { FleetView, type StatusThresholds } from './state/fleet';
import { restoreState } from './state/restore';
import type { Store } from './archive/types';
import { ArchiveWatch } from './archive/watch';
import { createAuth, type Auth } from './auth';
import type { ConnectionLimits } from './auth/admission';
import { createSqliteAuthStore } from './auth/sqliteStore';
import { secureHttp, secureResponses, secureSockets } from './auth/wire';
import { Notifier, type NotifyOptions } from './notify';
import { createSqliteNotifyStore } from './notify/sqliteStore';
import { contactOf } from './notify/contact';
import { mountAckLinks, notifyRoutes } from './notify/routes';
import { MaintenanceBook, markOf, overlappingWindow } from './operations/maintenance';
import { maintenanceRoutes } from './operations/routes';
import { contactRoutes } from './contacts/routes';
import { shiftLogAlarms } from './operations/shiftLog';
import { shiftLogRoutes } from './operations/shiftLogRoutes';
import { createSqliteOperationsStore } from './operations/sqliteStore';
import type { OperationsStore } from './operations/store';
import { LedgerBook, ownersOf } from './ledger/book';
import { ledgerHousekeeping } from './ledger/housekeeping';
import { ephemeralSigner, type LedgerSigner } from './ledger/signer';
import type { MissionReloader } from './mission/reloader';
import { judgePass } from './contacts/evidence';
import { ContactRecorder } from './contacts/recorder';

export interface AppOptions {
  dictionary: Dictionary;
  /** The physical channel of each spacecraft's TM frames, by id: the mission's `link:` sections. */
  links: ReadonlyMap<string, PhysicalChannelConfig>;
  /**
   * How archive-form frames are read (ingest, catch-up): the decoder generated from the mission's XTCE
   * (shared/mission/frameDecoder.ts), so the mission file, not compiled code, says what a packet holds.
   */
  decoder: FrameDecoder;
  store: Store;
  /** Decides which stations may connect to /ingest (see tokenAuthenticator). */
  stationAuth: StationAuthenticator;
  clock?: Clock;
  /** The embedded simulator, when it runs in this process. */
  simulator?: SimulatorControl;
  /** Reloads the mission folder (POST /api/admin/mission/reload); without it that route answers 404. */
  missionReloader?: MissionReloader;
  /** Pass prediction; without it every spacecraft counts as possibly in contact. */
  predictPasses?: PassPredictor;
  thresholds?: Partial<StatusThresholds>;
  /** Interval of coalesced live updates (default: 1000 / LIVE_MAX_UPDATES_PER_S). */
  liveIntervalMs?: number;
  /** Samples, frames and events older than this are deleted (default: keep everything). */
  retentionMs?: number;
  groupCommit?: { maxDelayMs?: number; maxFrames?: number; maxQueuedFrames?: number };
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
  /**
   * Trust X-Forwarded-* headers from one reverse proxy in front: HTTPS detection for Secure cookies and HSTS,
   * and the client address (the one the proxy appended) for login throttling and connection limits.
   */
  trustProxy?: boolean;
  connectionLimits?: Partial<ConnectionLimits>;
  /** Peers through Redis (several nodes on one PostgreSQL archive); closed with the app. */
  cluster?: ClusterConnection;
  /** Notification channels and outbox; without it an in-memory store (nothing survives a restart). */
  notify?: NotifyOptions;
  /** Maintenance windows and the shift log; without a store an in-memory one. `refreshMs`: windows' re-read. */
  operations?: { store?: OperationsStore; refreshMs?: number };
  /** The key that signs ledger statements (server/ledger/signer.ts); without it, one for this process only. */
  ledgerSigner?: LedgerSigner;
  /**
   * While true, alarm transitions are not notified: the simulator fills the past at a first start, and nobody
   * is paged for alarms of a simulated yesterday.
   */
  notificationsPaused?: () => boolean;
}

export interface OrtaqApp {
  auth: Auth;
  /** The archive's and the cluster bus's health as /healthz reports it. */
  health: DependencyHealth;
  httpServer: HttpServer;
  /** The Express app behind httpServer's non-engine.io requests (the route-declaration test walks its router). */
  expressApp: express.Express;
  io: SocketServer;
  /** The archive this node writes (closed with the app). */
  archive: Store;
  clock: Clock;
  /** Current values and the alarm book as processing holds them. */
  current: CurrentValues;
  alarms: AlarmBook;
  metrics: Metrics;
  /** Limits changed at run time. */
  limits: LimitService;
  notifier: Notifier;
  /** Records an alarm transition made outside telemetry (event log, archive, live, notifications). */
  alarmChanged(change: AlarmChange, timeMs: number): void;
  /** Frames delivered in-process (the first-start backfill): decoded, committed and processed as from /ingest. */
  localIngest(options: LocalIngestOptions): (frames: readonly LocalFrame[]) => Promise<void>;
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

export async function createApp(options: AppOptions): Promise<OrtaqApp> {
  const clock = options.clock ?? systemClock;
  const index = indexDictionary(options.dictionary);
  const archive = options.store;
  const current = new CurrentValues();
  const maintenance = new MaintenanceBook(
    options.operations?.store ?? createSqliteOperationsStore(':memory:'),
    clock,
    options.operations?.refreshMs,
  );
  await maintenance.refresh();
  const alarms = new AlarmBook(randomUUID, (spacecraftId, atMs) =>
    maintenance.spacecraftMark(spacecraftId, atMs),
  );
  const stations = new StationStatsBook();
  const metrics = new Metrics();
  const health = new DependencyHealth();
  const archiveWatch = new ArchiveWatch(archive, health);
  const stopClusterWatch = options.cluster?.onReachability((problem) =>
    problem === null ? health.recovered('cluster') : health.degraded('cluster', 'unreachable', problem),
  );
  const schedule = new PassSchedule(index, options.predictPasses ?? null);
  // Limits changed at run time are in force before the first sample is judged (restore included).
  const limits = new LimitService(archive, clock);
  await limits.load();
  await restoreState({
    archive,
    index,
    current,
    alarms,
    stations,
    clock,
    limits: limits.book,
    codec: options.decoder,
  });
  const auth =
    options.auth ??
    createAuth({
      store: createSqliteAuthStore(':memory:'),
      clock: systemClock,
      dictionary: options.dictionary,
    });

  const notifier = new Notifier(
    options.notify?.store ?? createSqliteNotifyStore(':memory:'),
    {
      index,
      policy: auth.policy,
      audit: auth.audit,
      alarmClock: clock,
      currentAlarm: (id) => alarms.get(id),
      contactOf: (spacecraftId, nowMs) => contactOf(schedule, index, spacecraftId, nowMs),
    },
    options.notify,
  );

  // Express is the HTTP server's request listener before socket.io attaches: engine.io then takes its own
  // path (/socket.io/) away from every earlier listener, so no engine.io request ever reaches Express too (two
  // writers of one response end in ERR_HTTP_HEADERS_SENT). Listeners added after socket.io would see them all.
  const app = express();
  const httpServer = createServer(scopedToRequest(app));
  const io = createSocketServer(httpServer, metrics, options.cluster);
  const codec = options.decoder;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const fleet = new FleetView({ index, current, alarms, schedule, thresholds, startedMs: clock.now() });
  const hub = new LiveHub(
    io,
    { index, clock, codec, archive, current, alarms, limits: limits.book, stations, schedule, fleet, health },
    metrics,
    options.liveIntervalMs ?? 1000 / LIVE_MAX_UPDATES_PER_S,
  );
  const relay = options.cluster
    ? new ClusterRelay({ io, nodeId: options.cluster.nodeId, index, current, alarms, stations, local: hub })
    : null;
  const live: LiveFeed = relay ?? hub;
  const { processor, committer } = createIngestPipeline({
    index,
    clock,
    archive,
    current,
    alarms,
    stations,
    live,
    limits: limits.book,
    metrics,
    archiveWatch,
    groupCommit: options.groupCommit,
    onAlarmChange: (change, timeMs) => {
      if (!options.notificationsPaused?.()) notifier.alarmChanged(change, timeMs);
    },
    onStationCounters: relay ? (deltas) => relay.stationCounters(deltas) : undefined,
  });

  app.disable('x-powered-by');
  secureResponses(app, { trustProxy: options.trustProxy });
  app.use(express.json({ limit: '100kb' }));
  secureHttp(app, auth);
  const ledger = new LedgerBook(options.store, ownersOf(options.dictionary));
  const apiServices: ApiServices = {
    index,
    clock,
    archive,
    current,
    alarms,
    stations,
    schedule,
    fleet,
    flush: () => committer.flush(),
    alarmChanged: (change, timeMs) => processor.alarmChanged(change, timeMs),
    simulator: options.simulator,
    missionReloader: options.missionReloader,
    ledger: { book: ledger, signer: options.ledgerSigner ?? ephemeralSigner() },
    limits,
    maySeeAlarmsOf: async (username, spacecraftId) => {
      const account = await auth.accounts.get(username);
      return (
        account !== undefined &&
        account.role !== 'viewer' &&
        auth.policy.canSee({ partner: account.partner }, spacecraftId, 'telemetry')
      );
    },
    plannedOutage: (stationId, aosMs, losMs) => {
      const window = overlappingWindow(maintenance.windows, { stationId }, aosMs, losMs);
      return window && markOf(window);
    },
  };
  mountApi(app, apiServices, auth, metrics, health, [
    ...notifyRoutes(notifier, { wall: auth.clock, alarm: clock }),
    ...maintenanceRoutes(maintenance, index, () => auth.clock.now()),
    ...contactRoutes({ archive, index }),
    ...shiftLogRoutes({
      store: maintenance.store,
      index,
      alarms: shiftLogAlarms(alarms, archive),
      // The clock alarms run on: entries, onsets and handovers share one time line.
      now: () => clock.now(),
    }),
  ]);
  app.use('/api', notFoundHandler);
  mountAckLinks(app, notifier, auth, apiServices);
  serveClient(app, options.clientDir);
  app.use(notFoundHandler);
  // A request the archive could not answer tells the health book (the answer itself is errorHandler's).
  app.use((error: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
    archiveWatch.failed(error);
    next(error);
  });
  app.use(errorHandler);

  const tmLink = new TmLinkIngest(options.dictionary.spacecraft, options.links);
  stations.linkChannels = (stationId) => tmLink.linkChannels(stationId);
  await resumeReassembly(archive, tmLink);
  const ingest: IngestNamespace = mountIngest(io, {
    codec,
    clock,
    auth: options.stationAuth,
    committer,
    stations,
    metrics,
    rateLimit: options.rateLimit ?? { framesPerS: 20_000, burst: 40_000 },
    mayDeliver: (stationId, spacecraftId) => auth.policy.mayDeliver(stationId, spacecraftId),
    tmLink,
  });
  const stopRevocations = secureSockets(io, auth, {
    httpServer,
    ingest,
    live: io.of(LIVE_NAMESPACE),
    limits: options.connectionLimits,
    trustProxy: options.trustProxy,
    onUnauthenticatedClosed: () => metrics.socketsUnauthenticatedClosed++,
  });
  // Peers cut their sockets for revocations made here, and this node for theirs.
  const stopRevocationRelay = options.cluster
    ? relayRevocations(io, auth.revocations, options.cluster.nodeId)
    : null;
  const stopLimitRelay = options.cluster ? relayLimitChanges(io, limits, options.cluster) : null;

  const monitor = new LinkMonitor({
    index,
    fleet,
    alarms,
    alarmChanged: (change, timeMs) => processor.alarmChanged(change, timeMs),
    spacecraftChanged: (spacecraftId) => live.spacecraftChanged(spacecraftId),
  });
  const ledgerTick = ledgerHousekeeping({
    store: archive,
    book: ledger,
    agreement: auth.agreement,
    flush: () => committer.flush(),
    groundEvent: (event) => processor.groundEvent(event),
  });
  const contactRecorder = new ContactRecorder({
    archive,
    schedule,
    flush: () => committer.flush(),
    judge: (pass, nowMs, knownRatePerS) =>
      judgePass(
        {
          archive,
          index,
          windows: () => maintenance.windows,
        },
        pass,
        nowMs,
        knownRatePerS,
      ),
  });
  const tick = housekeeping({
    clock,
    auth,
    cluster: options.cluster,
    retentionMs: options.retentionMs,
    checkLinks: (nowMs) => monitor.check(nowMs),
    pruneBefore: async (cutoffMs) => {
      await committer.flush();
      await archive.pruneBefore(cutoffMs);
    },
    ledger: ledgerTick,
    contacts: (nowMs) => contactRecorder.tick(nowMs),
  });
  const housekeepingMs = options.housekeepingMs ?? 1000;
  // Every node writes the link cells of its own stations, leader or not (housekeeping's checks are the leader's).
  const tickAll = async () => {
    await writeLinkCells(archive, tmLink);
    await tick();
  };
  const housekeepingTask = new PeriodicTask(tickAll, housekeepingMs, (error: unknown) => {
    if (!archiveWatch.failed(error)) logError(error);
  });

  return {
    auth,
    health,
    httpServer,
    expressApp: app,
    io,
    clock,
    archive,
    current,
    alarms,
    metrics,
    limits,
    notifier,
    alarmChanged: (change, timeMs) => processor.alarmChanged(change, timeMs),
    localIngest: (local) => localIngest({ codec, committer, stations, metrics, ...local }),
    tick: tickAll,
    flush: () => committer.flush(),
    disconnectStation: (stationId) => {
      for (const socket of ingest.sockets.values()) {
        if (socket.data.stationId === stationId) socket.disconnect(true);
      }
    },
    close: async () => {
      await housekeepingTask.stop();
      archiveWatch.stop();
      stopClusterWatch?.();
      hub.stop();
      // io.close() also closes the HTTP server: no new connections from here on.
      await io.close();
      await committer.close();
      await saveReassembly(archive, tmLink);
      await writeLinkCells(archive, tmLink).catch(logError);
      await notifier.close();
      await maintenance.close();
      relay?.stop();
      stopRevocationRelay?.();
      stopLimitRelay?.();
      await options.cluster?.close();
      await archive.close();
      stopRevocations();
      await auth.close();
    },
  };
}

function createSocketServer(
  httpServer: HttpServer,
  metrics: Metrics,
  cluster: ClusterConnection | undefined,
): SocketServer {
  const parser = createSocketParser(() => metrics.messagesOverBudget++);
  metrics.pendingSocketBytes = () => parser.budget.usedBytes;
  return new SocketServer(httpServer, {
    serveClient: false,
    parser,
    // The engine's ceiling for one message, for stations; the parser holds every connection to socket.io's
    // stock 1 MB until a station has authenticated on it (server/ingest/parser.ts).
    maxHttpBufferSize: 2_000_000,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // The Redis adapter keeps no sessions, so recovery never succeeds there: dashboards catch up from the
    // archive instead (sinceMs), which works whichever node they reconnect to.
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
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
