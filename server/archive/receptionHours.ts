// Receptions summed per spacecraft, station and hour (seconds heard, packets first brought): what fair share
// (server/ledger/fairShare.ts) totals over windows of up to 93 days. Summing the per-second rows instead reads
// ~80,000 rows a day of a six-station constellation, seconds for a 30-day window; the hours are a few hundred
// rows a day. Each store keeps its hours in the same transaction as the seconds, so the two always agree;
// a window that does not start or end on the hour takes its partial hours from the seconds.
import { splitByCell } from './windowSplit';

export const RECEPTION_HOUR_MS = 3_600_000;

export interface HourSplit {
  /** [from, to) of whole hours, answered from the hours (empty when from = to). */
  hours: { fromMs: number; toMs: number };
  /** The partial hours either side, answered from the seconds: [windowFrom, hours.from) and [hours.to, windowTo). */
  head: { fromMs: number; toMs: number };
  tail: { fromMs: number; toMs: number };
}

/** Splits [fromMs, toMs) into whole hours and the partial hours at its ends; no instant is in two parts. */
export function splitByHour(fromMs: number, toMs: number): HourSplit {
  const { cells, head, tail } = splitByCell(fromMs, toMs, RECEPTION_HOUR_MS);
  return { hours: cells, head, tail };
}

/** Start of the hour a time is in. */
export const hourOf = (timeMs: number): number => Math.floor(timeMs / RECEPTION_HOUR_MS) * RECEPTION_HOUR_MS;
