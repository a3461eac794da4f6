// What the spacecraft experiences at one instant: where it is, the Sun, the Earth's shadow and which
// stations see it. Computed once per step and shared by every subsystem model.
import type { StationDef } from '../../../shared/dictionary/types';
import {
  cross,
  dot,
  eciToEcf,
  geodeticOf,
  gmstAt,
  lookAnglesEcf,
  normalize,
  propagate,
  shadowFractionFrom,
  stationSite,
  sunPositionKm,
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

/** What every spacecraft shares at one instant: the Sun and the Earth's rotation. */
interface Instant {
  sun: Vec3;
  sunKm: Vec3;
  gmst: number;
}

/**
 * The constellation steps every spacecraft through the same instants (housekeeping ticks), so the Sun's
 * ephemeris and sidereal time are worked out once per instant, not once per spacecraft and station. Bounded:
 * cleared when full (a fast-forward advance spans a few hundred instants at most).
 */
const instants = new Map<number, Instant>();
const MAX_INSTANTS = 512;

function instantAt(timeMs: number): Instant {
  let instant = instants.get(timeMs);
  if (!instant) {
    const sunKm = sunPositionKm(timeMs);
    instant = { sun: normalize(sunKm), sunKm, gmst: gmstAt(timeMs) };
    if (instants.size >= MAX_INSTANTS) instants.clear();
    instants.set(timeMs, instant);
  }
  return instant;
}

/** The environment at a time, or null when the orbit cannot be propagated. */
export function environmentAt(
  orbit: Orbit,
  sites: readonly StationSite[],
  timeMs: number,
): Environment | null {
  const state = propagate(orbit, timeMs);
  if (!state) return null;
  const { sun, sunKm, gmst } = instantAt(timeMs);
  const shadowFraction = shadowFractionFrom(state.positionKm, sunKm);
  const orbitNormal = normalize(cross(state.positionKm, state.velocityKmS));
  const sinBeta = dot(orbitNormal, sun);
  const ecfKm = eciToEcf(state.positionKm, gmst);
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
      const look = lookAnglesEcf(site, ecfKm);
      return { stationId: site.id, look, inContact: look.elevationDeg >= site.minElevationDeg };
    }),
  };
}
