// An operator's TLE file (--tle FILE) matched to the dictionary's spacecraft by NORAD catalogue number.
import type { Dictionary } from '../../shared/dictionary';
import { parseTleFile, type TleLines } from '../../shared/orbit';

export interface TleFileResult {
  /** Replacement elements by spacecraft id. */
  tles: Map<string, TleLines>;
  /** Messages for sets that could not be read or match no spacecraft. */
  warnings: string[];
}

export function tlesFromFile(text: string, dictionary: Dictionary): TleFileResult {
  const { sets, errors } = parseTleFile(text);
  const tles = new Map<string, TleLines>();
  const warnings = [...errors];
  for (const set of sets) {
    const spacecraft = dictionary.spacecraft.find((s) => s.noradId === set.noradId);
    if (spacecraft) tles.set(spacecraft.id, set.tle);
    else warnings.push(`${set.name}: NORAD ${set.noradId} is not a spacecraft of the dictionary`);
  }
  return { tles, warnings };
}
