// Where the simulated clock starts. By default the simulator flies the present ("now"), so every time the
// dashboard shows is real UTC. An explicit ISO time is for replays and tests. Either way a start never lies
// before what the archive already holds: a restart must not move time backwards behind archived frames and
// open alarms.
import type { Dictionary } from '../../shared/dictionary';
import { predictPasses } from '../../shared/orbit';
import type { TleLines } from '../../shared/orbit';
import type { PassPrediction } from '../../shared/protocol/api';

export type StartChoice = 'now' | number;

const SEARCH_MS = 12 * 3_600_000;
/** Start this long before the second station acquires the spacecraft. */
const LEAD_MS = 5_000;

/** Parses "now" or an ISO 8601 UTC time. */
export function parseStart(text: string): StartChoice | undefined {
  if (text === 'now') return text;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A pass two stations share: when to start the simulation to see it, and whose it is. */
export interface SharedContact {
  startMs: number;
  spacecraftId: string;
}

/**
 * The first moment after fromMs when a second station joins a pass another station already has. Contacts
 * come in clusters up to ~1.5 h apart: tests and demos pass this as an explicit start to see frames at once.
 */
export function nextSharedContactMs(
  dictionary: Dictionary,
  fromMs: number,
  tles?: ReadonlyMap<string, TleLines>,
): number | undefined {
  return nextSharedContact(dictionary, fromMs, tles)?.startMs;
}

/** nextSharedContactMs with the spacecraft of that pass (which one it is depends on the date). */
export function nextSharedContact(
  dictionary: Dictionary,
  fromMs: number,
  tles?: ReadonlyMap<string, TleLines>,
): SharedContact | undefined {
  const passes: PassPrediction[] = dictionary.spacecraft.flatMap((spacecraft) =>
    dictionary.stations.flatMap((station) =>
      predictPasses(
        { id: spacecraft.id, tle: tles?.get(spacecraft.id) ?? spacecraft.tle },
        station,
        fromMs,
        fromMs + SEARCH_MS,
      ),
    ),
  );
  const byAos = [...passes].sort((a, b) => a.aosMs - b.aosMs);
  for (const pass of byAos) {
    const t = Math.max(pass.aosMs, fromMs) + 1_000;
    const stations = new Set(
      byAos
        .filter((p) => p.spacecraftId === pass.spacecraftId && p.aosMs <= t && t <= p.losMs)
        .map((p) => p.stationId),
    );
    if (stations.size >= 2)
      return { startMs: Math.max(fromMs, pass.aosMs - LEAD_MS), spacecraftId: pass.spacecraftId };
  }
  return undefined;
}

/** The simulated start time: the choice, but never before notBeforeMs (the archive's newest time). */
export function resolveStart(choice: StartChoice, wallClockMs: number, notBeforeMs = -Infinity): number {
  return Math.max(choice === 'now' ? wallClockMs : choice, notBeforeMs);
}
