// A mission reload without a process restart: the folder is checked first, and only a mission that can run
// replaces the running one. The replacement itself (closing sockets, stores and simulator, building them
// again from the new mission on the same address) belongs to the process entry point; this module decides
// whether a reload may start and keeps two from overlapping.
import type { MissionReloadResponse } from '../../shared/protocol/mission';
import { InvalidMissionError, type RunnableMission } from './folder';

/**
 * The answer goes out before the sockets close: the replacement waits this long after the check passed.
 * Long enough for one JSON answer on loopback or a LAN, short enough that nobody waits for it.
 */
export const RELOAD_REPLY_GRACE_MS = 250;

export type MissionReloadOutcome =
  | { ok: true; response: MissionReloadResponse }
  | { ok: false; status: 409; code: 'reload_in_progress'; messages: string[] }
  | { ok: false; status: 422; code: 'invalid_mission'; messages: string[] };

/** What POST /api/admin/mission/reload asks of the process that runs Ortaq. */
export interface MissionReloader {
  reload(): MissionReloadOutcome;
}

export interface ReloaderDeps {
  /** Loads and checks the mission folder again (throws InvalidMissionError with the check's messages). */
  load(): RunnableMission;
  /** Replaces the running instance with one built from `mission`; resolves once the new one listens. */
  replace(mission: RunnableMission): Promise<void>;
  /** Runs `task` after `ms` (a timer in the server; tests may run it at once). */
  later(task: () => void, ms: number): void;
  log(message: string): void;
}

export function missionReloader(deps: ReloaderDeps): MissionReloader {
  let replacing = false;
  return {
    reload() {
      if (replacing) {
        return {
          ok: false,
          status: 409,
          code: 'reload_in_progress',
          messages: ['a mission reload is already in progress; try again once the server is back'],
        };
      }
      let mission: RunnableMission;
      try {
        mission = deps.load();
      } catch (error) {
        if (!(error instanceof InvalidMissionError)) throw error;
        return { ok: false, status: 422, code: 'invalid_mission', messages: error.messages };
      }
      replacing = true;
      deps.later(() => {
        deps
          .replace(mission)
          .catch((error: unknown) => deps.log(`mission reload failed: ${String(error)}`))
          .finally(() => {
            replacing = false;
          });
      }, RELOAD_REPLY_GRACE_MS);
      const { dictionary } = mission;
      return {
        ok: true,
        response: {
          partners: dictionary.partners.map((p) => p.id),
          stations: dictionary.stations.map((s) => s.id),
          spacecraft: dictionary.spacecraft.map((s) => s.id),
          restartInMs: RELOAD_REPLY_GRACE_MS,
        },
      };
    },
  };
}
