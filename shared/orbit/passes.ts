// Pass prediction: when a spacecraft is above a station's elevation mask. A coarse scan finds every local
// maximum of elevation, golden-section search refines the time of closest approach, and bisection refines
// AOS and LOS to 50 ms. Far from the station the scan jumps ahead by how long the spacecraft needs, at its
// fastest, to come within sight: this keeps a day of 36 spacecraft–station pairs at a few thousand SGP4 calls.
import type { SpacecraftDef, StationDef } from '../dictionary/types';
import type { PassPrediction } from '../protocol/api';
import { lookAnglesEcf, stationSite, type LookAngles, type StationSite } from './lookAngles';
import { eciToEcf, gmstAt, propagate } from './propagate';
import { orbitOf, type Orbit, type TleLines } from './tle';
import { angleBetween } from './vector';

/** Step of the scan when the spacecraft is near the station's visibility circle. */
const NEAR_STEP_MS = 30_000;
/** Longest jump of the scan; also how far beyond the window it looks for the ends of overlapping passes. */
const MAX_STEP_MS = 20 * 60_000;
/** LEO passes last at most ~16 min, so scanning 20 min either side of the window finds AOS/LOS of passes
 * that overlap its edges. */
const EDGE_MARGIN_MS = 20 * 60_000;
const REFINE_TOLERANCE_MS = 50;
/** Local maxima further than this below the mask cannot hide a pass between 30 s samples. */
const MAX_ELEVATION_SLACK_DEG = 10;
const EARTH_ROTATION_RAD_PER_S = 7.292_115e-5;
const RAD = Math.PI / 180;
/** Margin on the visibility circle for geodetic vs geocentric up and orbit eccentricity. */
const FOOTPRINT_MARGIN_RAD = 2 * RAD;

interface Sample {
  t: number;
  look: LookAngles;
  /** Earth central angle between the sub-satellite point and the station, radians. */
  centralRad: number;
  radiusKm: number;
}

type Sampler = (t: number) => Sample | null;

function sampler(orbit: Orbit, site: StationSite): Sampler {
  return (t) => {
    const state = propagate(orbit, t);
    if (!state) return null;
    const ecf = eciToEcf(state.positionKm, gmstAt(t));
    return {
      t,
      look: lookAnglesEcf(site, ecf),
      centralRad: angleBetween(ecf, site.ecfKm),
      radiusKm: Math.hypot(ecf.x, ecf.y, ecf.z),
    };
  };
}

/** Half-angle of the visibility circle seen from the Earth's centre, for a mask and orbit radius. */
export function footprintHalfAngleRad(minElevationDeg: number, orbitRadiusKm: number, earthRadiusKm: number) {
  const mask = minElevationDeg * RAD;
  return Math.acos(Math.min(1, (earthRadiusKm * Math.cos(mask)) / orbitRadiusKm)) - mask;
}

/** How long the scan may jump from a sample without stepping over the start of a pass. */
function safeStepMs(sample: Sample, site: StationSite, maxRateRadPerS: number): number {
  const stationRadiusKm = Math.hypot(site.ecfKm.x, site.ecfKm.y, site.ecfKm.z);
  const reach = footprintHalfAngleRad(site.minElevationDeg, sample.radiusKm, stationRadiusKm);
  const gap = sample.centralRad - reach - FOOTPRINT_MARGIN_RAD;
  if (gap <= 0) return NEAR_STEP_MS;
  return Math.min(MAX_STEP_MS, Math.max(NEAR_STEP_MS, (gap / maxRateRadPerS) * 1000));
}

/** Golden-section search for the time of maximum elevation in [a, b]. */
function refineMaximum(sample: Sampler, a: number, b: number): Sample | null {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let sc = sample(c);
  let sd = sample(d);
  while (sc && sd && b - a > REFINE_TOLERANCE_MS) {
    if (sc.look.elevationDeg > sd.look.elevationDeg) {
      [b, d, sd] = [d, c, sc];
      c = b - ratio * (b - a);
      sc = sample(c);
    } else {
      [a, c, sc] = [c, d, sd];
      d = a + ratio * (b - a);
      sd = sample(d);
    }
  }
  return sample((a + b) / 2);
}

/** Bisection for the mask crossing between a time below the mask and a time above it. */
function refineCrossing(sample: Sampler, below: number, above: number, mask: number): Sample | null {
  while (Math.abs(above - below) > REFINE_TOLERANCE_MS) {
    const mid = (below + above) / 2;
    const s = sample(mid);
    if (!s) return null;
    if (s.look.elevationDeg >= mask) above = mid;
    else below = mid;
  }
  return sample((below + above) / 2);
}

/** Coarse samples over [from, to], dense near the station and sparse far from it. */
function scan(sample: Sampler, site: StationSite, orbit: Orbit, from: number, to: number): Sample[] {
  const meanMotionRadPerS = orbit.satrec.no / 60;
  // Fastest change of the central angle: orbital motion plus Earth rotation, with 25 % for eccentricity.
  const maxRate = (meanMotionRadPerS + EARTH_ROTATION_RAD_PER_S) * 1.25;
  const samples: Sample[] = [];
  for (let t = from; ;) {
    const s = sample(Math.min(t, to));
    if (!s) break;
    samples.push(s);
    if (t >= to) break;
    t += safeStepMs(s, site, maxRate);
  }
  return samples;
}

function passAround(
  sample: Sampler,
  samples: Sample[],
  i: number,
  peak: Sample,
  mask: number,
): { aos: Sample; los: Sample } | null {
  let before = i - 1;
  while (before > 0 && samples[before]!.look.elevationDeg >= mask) before--;
  let after = i + 1;
  while (after < samples.length - 1 && samples[after]!.look.elevationDeg >= mask) after++;
  const first = samples[before]!;
  const last = samples[after]!;
  // A pass in progress at the edge of the scan keeps the edge as its AOS or LOS.
  const aos = first.look.elevationDeg < mask ? refineCrossing(sample, first.t, peak.t, mask) : first;
  const los = last.look.elevationDeg < mask ? refineCrossing(sample, last.t, peak.t, mask) : last;
  return aos && los ? { aos, los } : null;
}

/** Passes of an orbit over a station site that overlap [fromMs, toMs], in time order. */
export function predictPassesOfOrbit(
  orbit: Orbit,
  spacecraftId: string,
  site: StationSite,
  fromMs: number,
  toMs: number,
): PassPrediction[] {
  const sample = sampler(orbit, site);
  const samples = scan(sample, site, orbit, fromMs - EDGE_MARGIN_MS, toMs + EDGE_MARGIN_MS);
  const mask = site.minElevationDeg;
  const passes: PassPrediction[] = [];
  let lastLosMs = -Infinity;
  for (let i = 1; i < samples.length - 1; i++) {
    const [prev, here, next] = [samples[i - 1]!, samples[i]!, samples[i + 1]!];
    const isLocalMax =
      here.look.elevationDeg >= prev.look.elevationDeg && here.look.elevationDeg > next.look.elevationDeg;
    if (!isLocalMax || here.look.elevationDeg < mask - MAX_ELEVATION_SLACK_DEG || here.t <= lastLosMs)
      continue;
    const peak = refineMaximum(sample, prev.t, next.t);
    if (!peak || peak.look.elevationDeg < mask) continue;
    const ends = passAround(sample, samples, i, peak, mask);
    if (!ends) continue;
    lastLosMs = ends.los.t;
    if (ends.los.t < fromMs || ends.aos.t > toMs) continue;
    passes.push({
      spacecraftId,
      stationId: site.id,
      aosMs: Math.round(ends.aos.t),
      tcaMs: Math.round(peak.t),
      losMs: Math.round(ends.los.t),
      maxElevationDeg: peak.look.elevationDeg,
      aosAzimuthDeg: ends.aos.look.azimuthDeg,
      losAzimuthDeg: ends.los.look.azimuthDeg,
    });
  }
  return passes;
}

// Parsing a TLE runs SGP4's initialisation; the server asks for the same spacecraft over and over (a
// federation flies 100: the cache holds them all).
const orbitCache = new Map<string, Orbit>();
const ORBIT_CACHE_SIZE = 256;

function cachedOrbit(spacecraft: { id: string; tle: TleLines }): Orbit {
  const key = spacecraft.tle.join('\n');
  let orbit = orbitCache.get(key);
  if (!orbit) {
    orbit = orbitOf(spacecraft);
    if (orbitCache.size >= ORBIT_CACHE_SIZE) orbitCache.delete(orbitCache.keys().next().value!);
    orbitCache.set(key, orbit);
  }
  return orbit;
}

/**
 * Passes of a spacecraft over a station above the station's elevation mask that overlap [fromMs, toMs]
 * (a pass in progress at fromMs is included with its real AOS), in time order. AOS/LOS are accurate to well
 * under a second and the maximum elevation to a few hundredths of a degree (test/orbit/passes.test.ts).
 */
export function predictPasses(
  spacecraft: Pick<SpacecraftDef, 'id'> & { tle: TleLines },
  station: Pick<StationDef, 'id' | 'lat' | 'lon' | 'altM' | 'minElevationDeg'>,
  fromMs: number,
  toMs: number,
): PassPrediction[] {
  return predictPassesOfOrbit(cachedOrbit(spacecraft), spacecraft.id, stationSite(station), fromMs, toMs);
}
