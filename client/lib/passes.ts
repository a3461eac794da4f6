// Pure helpers over predicted passes: overlapping passes of one spacecraft over several stations are one
// "contact" that several partners heard, compared side by side.
import type { Pass } from '../../shared/protocol';

export interface PassGroup {
  /** Stable id: spacecraft and the earliest AOS of the group. */
  id: string;
  spacecraftId: string;
  aosMs: number;
  losMs: number;
  passes: Pass[];
}

export const passGroupId = (spacecraftId: string, aosMs: number) => `${spacecraftId}@${aosMs}`;

/** Groups passes of the same spacecraft whose intervals overlap (across stations), in time order. */
export function groupOverlappingPasses(passes: readonly Pass[]): PassGroup[] {
  const bySpacecraft = new Map<string, Pass[]>();
  for (const p of passes) bySpacecraft.set(p.spacecraftId, [...(bySpacecraft.get(p.spacecraftId) ?? []), p]);
  const groups: PassGroup[] = [];
  for (const [spacecraftId, list] of bySpacecraft) {
    list.sort((a, b) => a.aosMs - b.aosMs);
    let current: PassGroup | null = null;
    for (const p of list) {
      if (current && p.aosMs <= current.losMs) {
        current.passes.push(p);
        current.losMs = Math.max(current.losMs, p.losMs);
      } else {
        current = {
          id: passGroupId(spacecraftId, p.aosMs),
          spacecraftId,
          aosMs: p.aosMs,
          losMs: p.losMs,
          passes: [p],
        };
        groups.push(current);
      }
    }
  }
  return groups.sort((a, b) => a.aosMs - b.aosMs);
}

/** Groups heard by at least two stations (with reception data), newest first. */
export function multiStationGroups(groups: readonly PassGroup[]): PassGroup[] {
  return groups
    .filter((g) => g.passes.filter((p) => p.reception && p.reception.frames > 0).length >= 2)
    .sort((a, b) => b.aosMs - a.aosMs);
}
