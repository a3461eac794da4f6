// Pure accounting of contact time and downlink per partner and per spacecraft over a window: contact
// minutes available come from predicted passes (overlapping passes counted once), minutes used and bytes
// from the COMMS housekeeping credited at ingest to the station the downlink was aimed at.
import type { DictionaryIndex, PartnerId } from '../../shared/dictionary';
import type {
  PassPrediction,
  PassReception,
  UtilizationResponse,
  UtilizationRow,
} from '../../shared/protocol/api';
import type { DownlinkTotal, ReceptionRow } from '../archive/types';
import { cadenceMs, gapThresholdMs, silences } from './receptionGaps';

const MINUTE_MS = 60_000;

/** Total length of the union of intervals, clipped to [from, to]. */
export function unionMs(intervals: readonly [number, number][], fromMs: number, toMs: number): number {
  const clipped = intervals
    .map(([a, b]): [number, number] => [Math.max(a, fromMs), Math.min(b, toMs)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of clipped) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

const emptyRow = (): UtilizationRow => ({ contactMinutes: 0, downlinkMinutes: 0, bytesDelivered: 0 });

export function computeUtilization(
  index: DictionaryIndex,
  passes: readonly PassPrediction[],
  downlink: readonly DownlinkTotal[],
  fromMs: number,
  toMs: number,
  recordingFromMs: number | null = fromMs,
): UtilizationResponse {
  // Contact time counts only from when Ortaq was recording: a pass before that could not be used by it.
  const countedFromMs = recordingFromMs === null ? toMs : Math.max(fromMs, recordingFromMs);
  const partnerOf = (stationId: string) => index.stationById.get(stationId)?.partner;
  const partners = new Map<PartnerId, UtilizationRow>(
    index.dictionary.partners.map((p) => [p.id, emptyRow()]),
  );
  const spacecraft = index.dictionary.spacecraft.map((s) => {
    const own = passes.filter((p) => p.spacecraftId === s.id);
    const row = {
      spacecraftId: s.id,
      ...emptyRow(),
      bytesByPartner: {} as Partial<Record<PartnerId, number>>,
    };
    row.contactMinutes =
      unionMs(
        own.map((p) => [p.aosMs, p.losMs]),
        countedFromMs,
        toMs,
      ) / MINUTE_MS;
    for (const [partnerId, partnerRow] of partners) {
      const mine = own.filter((p) => partnerOf(p.stationId) === partnerId);
      partnerRow.contactMinutes +=
        unionMs(
          mine.map((p) => [p.aosMs, p.losMs]),
          countedFromMs,
          toMs,
        ) / MINUTE_MS;
    }
    for (const total of downlink.filter((d) => d.spacecraftId === s.id)) {
      row.downlinkMinutes += total.seconds / 60;
      row.bytesDelivered += total.bytes;
      const partnerId = partnerOf(total.stationId);
      if (!partnerId) continue;
      row.bytesByPartner[partnerId] = (row.bytesByPartner[partnerId] ?? 0) + total.bytes;
      const partnerRow = partners.get(partnerId)!;
      partnerRow.downlinkMinutes += total.seconds / 60;
      partnerRow.bytesDelivered += total.bytes;
    }
    return row;
  });
  return {
    from: fromMs,
    to: toMs,
    recordingFromMs: recordingFromMs === null ? null : countedFromMs,
    partners: [...partners].map(([partnerId, row]) => ({ partnerId, ...row })),
    spacecraft,
  };
}

/** How one station heard one pass, from its reception rows (packet time order). */
export function summarizeReception(
  stationId: string,
  rows: readonly ReceptionRow[],
  fromMs: number,
  toMs: number,
): PassReception {
  let frames = 0;
  let uniqueFrames = 0;
  let snrSum = 0;
  let snrCount = 0;
  let bestSnrDb: number | null = null;
  for (const row of rows) {
    frames += row.frames;
    uniqueFrames += row.uniqueFrames;
    snrSum += row.snrSumDb;
    snrCount += row.snrCount;
    if (row.bestSnrDb !== null && (bestSnrDb === null || row.bestSnrDb > bestSnrDb))
      bestSnrDb = row.bestSnrDb;
  }
  // Rows are seconds in time order, each with its first and last frame: no gap fits inside one, so the gaps
  // between frames are the gaps between rows, past the pass's own cadence (receptionGaps.ts).
  const gaps = silences(rows, fromMs, toMs, gapThresholdMs(cadenceMs(rows.map((row) => row.firstMs))));
  return {
    stationId,
    frames,
    uniqueFrames,
    meanSnrDb: snrCount > 0 ? snrSum / snrCount : null,
    bestSnrDb,
    gaps,
  };
}
