// The one judgement of a pass: from the evidence gathered after it ended (evidence.ts), its outcome, the
// cause of a miss or a partial pass, and whether the record is settled. Pure: no archive, no clock; the
// recorder, the tests and the simulator check all call this and nothing else to decide an outcome.
import type { PassPrediction } from '../../shared/protocol/api';
import {
  MAX_CONTACT_GAPS,
  type ContactCause,
  type ContactGap,
  type ContactOutcome,
  type ContactRecord,
} from '../../shared/protocol/contacts';
import type { MaintenanceMark } from '../../shared/protocol/maintenance';
import { RECEPTION_CELL_MS } from '../archive/receptionCells';
import type { ReceptionRow } from '../archive/types';
import { cadenceMs, gapThresholdMs, silences } from '../passes/receptionGaps';

/** What the spacecraft's own telemetry of the pass's time says, read from the archive (playback included). */
export interface OnboardEvidence {
  /** A transmitter state sample other than on inside the pass. */
  transmitterOff: boolean;
  /** The reboot counter rose around the pass. */
  rebooted: boolean;
}

/** What a record keeps of its predicted pass: enough to judge it again. */
export type ContactPass = Pick<
  PassPrediction,
  'spacecraftId' | 'stationId' | 'aosMs' | 'losMs' | 'maxElevationDeg'
>;

export interface ContactEvidence {
  pass: ContactPass;
  /** A maintenance window of the station or the spacecraft overlapping the pass. */
  planned: MaintenanceMark | null;
  /** The spacecraft transmits nothing by plan (a notional spacecraft of the mission). */
  notExpected: boolean;
  /** This station's reception rows over the pass (packet time; rows of played-back packets included). */
  own: readonly ReceptionRow[];
  /** Packet times of the spacecraft's realtime packets over the pass, heard by any station, sorted. */
  realtimeMs: readonly number[];
  /** Packet times of all the spacecraft's packets over the pass, played back ones included. */
  telemetryMs: readonly number[];
  onboard: OnboardEvidence;
  /** The spacecraft's realtime packets per second measured at an earlier pass, for a pass that gives none. */
  knownRatePerS: number | null;
  /** What the TM link layer counted of this station and spacecraft over the pass, when it saw it. */
  link: { frames: number; lost: number } | null;
  nowMs: number;
}

/** Heard for this share of the pass or more: completed (the edges of a pass fade in and out). */
export const COMPLETED_SHARE = 0.9;
/**
 * Missed and partial passes stay open to new evidence this long at least (a station replaying what it
 * buffered while cut off), and until the spacecraft's telemetry of the pass arrived, at most SETTLE_LIMIT_MS
 * (its recorder's dump comes at a later pass; a day covers every orbit of the fleet's).
 */
export const REVIEW_MS = 30 * 60_000;
export const SETTLE_LIMIT_MS = 24 * 3_600_000;

const cellOf = (timeMs: number) => Math.floor(timeMs / RECEPTION_CELL_MS);

function outcomeOf(heard: boolean, heardFraction: number, e: ContactEvidence): ContactOutcome {
  if (heard && heardFraction >= COMPLETED_SHARE) return 'completed';
  if (e.notExpected) return 'not_expected';
  if (e.planned) return 'planned';
  return heard ? 'partial' : 'missed';
}

/** Station's side when any station heard the spacecraft live while this one did not; then the spacecraft's. */
function causeOf(gaps: readonly ContactGap[], e: ContactEvidence): ContactCause {
  const heardElsewhere = e.realtimeMs.some((t) => gaps.some((g) => g.fromMs < t && t < g.toMs));
  if (heardElsewhere) return 'station';
  if (e.onboard.transmitterOff || e.onboard.rebooted) return 'spacecraft';
  return 'unknown';
}

function ratePerS(e: ContactEvidence, cadence: number | null): number | null {
  const times = e.realtimeMs;
  if (times.length < 2 || cadence === null) return e.knownRatePerS;
  const spanMs = times[times.length - 1]! - times[0]! + cadence;
  return (times.length * 1000) / spanMs;
}

function snrOf(rows: readonly ReceptionRow[]) {
  let sum = 0;
  let count = 0;
  let best: number | null = null;
  for (const row of rows) {
    sum += row.snrSumDb;
    count += row.snrCount;
    if (row.bestSnrDb !== null && (best === null || row.bestSnrDb > best)) best = row.bestSnrDb;
  }
  return { bestSnrDb: best, meanSnrDb: count > 0 ? Math.round((sum / count) * 10) / 10 : null };
}

export function judgeContact(e: ContactEvidence): ContactRecord {
  const { pass } = e;
  const passMs = Math.max(1, pass.losMs - pass.aosMs);
  // Only live reception counts as hearing the pass: a row whose second holds no realtime packet is a dump of
  // recorded telemetry heard at another time (receptions are kept by packet time).
  const live = new Set(e.realtimeMs.map(cellOf));
  const own = e.own.filter((row) => live.has(cellOf(row.firstMs)));
  const cadence = cadenceMs(e.realtimeMs);
  const gaps = silences(own, pass.aosMs, pass.losMs, gapThresholdMs(cadence));
  const silentMs = gaps.reduce((sum, g) => sum + (g.toMs - g.fromMs), 0);
  const heardFraction = own.length === 0 ? 0 : Math.max(0, Math.min(1, 1 - silentMs / passMs));
  const outcome = outcomeOf(own.length > 0, heardFraction, e);
  const failed = outcome === 'missed' || outcome === 'partial';
  const cause = failed ? causeOf(gaps, e) : null;
  const sinceLosMs = e.nowMs - pass.losMs;
  // The spacecraft's own account of the silences is in: nothing more is coming that could explain them.
  const covered = e.telemetryMs.some((t) => gaps.some((g) => g.fromMs <= t && t <= g.toMs));
  const settled = !failed || (covered && sinceLosMs >= REVIEW_MS) || sinceLosMs >= SETTLE_LIMIT_MS;
  const rate = ratePerS(e, cadence);
  const packetsExpected = rate === null ? null : Math.round((rate * passMs) / 1000);
  const packetsReceived = own.reduce((sum, row) => sum + row.frames, 0);
  const longest = [...gaps].sort((a, b) => b.toMs - b.fromMs - (a.toMs - a.fromMs));
  return {
    spacecraftId: pass.spacecraftId,
    stationId: pass.stationId,
    aosMs: pass.aosMs,
    losMs: pass.losMs,
    maxElevationDeg: pass.maxElevationDeg,
    outcome,
    cause,
    settled,
    heardFraction: Math.round(heardFraction * 1000) / 1000,
    packetsExpected,
    packetsReceived,
    framesExpected: e.link ? e.link.frames + e.link.lost : packetsExpected,
    framesReceived: e.link ? e.link.frames : packetsReceived,
    lostFrames: e.link ? e.link.lost : null,
    gaps: longest.slice(0, MAX_CONTACT_GAPS).sort((a, b) => a.fromMs - b.fromMs),
    ...snrOf(own),
    ...(e.planned && outcome === 'planned' ? { planned: e.planned } : {}),
    judgedAtMs: e.nowMs,
  };
}
