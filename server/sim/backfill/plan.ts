// What a first start flies before it goes live: which window of the past, and the few fault episodes that
// give that history something for an operator to have handled (alarms raised, acknowledged, cleared). Pure:
// the pass predictions and the times come in as arguments.
import type { FaultKind } from '../../../shared/protocol/sim';
import type { PassPrediction } from '../../../shared/protocol/api';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface BackfillRequest {
  /** ORTAQ_SIM_BACKFILL_HOURS; 0 turns the backfill off. */
  hours: number;
  /** Only an empty archive is filled: a restart must never write a second past beside the archived one. */
  archiveEmpty: boolean;
  /** Where the live flight starts (the present, or ORTAQ_SIM_START). */
  startMs: number;
}

/** A fault switched on during a pass of the past and off again. */
export interface FaultEpisode {
  spacecraftId: string;
  stationId: string;
  fault: FaultKind;
  fromMs: number;
  toMs: number;
}

export interface BackfillPlan {
  hours: number;
  fromMs: number;
  /** The live start the flight must reach (the live clock may have run on by then). */
  toMs: number;
  episodes: FaultEpisode[];
}

/** Where in the window (as a share of it) an episode is looked for: early, midway, late. */
const EPISODE_AT = [0.3, 0.6, 0.85] as const;
/**
 * An overheating transmitter: its temperature passes yellow and red within minutes of a pass and the
 * amplifier trips; switched off after EPISODE_MS it cools back through its limits before LOS.
 */
const EPISODE_FAULT: FaultKind = 'tx_failure';
const EPISODE_LEAD_MS = MINUTE_MS;
const EPISODE_MS = 6 * MINUTE_MS;
/** A pass long enough to hold an episode and the cooling after it. */
const MIN_PASS_MS = 8 * MINUTE_MS;

/** The window to fly, or null when nothing is to be filled. */
export function planWindow(request: BackfillRequest): Omit<BackfillPlan, 'episodes'> | null {
  if (!(request.hours > 0) || !request.archiveEmpty) return null;
  return { hours: request.hours, fromMs: request.startMs - request.hours * HOUR_MS, toMs: request.startMs };
}

/**
 * The window and its episodes: at each point of EPISODE_AT, the first long enough pass after it, each on
 * another spacecraft (none of them `avoid`, the spacecraft whose anomaly should stay the one story it tells).
 */
export function planBackfill(
  request: BackfillRequest,
  passes: readonly PassPrediction[],
  avoid: ReadonlySet<string> = new Set(),
): BackfillPlan | null {
  const window = planWindow(request);
  if (!window) return null;
  const span = window.toMs - window.fromMs;
  const candidates = passes
    .filter((p) => p.losMs - p.aosMs >= MIN_PASS_MS && !avoid.has(p.spacecraftId))
    .filter((p) => p.aosMs >= window.fromMs && p.losMs <= window.toMs)
    .sort((a, b) => a.aosMs - b.aosMs);
  const used = new Set<string>();
  const episodes: FaultEpisode[] = [];
  for (const share of EPISODE_AT) {
    const after = window.fromMs + share * span;
    const pass = candidates.find((p) => p.aosMs >= after && !used.has(p.spacecraftId));
    if (!pass) continue;
    used.add(pass.spacecraftId);
    const fromMs = pass.aosMs + EPISODE_LEAD_MS;
    episodes.push({
      spacecraftId: pass.spacecraftId,
      stationId: pass.stationId,
      fault: EPISODE_FAULT,
      fromMs,
      toMs: fromMs + EPISODE_MS,
    });
  }
  return { ...window, episodes };
}
