// Entry point: reads the configuration and the mission folder, starts one Ortaq instance (server/instance.ts)
// listening with the built-in simulator flying against its own /ingest unless ORTAQ_SIM=off, and replaces
// that instance whole when an admin reloads the mission.
import fs from 'node:fs';
import { readAuthConfig } from './auth/config';
import { readConfig } from './config';
import { ListenError, startInstance, type OrtaqInstance } from './instance';
import { InvalidMissionError, missionDir, requireMission, type RunnableMission } from './mission/folder';
import { missionReloader } from './mission/reloader';
import { installProcessGuard } from './processGuard';
import { UnusableDatabaseError } from './sqlite/inspect';
import { formatProblem } from '../shared/xtce/problems';

const MISSION_DIR = missionDir();
const config = readConfig();
fs.mkdirSync(config.dataDir, { recursive: true });

const reloader = missionReloader({
  load: loadForReload,
  replace: replaceInstance,
  later: (task, ms) => setTimeout(task, ms),
  log,
});

let lastGood = startupMission();
let running = await startOrExit(lastGood);
announce(running);

// From here on nothing that goes wrong in one request, socket or dependency ends the process: it is logged,
// counted on /metrics and answered as an error to the request that caused it. (Failing to start still exits.)
installProcessGuard({ onError: (kind) => running.ortaq.metrics.uncaughtError(kind) });

/**
 * A reload: the running instance closes (sockets, pending writes, stores, simulator), one built from the new
 * mission listens on the same port. Should it fail to start (a store that cannot be opened), the last good
 * mission starts again, so the process keeps serving; only when that fails too does it stop.
 */
async function replaceInstance(mission: RunnableMission): Promise<void> {
  const port = running.port;
  log(`mission reload: ${mission.dictionary.spacecraft.length} spacecraft from ${MISSION_DIR}`);
  await running.close();
  try {
    running = await start(mission, port);
    lastGood = mission;
  } catch (error) {
    console.error(`Ortaq cannot start on the reloaded mission (${String(error)}); back to the last good one`);
    running = await startUntilItWorks(lastGood, port);
  }
  announce(running);
}

/** How long to wait before trying again to start on the last good mission (a database coming back). */
const RESTART_RETRY_MS = 5_000;

/** A store that cannot be opened now (a restarting database) is tried again, never the end of the process. */
async function startUntilItWorks(mission: RunnableMission, port: number): Promise<OrtaqInstance> {
  for (;;) {
    try {
      return await start(mission, port);
    } catch (error) {
      console.error(`Ortaq cannot start again (${String(error)}); retrying in ${RESTART_RETRY_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, RESTART_RETRY_MS));
    }
  }
}

/**
 * The mission folder again, with what a start on it reads besides: the constellation agreement must still
 * name only spacecraft and partners of the new mission, or the reload is refused before anything closes.
 */
function loadForReload(): RunnableMission {
  const mission = requireMission(MISSION_DIR);
  try {
    readAuthConfig(process.env, mission.dictionary);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidMissionError(MISSION_DIR, [`the constellation agreement does not fit it: ${reason}`]);
  }
  return mission;
}

function start(mission: RunnableMission, port: number): Promise<OrtaqInstance> {
  return startInstance({ config, mission, port, missionReloader: reloader, log });
}

function announce(instance: OrtaqInstance): void {
  console.log(`Ortaq dashboard: http://${config.host}:${instance.port}/`);
  const firstAdmin = instance.firstAdmin;
  if (firstAdmin) {
    console.log(
      firstAdmin.generatedPassword
        ? `first start: created user "${firstAdmin.username}" with password ${firstAdmin.generatedPassword} (shown once)`
        : `first start: created user "${firstAdmin.username}" with the password in ORTAQ_ADMIN_PASSWORD`,
    );
  }
}

function log(message: string): void {
  console.log(message);
}

/** A damaged or foreign database file, or an address that cannot be bound, ends the start with a message. */
async function startOrExit(mission: RunnableMission): Promise<OrtaqInstance> {
  try {
    return await start(mission, config.port);
  } catch (error) {
    if (error instanceof UnusableDatabaseError) {
      console.error(`Ortaq cannot start: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof ListenError) {
      console.error(`Ortaq ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** The mission ORTAQ_MISSION names; one that cannot run stops the start with the check's messages. */
function startupMission(): RunnableMission {
  try {
    const mission = requireMission(MISSION_DIR);
    // Notes do not stop a start (a string read but not shown, commands skipped); whoever starts sees them.
    for (const note of mission.problems) console.log(`mission ${formatProblem(note)}`);
    return mission;
  } catch (error) {
    if (!(error instanceof InvalidMissionError)) throw error;
    console.error(`Ortaq does not start: ${error.message}`);
    process.exit(1);
  }
}

let shuttingDown = false;
const shutdown = (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log(`${signal}: shutting down`);
  void (async () => {
    await running.close();
    process.exit(0);
  })();
};
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
