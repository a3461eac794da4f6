// What the dashboard map draws: the sub-satellite track and the circle within which a station sees a
// spacecraft above its mask.
import { geodeticOf, propagate, wrapLongitudeDeg, type Geodetic } from './propagate';
import type { Orbit } from './tle';

/** Mean equatorial radius, km (WGS-84); a sphere is accurate enough for drawing footprints. */
export const EARTH_RADIUS_KM = 6378.137;
const RAD = Math.PI / 180;

export interface TrackPoint extends Geodetic {
  timeMs: number;
}

/** Where the spacecraft is over the Earth at a time, or null when its orbit cannot be propagated there. */
export function subSatellitePoint(orbit: Orbit, timeMs: number): Geodetic | null {
  const state = propagate(orbit, timeMs);
  return state && geodeticOf(state.positionKm, timeMs);
}

/** Sub-satellite points every stepMs over [fromMs, toMs], both ends included. */
export function groundTrack(orbit: Orbit, fromMs: number, toMs: number, stepMs: number): TrackPoint[] {
  if (!(stepMs > 0)) throw new Error('groundTrack: stepMs must be positive');
  const points: TrackPoint[] = [];
  for (let t = fromMs; t <= toMs + 1e-6; t += stepMs) {
    const state = propagate(orbit, t);
    if (state) points.push({ timeMs: t, ...geodeticOf(state.positionKm, t) });
  }
  return points;
}

/**
 * Earth central angle between a station and the edge of its visibility circle for a spacecraft at altKm, as
 * seen above a mask of minElevationDeg, in degrees; times the Earth radius it is the footprint radius on the
 * ground.
 */
export function footprintAngleDeg(altKm: number, minElevationDeg: number): number {
  const mask = minElevationDeg * RAD;
  const ratio = (EARTH_RADIUS_KM * Math.cos(mask)) / (EARTH_RADIUS_KM + altKm);
  return (Math.acos(Math.min(1, ratio)) - mask) / RAD;
}

/** Footprint radius along the ground, km. */
export const footprintRadiusKm = (altKm: number, minElevationDeg: number): number =>
  footprintAngleDeg(altKm, minElevationDeg) * RAD * EARTH_RADIUS_KM;

/**
 * The visibility circle of a station as a closed ring of `points` + 1 lat/lon points (first repeated last),
 * on a spherical Earth: where the sub-satellite point must be for the spacecraft to stand above the mask.
 */
export function visibilityCircle(
  station: { lat: number; lon: number; minElevationDeg: number },
  altKm: number,
  points = 72,
): { latDeg: number; lonDeg: number }[] {
  const angular = footprintAngleDeg(altKm, station.minElevationDeg) * RAD;
  const lat0 = station.lat * RAD;
  const ring: { latDeg: number; lonDeg: number }[] = [];
  for (let i = 0; i <= points; i++) {
    const bearing = (2 * Math.PI * (i % points)) / points;
    const lat = Math.asin(
      Math.sin(lat0) * Math.cos(angular) + Math.cos(lat0) * Math.sin(angular) * Math.cos(bearing),
    );
    const dLon = Math.atan2(
      Math.sin(bearing) * Math.sin(angular) * Math.cos(lat0),
      Math.cos(angular) - Math.sin(lat0) * Math.sin(lat),
    );
    ring.push({ latDeg: lat / RAD, lonDeg: wrapLongitudeDeg(station.lon + dLon / RAD) });
  }
  return ring;
}
