// SGP4 propagation and frame conversions. Positions are in TEME (treated as ECI), kilometres; ECF is the
// Earth-fixed frame obtained by rotating by Greenwich mean sidereal time.
import { eciToGeodetic, gstime, sgp4 } from 'satellite.js';
import type { Orbit } from './tle';
import { julianDate } from './time';
import { vec3, type Vec3 } from './vector';

export interface OrbitState {
  timeMs: number;
  /** ECI (TEME) position, km. */
  positionKm: Vec3;
  /** ECI (TEME) velocity, km/s. */
  velocityKmS: Vec3;
}

export interface Geodetic {
  latDeg: number;
  /** −180…180 */
  lonDeg: number;
  altKm: number;
}

const MINUTES_PER_DAY = 1440;

/** State at a time, or null when SGP4 cannot propagate there (decayed, diverged elements). */
export function propagate(orbit: Orbit, timeMs: number): OrbitState | null {
  const minutesSinceEpoch = (julianDate(timeMs) - orbit.satrec.jdsatepoch) * MINUTES_PER_DAY;
  const result = sgp4(orbit.satrec, minutesSinceEpoch);
  if (!result) return null;
  const { position, velocity } = result;
  if (!Number.isFinite(position.x)) return null;
  return { timeMs, positionKm: position, velocityKmS: velocity };
}

/** Greenwich mean sidereal time, radians. */
export const gmstAt = (timeMs: number): number => gstime(julianDate(timeMs));

export function eciToEcf(eci: Vec3, gmst: number): Vec3 {
  const cos = Math.cos(gmst);
  const sin = Math.sin(gmst);
  return vec3(eci.x * cos + eci.y * sin, -eci.x * sin + eci.y * cos, eci.z);
}

export function ecfToEci(ecf: Vec3, gmst: number): Vec3 {
  const cos = Math.cos(gmst);
  const sin = Math.sin(gmst);
  return vec3(ecf.x * cos - ecf.y * sin, ecf.x * sin + ecf.y * cos, ecf.z);
}

/** Wraps a longitude to −180…180 degrees. */
export const wrapLongitudeDeg = (lon: number): number => ((((lon + 180) % 360) + 360) % 360) - 180;

/** WGS-84 geodetic coordinates of an ECI position at a time. */
export function geodeticOf(positionKm: Vec3, timeMs: number): Geodetic {
  const geo = eciToGeodetic(positionKm, gmstAt(timeMs));
  return {
    latDeg: (geo.latitude * 180) / Math.PI,
    lonDeg: wrapLongitudeDeg((geo.longitude * 180) / Math.PI),
    altKm: geo.height,
  };
}
