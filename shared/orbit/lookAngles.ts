// Topocentric look angles (azimuth, elevation, range) of a spacecraft from a ground station, with the
// station's Earth-fixed position and local frame computed once: the pass predictor evaluates this thousands
// of times per pass search.
import { geodeticToEcf } from 'satellite.js';
import type { StationDef } from '../dictionary/types';
import { eciToEcf, gmstAt } from './propagate';
import { dot, normalize, sub, vec3, type Vec3 } from './vector';

export interface LookAngles {
  /** Degrees clockwise from north, 0…360. */
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
}

export interface StationSite {
  id: string;
  minElevationDeg: number;
  ecfKm: Vec3;
  /** Unit vectors of the local frame (geodetic up), in ECF. */
  east: Vec3;
  north: Vec3;
  up: Vec3;
}

const RAD = Math.PI / 180;

export function stationSite(
  station: Pick<StationDef, 'id' | 'lat' | 'lon' | 'altM' | 'minElevationDeg'>,
): StationSite {
  const lat = station.lat * RAD;
  const lon = station.lon * RAD;
  const ecfKm = geodeticToEcf({ latitude: lat, longitude: lon, height: station.altM / 1000 });
  const [sinLat, cosLat, sinLon, cosLon] = [Math.sin(lat), Math.cos(lat), Math.sin(lon), Math.cos(lon)];
  return {
    id: station.id,
    minElevationDeg: station.minElevationDeg,
    ecfKm,
    east: vec3(-sinLon, cosLon, 0),
    north: vec3(-sinLat * cosLon, -sinLat * sinLon, cosLat),
    up: vec3(cosLat * cosLon, cosLat * sinLon, sinLat),
  };
}

/** Look angles of an Earth-fixed position from a station. */
export function lookAnglesEcf(site: StationSite, satelliteEcfKm: Vec3): LookAngles {
  const range = sub(satelliteEcfKm, site.ecfKm);
  const e = dot(range, site.east);
  const n = dot(range, site.north);
  const u = dot(range, site.up);
  const rangeKm = Math.sqrt(e * e + n * n + u * u);
  const azimuth = Math.atan2(e, n) / RAD;
  return {
    azimuthDeg: azimuth < 0 ? azimuth + 360 : azimuth,
    elevationDeg: Math.asin(u / rangeKm) / RAD,
    rangeKm,
  };
}

/** Look angles of an ECI position at a time from a station. */
export function lookAngles(site: StationSite, positionEciKm: Vec3, timeMs: number): LookAngles {
  return lookAnglesEcf(site, eciToEcf(positionEciKm, gmstAt(timeMs)));
}

/** Unit vector from the Earth's centre through the station, ECF (geocentric direction). */
export const stationDirection = (site: StationSite): Vec3 => normalize(site.ecfKm);
