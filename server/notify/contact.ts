// Where a spacecraft stands against the pass schedule at a moment: the stations hearing it now, or the next
// station to hear it and when. Passes are predicted in the alarm clock's time (the simulator's when it runs).
import type { DictionaryIndex } from '../../shared/dictionary';
import type { PassSchedule } from '../passes/schedule';
import type { Contact } from './plan';

/** Look a day ahead for the next contact: every LEO spacecraft of the constellation has several a day. */
const LOOKAHEAD_MS = 86_400_000;

export function contactOf(
  schedule: PassSchedule,
  index: DictionaryIndex,
  spacecraftId: string,
  nowMs: number,
): Contact {
  const partnerOf = (stationId: string) => index.stationById.get(stationId)!.partner;
  const passes = schedule.passes(nowMs, nowMs + LOOKAHEAD_MS, { spacecraftId });
  const current = passes.filter((p) => p.aosMs <= nowMs && nowMs < p.losMs);
  if (current.length > 0) {
    const stations = [...new Set(current.map((p) => p.stationId))];
    return {
      inContactWith: stations.map((stationId) => ({ stationId, partner: partnerOf(stationId) })),
      next: null,
    };
  }
  const next = passes.filter((p) => p.aosMs > nowMs).sort((a, b) => a.aosMs - b.aosMs)[0];
  return {
    inContactWith: [],
    next: next
      ? {
          stationId: next.stationId,
          partner: partnerOf(next.stationId),
          aosMs: next.aosMs,
          aos: new Date(next.aosMs).toISOString(),
        }
      : null,
  };
}
