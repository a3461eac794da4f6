// Two-line element sets: parsing of the bundled pairs and of operators' three-line files (name + 2 lines,
// as CelesTrak and Space-Track publish them). Parsing returns a result instead of throwing: a TLE file is
// operator input.
import { SatRecError, twoline2satrec, type SatRec } from 'satellite.js';

export type TleLines = readonly [string, string];

/** A parsed element set, ready to propagate. Opaque outside shared/orbit. */
export interface Orbit {
  readonly noradId: number;
  readonly epochMs: number;
  readonly satrec: SatRec;
}

export type TleResult = { ok: true; orbit: Orbit } | { ok: false; error: string };

export interface NamedTle {
  name: string;
  noradId: number;
  tle: TleLines;
}

/** Modulo-10 checksum of a TLE line: digits count their value, '-' counts 1. */
export function tleChecksum(line: string): number {
  let sum = 0;
  for (const char of line.slice(0, 68)) {
    if (char >= '0' && char <= '9') sum += Number(char);
    else if (char === '-') sum += 1;
  }
  return sum % 10;
}

function lineError(line: string, number: 1 | 2): string | undefined {
  if (line.length !== 69) return `line ${number}: expected 69 characters, got ${line.length}`;
  if (!line.startsWith(`${number} `)) return `line ${number}: must start with "${number} "`;
  if (Number(line[68]) !== tleChecksum(line)) return `line ${number}: checksum mismatch`;
  return undefined;
}

export function parseTle(tle: TleLines): TleResult {
  const [line1, line2] = [tle[0].trimEnd(), tle[1].trimEnd()];
  const error = lineError(line1, 1) ?? lineError(line2, 2);
  if (error) return { ok: false, error };
  if (line1.slice(2, 7) !== line2.slice(2, 7)) return { ok: false, error: 'lines of different objects' };
  const satrec = twoline2satrec(line1, line2);
  if (satrec.error !== SatRecError.None || !Number.isFinite(satrec.no)) {
    return { ok: false, error: `elements rejected by SGP4 (error ${satrec.error})` };
  }
  const epochMs = (satrec.jdsatepoch - 2_440_587.5) * 86_400_000;
  return { ok: true, orbit: { noradId: Number(line1.slice(2, 7)), epochMs, satrec } };
}

/** Parses an orbit from a bundled TLE; a bad bundled TLE is a programming error, so this throws. */
export function orbitOf(spacecraft: { id: string; tle: TleLines }): Orbit {
  const result = parseTle(spacecraft.tle);
  if (!result.ok) throw new Error(`TLE of ${spacecraft.id}: ${result.error}`);
  return result.orbit;
}

/**
 * Reads a TLE file: three-line sets (name, line 1, line 2) or bare two-line sets. Returns the sets it could
 * read and one message per set it could not.
 */
export function parseTleFile(text: string): { sets: NamedTle[]; errors: string[] } {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0);
  const sets: NamedTle[] = [];
  const errors: string[] = [];
  let name = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('1 ')) {
      name = line.replace(/^0 /, '').trim();
      continue;
    }
    const tle: TleLines = [line, lines[i + 1] ?? ''];
    const result = parseTle(tle);
    if (result.ok)
      sets.push({ name: name || String(result.orbit.noradId), noradId: result.orbit.noradId, tle });
    else errors.push(`${name || `line ${i + 1}`}: ${result.error}`);
    name = '';
    i++;
  }
  return { sets, errors };
}
