// What the spacecraft experiences at one instant: where it is, the Sun, the Earth's shadow and which
// stations see it. Computed once per step and shared by every subsystem model.
import type { StationDef } from '../../../shared/dictionary/types';
import {
  cross,
  dot,
  geodeticOf,
  lookAngles,
  normalize,
  propagate,
  shadowFractionAt,
  stationSite,
  sunDirection,
  type Geodetic,
  type LookAngles,
  type Orbit,
  type StationSite,
  type Vec3,
} from '../../../shared/orbit';

export interface StationView {
  stationId: string;
  look: LookAngles;
  /** Above the station's elevation mask. */
  inContact: boolean;
}

export interface Environment {
  timeMs: number;
  positionKm: Vec3;
  velocityKmS: Vec3;
  geodetic: Geodetic;
  /** Unit vector towards the Sun, ECI. */
  sun: Vec3;
  /** 0 in sunlight, 1 in umbra. */
  shadowFraction: number;
  eclipse: boolean;
  /**
   * Cosine of the Sun's angle to a solar array on a one-axis drive about the orbit normal: cos(beta),
   * where beta is the Sun's elevation above the orbit plane.
   */
  arrayCosine: number;
  stations: StationView[];
}

export function sitesOf(stations: readonly StationDef[]): StationSite[] {
  return stations.map(stationSite);
}

/** The environment at a time, or null when the orbit cannot be propagated. */
export function environmentAt(
  orbit: Orbit,
  sites: readonly StationSite[],
  timeMs: number,
): Environment | null {
  const state = propagate(orbit, timeMs);
  if (!state) return null;
  const sun = sunDirection(timeMs);
  const shadowFraction = shadowFractionAt(state.positionKm, timeMs);
  const orbitNormal = normalize(cross(state.positionKm, state.velocityKmS));
  const sinBeta = dot(orbitNormal, sun);
  return {
    timeMs,
    positionKm: state.positionKm,
    velocityKmS: state.velocityKmS,
    geodetic: geodeticOf(state.positionKm, timeMs),
    sun,
    shadowFraction,
    eclipse: shadowFraction > 0.5,
    arrayCosine: Math.sqrt(Math.max(0, 1 - sinBeta * sinBeta)),
    stations: sites.map((site) => {
      const look = lookAngles(site, state.positionKm, timeMs);
      return { stationId: site.id, look, inContact: look.elevationDeg >= site.minElevationDeg };
    }),
  };
}
