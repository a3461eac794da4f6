// One running Ortaq built from one mission: archive, users, app and the built-in simulator, listening on one
// address. The process (server/index.ts) starts one at boot and replaces it whole when the mission is
// reloaded, so a reload gives exactly what a restart on the new mission folder would.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../shared/clock';
import { missionFrameDecoder } from '../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../shared/mission/frameEncoder';
import { predictPasses } from '../shared/orbit';
import { createApp, type OrtaqApp } from './app';
import { createAuth, ensureFirstAdmin, type FirstAdmin } from './auth';
import { readAuthConfig } from './auth/config';
import { openAuthStore } from './auth/openStore';
import { connectPeers, openArchive } from './cluster/deployment';
import type { Config } from './config';
import { loadOrCreateSigner } from './ledger/signer';
import type { RunnableMission } from './mission/folder';
import type { MissionReloader } from './mission/reloader';
import { readNotifyConfig } from './notify/config';
import { openNotifyStore } from './notify/openStore';
import { openOperationsStore } from './operations/openStore';
import { fillHistory } from './sim/backfill/attach';
import { embeddedSimulator, type EmbeddedSimulator } from './sim/embedded';
import { newestArchivedMs } from './state/resumeTime';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface InstanceOptions {
  config: Config;
  mission: RunnableMission;
  /** The port to listen on: the configured one at boot, the one actually bound when reloading. */
  port: number;
  missionReloader: MissionReloader;
  log(message: string): void;
}

export interface OrtaqInstance {
  ortaq: OrtaqApp;
  /** The port bound (PORT=0 picks a free one). */
  port: number;
  /** The admin made at the first start, if this start made one. */
  firstAdmin: FirstAdmin | null;
  /** Stops the simulator, then closes sockets, writes what is pending and closes every store. */
  close(): Promise<void>;
}

/**
 * Opens the stores, builds the app and listens; resolves once listening, then flies the simulator. Throws
 * when a store cannot be opened or the address cannot be bound (the caller decides whether that ends the
 * process).
 */
export async function startInstance(options: InstanceOptions): Promise<OrtaqInstance> {
  const { config, mission } = options;
  const dictionary = mission.dictionary;
  const decoder = missionFrameDecoder(mission);
  // The archive opens first: the simulator's clock must not start before what it already holds.
  const archive = await openArchive(config, { dictionary, decoder });
  const sim = config.simulator
    ? embeddedSimulator({
        dictionary,
        ...config.sim,
        externalStations: new Set(config.stationTokens.keys()),
        wallClockMs: Date.now(),
        notBeforeMs: (await newestArchivedMs(archive)) ?? undefined,
        backfillHours: config.sim.backfillHours,
        anomaly: config.sim.anomaly,
        links: mission.links,
        encoder: missionFrameEncoder(mission),
        log: simulatorLog,
      })
    : null;

  // Users, sessions, station tokens and the audit log (in the shared PostgreSQL database when there is one);
  // sessions expire on the wall clock, whatever the simulator's speed.
  const authConfig = readAuthConfig(process.env, dictionary);
  const auth = createAuth({
    store: await openAuthStore(config),
    clock: systemClock,
    dictionary,
    agreement: authConfig.agreement,
  });
  await auth.stations.importConfigured(new Map([...config.stationTokens, ...(sim?.stationTokens ?? [])]));
  const firstAdmin = await ensureFirstAdmin(auth, authConfig.adminPartner, authConfig.adminPassword);

  const ortaq = await createApp({
    auth,
    trustProxy: authConfig.trustProxy,
    dictionary,
    links: mission.links,
    decoder,
    store: archive,
    cluster: await connectPeers(config),
    stationAuth: auth.stations,
    clock: sim?.simulator.clock,
    simulator: sim?.simulator.control,
    missionReloader: options.missionReloader,
    predictPasses: sim?.predictPasses ?? predictPasses,
    thresholds: config.thresholds,
    retentionMs: config.retentionMs,
    clientDir: path.join(root, 'dist', 'client'),
    notify: { store: await openNotifyStore(config), ...readNotifyConfig() },
    operations: { store: await openOperationsStore(config) },
    ledgerSigner: loadOrCreateSigner(config.ledgerKeyFile),
    notificationsPaused: () => sim?.simulator.fillingHistory ?? false,
  });

  const port = await listen(ortaq, options.port, config.host).catch(async (error: unknown) => {
    await ortaq.close();
    throw error;
  });

  let closed = false;
  if (sim) void goLive(sim, `http://${loopbackOr(config.host)}:${port}`);

  /** Fills the past first when the plan says so (the server answers meanwhile), then flies the present. */
  async function goLive(embedded: EmbeddedSimulator, serverUrl: string): Promise<void> {
    if (embedded.anomalySpacecraftId) {
      simulatorLog(`${embedded.anomalySpacecraftId}: battery ageing (ORTAQ_SIM_ANOMALY=off turns it off)`);
    }
    if (embedded.backfill) {
      await fillHistory({
        server: ortaq,
        audit: auth.audit,
        mayDeliver: (stationId, spacecraftId) => auth.policy.mayDeliver(stationId, spacecraftId),
        sim: embedded,
        plan: embedded.backfill,
        log: simulatorLog,
      });
    }
    if (closed) return;
    embedded.simulator.start(serverUrl, embedded.stationTokens);
    simulatorLog(
      `${dictionary.spacecraft.length} spacecraft, stations ${[...embedded.stationTokens.keys()].join(', ')}; ` +
        `simulated time runs live from ${new Date(embedded.liveClock.now()).toISOString()} at ${config.sim.speed}×`,
    );
  }

  function simulatorLog(message: string): void {
    options.log(`simulator: ${message}`);
  }

  return {
    ortaq,
    port,
    firstAdmin,
    close: async () => {
      closed = true;
      await sim?.simulator.stop();
      await ortaq.close();
    },
  };
}

/** The address could not be bound (port taken, no permission). */
export class ListenError extends Error {}

function listen(ortaq: OrtaqApp, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Listening can fail: a rejection, not an unhandled 'error' event.
    const onError = (error: Error) =>
      reject(new ListenError(`cannot listen on ${host}:${port}: ${error.message}`));
    ortaq.httpServer.once('error', onError);
    ortaq.httpServer.listen(port, host, () => {
      ortaq.httpServer.off('error', onError);
      resolve((ortaq.httpServer.address() as AddressInfo).port);
    });
  });
}

/** Where the in-process stations reach the server: loopback when it listens on every interface. */
function loopbackOr(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
