// Where the simulated clock starts. Contacts over the partner stations come in clusters with gaps of up to
// ~1.5 h, so a realtime start at an arbitrary moment may show nothing for a while; "next-contact" starts
// just before the next moment two partner stations hear the same spacecraft.
import type { Dictionary } from '../../shared/dictionary';
import { predictPasses } from '../../shared/orbit';
import type { TleLines } from '../../shared/orbit';
import type { PassPrediction } from '../../shared/protocol/api';

export type StartChoice = 'now' | 'next-contact' | number;

const SEARCH_MS = 12 * 3_600_000;
/** Start this long before the second station acquires the spacecraft. */
const LEAD_MS = 5_000;

/** Parses "now", "next-contact" or an ISO 8601 UTC time. */
export function parseStart(text: string): StartChoice | undefined {
  if (text === 'now' || text === 'next-contact') return text;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The first moment after fromMs when a second station joins a pass another station already has. */
export function nextSharedContactMs(
  dictionary: Dictionary,
  fromMs: number,
  tles?: ReadonlyMap<string, TleLines>,
): number | undefined {
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
    if (stations.size >= 2) return Math.max(fromMs, pass.aosMs - LEAD_MS);
  }
  return undefined;
}

export function resolveStart(
  choice: StartChoice,
  dictionary: Dictionary,
  wallClockMs: number,
  tles?: ReadonlyMap<string, TleLines>,
): number {
  if (typeof choice === 'number') return choice;
  if (choice === 'now') return wallClockMs;
  return nextSharedContactMs(dictionary, wallClockMs, tles) ?? wallClockMs;
}
