// When a pass's reception has a gap: one rule for the contact record's judgement (server/contacts/judge.ts)
// and the per-pass station comparison (summarizeReception), so a pass judged completed and heard in full
// does not list a gap every few seconds beside it. A silence is a gap past 5 s, or past 2.5 housekeeping
// cadences when those are slower: history flown in fast-forward and a simulator at 100× send housekeeping
// every 10 s, where a 5-second rule would call every pause between two packets a gap. The judgement measures
// the cadence on the spacecraft's realtime packets from every station; the comparison, which reads one
// station's reception, on that station's (a station that heard only every twentieth second shows its loss in
// frames received against expected rather than as gaps).
import type { ContactGap } from '../../shared/protocol/contacts';
import { RECEPTION_CELL_MS } from '../archive/receptionCells';
import type { ReceptionRow } from '../archive/types';

/** A silence longer than this between frames of a pass counts as a gap, whatever the cadence. */
export const RECEPTION_GAP_MS = 5_000;
/** A silence counts as a gap past this many cadences of the spacecraft's realtime packets. */
const GAP_CADENCES = 2.5;

const cellOf = (timeMs: number) => Math.floor(timeMs / RECEPTION_CELL_MS);

/**
 * Median spacing of the distinct seconds with realtime packets: the spacecraft's housekeeping cadence. Of an
 * even count the lower middle, so that a handful of seconds (three packets, one pause) does not make the pause
 * the cadence.
 */
export function cadenceMs(realtimeMs: readonly number[]): number | null {
  const seconds = [...new Set(realtimeMs.map(cellOf))].sort((a, b) => a - b);
  if (seconds.length < 3) return null;
  const steps = seconds
    .slice(1)
    .map((s, i) => s - seconds[i]!)
    .sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 2)]! * RECEPTION_CELL_MS;
}

/** The silence that is a gap, for packets at this cadence (null: not known, the fixed 5 s). */
export function gapThresholdMs(cadence: number | null): number {
  return Math.max(RECEPTION_GAP_MS, GAP_CADENCES * (cadence ?? 0));
}

/** Silences longer than thresholdMs in [fromMs, toMs], between reception rows (time order). */
export function silences(
  rows: readonly Pick<ReceptionRow, 'firstMs' | 'lastMs'>[],
  fromMs: number,
  toMs: number,
  thresholdMs: number,
): ContactGap[] {
  const gaps: ContactGap[] = [];
  let previous = fromMs;
  for (const row of rows) {
    if (row.firstMs - previous > thresholdMs) gaps.push({ fromMs: previous, toMs: row.firstMs });
    previous = Math.max(previous, row.lastMs);
  }
  if (toMs - previous > thresholdMs) gaps.push({ fromMs: previous, toMs });
  return gaps;
}
