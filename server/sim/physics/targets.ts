// Imaging targets over partner territory and the choice of the next one. The spacecraft images a target
// when it passes within reach of it in daylight: it slews off-nadir, takes images while the target stays
// within the imager's agility cone, then returns to nadir.
import { ecfToEci, gmstAt, sub, type Vec3 } from '../../../shared/orbit';
import { geodeticToEcf } from 'satellite.js';

export interface ImagingTarget {
  name: string;
  lat: number;
  lon: number;
}

export const IMAGING_TARGETS: readonly ImagingTarget[] = [
  { name: 'Astana', lat: 51.17, lon: 71.45 },
  { name: 'Almaty', lat: 43.24, lon: 76.95 },
  { name: 'Aral Sea', lat: 45.0, lon: 60.0 },
  { name: 'Baikonur', lat: 45.96, lon: 63.31 },
  { name: 'Lake Balkhash', lat: 46.5, lon: 74.5 },
  { name: 'Ankara', lat: 39.93, lon: 32.86 },
  { name: 'Istanbul', lat: 41.01, lon: 28.98 },
  { name: 'Lake Van', lat: 38.63, lon: 42.9 },
  { name: 'Antalya', lat: 36.9, lon: 30.7 },
  { name: 'Baku', lat: 40.41, lon: 49.87 },
  { name: 'Ganja', lat: 40.68, lon: 46.36 },
  { name: 'Tashkent', lat: 41.3, lon: 69.24 },
  { name: 'Samarkand', lat: 39.65, lon: 66.96 },
  { name: 'Bishkek', lat: 42.87, lon: 74.59 },
  { name: 'Issyk-Kul', lat: 42.45, lon: 77.2 },
];

/** Ground distance within which a target is taken: about 33° off-nadir at 650 km. */
export const TARGET_REACH_KM = 420;
const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance between two points, km. */
export function groundDistanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** ECI position of a ground target at a time, km. */
export function targetEci(target: ImagingTarget, timeMs: number): Vec3 {
  const ecf = geodeticToEcf({ latitude: target.lat * RAD, longitude: target.lon * RAD, height: 0 });
  return ecfToEci(ecf, gmstAt(timeMs));
}

/** Line of sight from the spacecraft to a target, ECI (not normalised). */
export const lineOfSight = (target: ImagingTarget, positionKm: Vec3, timeMs: number): Vec3 =>
  sub(targetEci(target, timeMs), positionKm);

/** The closest target within reach of the sub-satellite point, skipping those imaged recently. */
export function targetInReach(
  latDeg: number,
  lonDeg: number,
  isCoolingDown: (target: ImagingTarget) => boolean,
): ImagingTarget | undefined {
  let best: ImagingTarget | undefined;
  let bestKm = TARGET_REACH_KM;
  for (const target of IMAGING_TARGETS) {
    const km = groundDistanceKm(latDeg, lonDeg, target.lat, target.lon);
    if (km < bestKm && !isCoolingDown(target)) [best, bestKm] = [target, km];
  }
  return best;
}
