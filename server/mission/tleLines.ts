// Two-line element sets written from mean elements, for notional spacecraft: the fixed columns of the
// format (CelesTrak's "TLE format" page, NORAD's spacetrack report 3) and the modulo-10 checksum that
// shared/orbit verifies on every TLE it reads.
import { tleChecksum, type TleLines } from '../../shared/orbit';

const MU_KM3_S2 = 398_600.4418;
const EARTH_RADIUS_KM = 6378.137;
const J2 = 1.08262668e-3;
/** The RAAN drift of a sun-synchronous orbit: one turn per tropical year, rad/s. */
const SUN_SYNCHRONOUS_RATE = (2 * Math.PI) / (365.2422 * 86_400);

export interface MeanElements {
  noradId: number;
  /** International designator: launch year (2 digits), launch number (3 digits), piece (letters). */
  designator: string;
  /** Epoch: two-digit year and fractional day of the year (1.0 is 1 January, 00:00 UTC). */
  epochYear: number;
  epochDay: number;
  inclinationDeg: number;
  raanDeg: number;
  eccentricity: number;
  argPerigeeDeg: number;
  meanAnomalyDeg: number;
  revsPerDay: number;
  /** First derivative of mean motion / 2, revolutions per day² (a ballistic decay term). */
  meanMotionDot: number;
  /** Drag term B*, 1/earth radii. */
  bstar: number;
  revolution: number;
}

/** Mean motion of a circular orbit at an altitude, revolutions per day. */
export function revsPerDayAt(altitudeKm: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  return (Math.sqrt(MU_KM3_S2 / a ** 3) * 86_400) / (2 * Math.PI);
}

/** Inclination at which J2 turns the orbit plane with the Sun, degrees (about 97–99° in low orbit). */
export function sunSynchronousInclinationDeg(altitudeKm: number): number {
  const a = EARTH_RADIUS_KM + altitudeKm;
  const n = Math.sqrt(MU_KM3_S2 / a ** 3);
  const cosI = -SUN_SYNCHRONOUS_RATE / (1.5 * n * J2 * (EARTH_RADIUS_KM / a) ** 2);
  return (Math.acos(cosI) * 180) / Math.PI;
}

const fixed = (value: number, width: number, decimals: number) => value.toFixed(decimals).padStart(width);

/** "±.NNNNNNNN": the first derivative of mean motion / 2, revolutions per day². */
function firstDerivative(value: number): string {
  const digits = Math.abs(value).toFixed(8).slice(1);
  return `${value < 0 ? '-' : ' '}${digits}`;
}

/** " NNNNN-E": an assumed-decimal mantissa and a power of ten, as B* and the second derivative are written. */
function exponential(value: number): string {
  if (value === 0) return ' 00000+0';
  const exponent = Math.floor(Math.log10(Math.abs(value))) + 1;
  let mantissa = Math.round((Math.abs(value) / 10 ** exponent) * 100_000);
  let power = exponent;
  if (mantissa >= 100_000) {
    mantissa = 10_000;
    power += 1;
  }
  const sign = power < 0 ? '-' : '+';
  return `${value < 0 ? '-' : ' '}${String(mantissa).padStart(5, '0')}${sign}${Math.abs(power)}`;
}

function withChecksum(body: string): string {
  return body + String(tleChecksum(body));
}

/** The two lines of an element set; the caller's values must fit the columns (a notional fleet's do). */
export function tleLinesOf(e: MeanElements): TleLines {
  const norad = String(e.noradId).padStart(5, '0');
  const epoch = `${String(e.epochYear).padStart(2, '0')}${e.epochDay.toFixed(8).padStart(12, '0')}`;
  const line1 = withChecksum(
    `1 ${norad}U ${e.designator.padEnd(8)} ${epoch} ${firstDerivative(e.meanMotionDot)} ${exponential(0)} ` +
      `${exponential(e.bstar)} 0 ${String(999).padStart(4)}`,
  );
  const eccentricity = e.eccentricity.toFixed(7).slice(2);
  const line2 = withChecksum(
    `2 ${norad} ${fixed(e.inclinationDeg, 8, 4)} ${fixed(e.raanDeg, 8, 4)} ${eccentricity} ` +
      `${fixed(e.argPerigeeDeg, 8, 4)} ${fixed(e.meanAnomalyDeg, 8, 4)} ` +
      `${fixed(e.revsPerDay, 11, 8)}${String(e.revolution % 100_000).padStart(5)}`,
  );
  return [line1, line2];
}
