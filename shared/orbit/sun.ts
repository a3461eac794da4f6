// Sun direction and Earth shadow. The Sun comes from Vallado's low-precision ephemeris in satellite.js
// (0.01°); the shadow is conical: umbra and penumbra from the apparent discs of Earth and Sun.
import { sunPos } from 'satellite.js';
import { julianDate } from './time';
import { angleBetween, norm, normalize, scale, sub, type Vec3 } from './vector';

const EARTH_RADIUS_KM = 6378.137;
const SUN_RADIUS_KM = 695_700;

export const KM_PER_AU = 149_597_870.7;

/** Sun position, ECI, km. */
export function sunPositionKm(timeMs: number): Vec3 {
  return scale(sunPos(julianDate(timeMs)).rsun, KM_PER_AU);
}

/** Unit vector from the Earth's centre towards the Sun, ECI. */
export const sunDirection = (timeMs: number): Vec3 => normalize(sunPos(julianDate(timeMs)).rsun);

/** Sun declination and right ascension, degrees. */
export function sunAngles(timeMs: number): { declinationDeg: number; rightAscensionDeg: number } {
  const sun = sunPos(julianDate(timeMs));
  const ra = (sun.rtasc * 180) / Math.PI;
  return { declinationDeg: (sun.decl * 180) / Math.PI, rightAscensionDeg: ra < 0 ? ra + 360 : ra };
}

/**
 * Fraction of the Sun's disc hidden by the Earth as seen from a position (ECI, km): 0 in full sunlight,
 * 1 in umbra, in between in penumbra.
 */
export function shadowFractionAt(positionKm: Vec3, timeMs: number): number {
  return shadowFractionFrom(positionKm, sunPositionKm(timeMs));
}

/** shadowFractionAt with the Sun's position (ECI, km) already known: many spacecraft share one instant. */
export function shadowFractionFrom(positionKm: Vec3, sunKm: Vec3): number {
  const toSun = sub(sunKm, positionKm);
  const toEarth = scale(positionKm, -1);
  const earth = Math.asin(Math.min(1, EARTH_RADIUS_KM / norm(positionKm)));
  const sun = Math.asin(SUN_RADIUS_KM / norm(toSun));
  const separation = angleBetween(toSun, toEarth);
  if (separation >= earth + sun) return 0;
  if (separation <= earth - sun) return 1;
  return discOverlap(earth, sun, separation) / (Math.PI * sun * sun);
}

/** Area where two discs of radii a and b with centres d apart overlap (small angles: treated as flat). */
function discOverlap(a: number, b: number, d: number): number {
  if (d <= Math.abs(a - b)) return Math.PI * Math.min(a, b) ** 2;
  const alpha = Math.acos(Math.min(1, Math.max(-1, (d * d + a * a - b * b) / (2 * d * a))));
  const beta = Math.acos(Math.min(1, Math.max(-1, (d * d + b * b - a * a) / (2 * d * b))));
  return a * a * (alpha - Math.sin(2 * alpha) / 2) + b * b * (beta - Math.sin(2 * beta) / 2);
}

/** In eclipse: more than half of the Sun hidden, so a spacecraft's eclipse flag flips mid-penumbra. */
export const isEclipsed = (positionKm: Vec3, timeMs: number): boolean =>
  shadowFractionAt(positionKm, timeMs) > 0.5;
