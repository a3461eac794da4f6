// Entry point: reads the configuration, builds the app, listens, and flies the built-in simulator against
// the server's own /ingest unless ORTAQ_SIM=off.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidMissionError, missionDir, requireMission } from './mission/folder';
import { missionFrameDecoder } from '../shared/mission/frameDecoder';
import { predictPasses } from '../shared/orbit';
import { createApp } from './app';
import { connectPeers, openArchive } from './cluster/deployment';
import { readConfig } from './config';
import { fillHistory } from './sim/backfill/attach';
import { embeddedSimulator, type EmbeddedSimulator } from './sim/embedded';
import { newestArchivedMs } from './state/resumeTime';
import { systemClock } from '../shared/clock';
import { createAuth, ensureFirstAdmin } from './auth';
import { readAuthConfig } from './auth/config';
import { openAuthStore } from './auth/openStore';
import { installProcessGuard } from './processGuard';
import { UnusableDatabaseError } from './sqlite/inspect';
import { readNotifyConfig } from './notify/config';
import { openNotifyStore } from './notify/openStore';
import { openOperationsStore } from './operations/openStore';
import { loadOrCreateSigner } from './ledger/signer';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MISSION = startupMission();
const DICTIONARY = MISSION.dictionary;
const config = readConfig();
fs.mkdirSync(config.dataDir, { recursive: true });

// The archive opens first: the simulator's clock must not start before what it already holds.
const DECODER = missionFrameDecoder(MISSION);
const archive = await openOrExit(() => openArchive(config, { dictionary: DICTIONARY, decoder: DECODER }));
const sim = config.simulator
  ? embeddedSimulator({
      dictionary: DICTIONARY,
      ...config.sim,
      externalStations: new Set(config.stationTokens.keys()),
      wallClockMs: Date.now(),
      notBeforeMs: (await newestArchivedMs(archive)) ?? undefined,
      backfillHours: config.sim.backfillHours,
      anomaly: config.sim.anomaly,
      links: MISSION.links,
      log: simulatorLog,
    })
  : null;

// Users, sessions, station tokens and the audit log (in the shared PostgreSQL database when there is one);
// sessions expire on the wall clock, whatever the simulator's speed.
const authConfig = readAuthConfig(process.env, DICTIONARY);
const auth = createAuth({
  store: await openOrExit(() => openAuthStore(config)),
  clock: systemClock,
  dictionary: DICTIONARY,
  agreement: authConfig.agreement,
});
await auth.stations.importConfigured(new Map([...config.stationTokens, ...(sim?.stationTokens ?? [])]));
const firstAdmin = await ensureFirstAdmin(auth, authConfig.adminPartner, authConfig.adminPassword);

const ortaq = await createApp({
  auth,
  trustProxy: authConfig.trustProxy,
  dictionary: DICTIONARY,
  links: MISSION.links,
  decoder: DECODER,
  store: archive,
  cluster: await connectPeers(config),
  stationAuth: auth.stations,
  clock: sim?.simulator.clock,
  simulator: sim?.simulator.control,
  predictPasses: sim?.predictPasses ?? predictPasses,
  thresholds: config.thresholds,
  retentionMs: config.retentionMs,
  clientDir: path.join(root, 'dist', 'client'),
  notify: { store: await openNotifyStore(config), ...readNotifyConfig() },
  operations: { store: await openOperationsStore(config) },
  ledgerSigner: loadOrCreateSigner(config.ledgerKeyFile),
  notificationsPaused: () => sim?.simulator.fillingHistory ?? false,
});

// From here on nothing that goes wrong in one request, socket or dependency ends the process: it is logged,
// counted on /metrics and answered as an error to the request that caused it. (Failing to start still exits.)
installProcessGuard({ onError: (kind) => ortaq.metrics.uncaughtError(kind) });

// Listening can fail (port taken, no permission): say so and stop, instead of an unhandled 'error' event.
ortaq.httpServer.on('error', (error) => {
  console.error(`Ortaq cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
ortaq.httpServer.listen(config.port, config.host, () => {
  // The port actually bound (PORT=0 picks a free one).
  const { port } = ortaq.httpServer.address() as AddressInfo;
  console.log(`Ortaq dashboard: http://${config.host}:${port}/`);
  if (firstAdmin) {
    console.log(
      firstAdmin.generatedPassword
        ? `first start: created user "${firstAdmin.username}" with password ${firstAdmin.generatedPassword} (shown once)`
        : `first start: created user "${firstAdmin.username}" with the password in ORTAQ_ADMIN_PASSWORD`,
    );
  }
  if (sim) void goLive(sim, `http://${loopbackOr(config.host)}:${port}`);
});

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
  if (shuttingDown) return;
  embedded.simulator.start(serverUrl, embedded.stationTokens);
  simulatorLog(
    `${DICTIONARY.spacecraft.length} spacecraft, stations ${[...embedded.stationTokens.keys()].join(', ')}; ` +
      `simulated time runs live from ${new Date(embedded.liveClock.now()).toISOString()} at ${config.sim.speed}×`,
  );
}

function simulatorLog(message: string): void {
  console.log(`simulator: ${message}`);
}

/** A damaged or foreign database file ends the start with a message naming it, not a stack trace. */
async function openOrExit<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof UnusableDatabaseError)) throw error;
    console.error(`Ortaq cannot start: ${error.message}`);
    process.exit(2);
  }
}

/** The mission ORTAQ_MISSION names; one that cannot run stops the start with the check's messages. */
function startupMission() {
  try {
    return requireMission(missionDir());
  } catch (error) {
    if (!(error instanceof InvalidMissionError)) throw error;
    console.error(`Ortaq does not start: ${error.message}`);
    process.exit(1);
  }
}

/** Where the in-process stations reach the server: loopback when it listens on every interface. */
function loopbackOr(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === 'localhost') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

let shuttingDown = false;
const shutdown = (signal: string) => {
  shuttingDown = true;
  console.log(`${signal}: shutting down`);
  void (async () => {
    await sim?.simulator.stop();
    await ortaq.close();
    process.exit(0);
  })();
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
