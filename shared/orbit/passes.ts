// Pass prediction: when a spacecraft is above a station's elevation mask. A scan of the two-minute SGP4 grid
// (ephemeris.ts, shared by every station asking about the same spacecraft and day) finds every local maximum
// of elevation; golden-section search on the interpolated orbit refines the time of closest approach, and
// bisection refines AOS and LOS to 50 ms. The scan costs a few multiplications per station and grid point, so a
// day of 100 spacecraft over 30 stations is ~80 000 SGP4 calls in all.
import type { SpacecraftDef, StationDef } from '../dictionary/types';
import type { PassPrediction } from '../protocol/api';
import { Ephemeris, GRID_STEP_MS } from './ephemeris';
import { lookAnglesEcf, stationSite, type LookAngles, type StationSite } from './lookAngles';
import { orbitOf, type Orbit, type TleLines } from './tle';
import { vec3 } from './vector';

/** LEO passes last at most ~16 min, so scanning 20 min either side of the window finds AOS/LOS of passes
 * that overlap its edges. */
const EDGE_MARGIN_MS = 20 * 60_000;
const REFINE_TOLERANCE_MS = 50;
/** Local maxima further than this below the mask cannot hide a pass between two-minute samples (a minute
 * from its peak, a pass that just reaches the mask is under a degree lower). */
const MAX_ELEVATION_SLACK_DEG = 10;
const RAD = Math.PI / 180;

/** Where a spacecraft is, seen from one station: the sine of its elevation (NaN where SGP4 failed), cheap
 * for the searches, and the full look angles for the few instants a pass reports. */
class View {
  private readonly ecf = new Float64Array(3);

  constructor(
    readonly ephemeris: Ephemeris,
    readonly site: StationSite,
  ) {}

  sineAt(t: number): number {
    if (!this.ephemeris.ecfAt(t, this.ecf)) return NaN;
    return this.sine();
  }

  lookAt(t: number): LookAngles | null {
    if (!this.ephemeris.ecfAt(t, this.ecf)) return null;
    return lookAnglesEcf(this.site, vec3(this.ecf[0]!, this.ecf[1]!, this.ecf[2]!));
  }

  private sine(): number {
    const { ecfKm: o, up } = this.site;
    const dx = this.ecf[0]! - o.x;
    const dy = this.ecf[1]! - o.y;
    const dz = this.ecf[2]! - o.z;
    return (dx * up.x + dy * up.y + dz * up.z) / Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}

/** Golden-section search for the time of maximum elevation in [a, b]; NaN where SGP4 failed. */
function refineMaximum(view: View, a: number, b: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let sc = view.sineAt(c);
  let sd = view.sineAt(d);
  while (b - a > REFINE_TOLERANCE_MS) {
    if (Number.isNaN(sc) || Number.isNaN(sd)) return NaN;
    if (sc > sd) {
      b = d;
      d = c;
      sd = sc;
      c = b - ratio * (b - a);
      sc = view.sineAt(c);
    } else {
      a = c;
      c = d;
      sc = sd;
      d = a + ratio * (b - a);
      sd = view.sineAt(d);
    }
  }
  return (a + b) / 2;
}

/** Sine elevations closer to the mask than this count as on it: a microsecond of the slowest rise. */
const SINE_TOLERANCE = 1e-9;

/**
 * The mask crossing between a time below the mask and a time above it (either order), by false position with
 * the Illinois modification: the elevation is smooth there, so it converges in a handful of evaluations where
 * bisection to 50 ms takes a dozen. NaN where SGP4 failed.
 */
function refineCrossing(view: View, below: number, above: number, sinMask: number): number {
  let [a, b] = [below, above];
  let fa = view.sineAt(a) - sinMask;
  let fb = view.sineAt(b) - sinMask;
  let kept = 0;
  while (Math.abs(b - a) > REFINE_TOLERANCE_MS) {
    if (Number.isNaN(fa) || Number.isNaN(fb)) return NaN;
    const t = (a * fb - b * fa) / (fb - fa);
    const ft = view.sineAt(t) - sinMask;
    if (Math.abs(ft) < SINE_TOLERANCE) return t;
    // The end kept twice in a row has its value halved, so it is eventually replaced too.
    if (ft >= 0) {
      [b, fb] = [t, ft];
      if (kept === -1) fa /= 2;
      kept = -1;
    } else {
      [a, fa] = [t, ft];
      if (kept === 1) fb /= 2;
      kept = 1;
    }
  }
  return (a + b) / 2;
}

interface Scan {
  /** Sine of the elevation at each grid point of the scan (NaN where SGP4 failed). */
  sines: Float64Array;
  /** Grid index of sines[0]. */
  first: number;
  sinMask: number;
}

function scanGrid(view: View, fromMs: number, toMs: number): Scan {
  const first = Math.ceil(fromMs / GRID_STEP_MS);
  const sines = new Float64Array(Math.floor(toMs / GRID_STEP_MS) - first + 1);
  view.ephemeris.gridSines(view.site.ecfKm, view.site.up, first, sines);
  return { sines, first, sinMask: Math.sin(view.site.minElevationDeg * RAD) };
}

const timeOf = (scan: Scan, i: number) => (scan.first + i) * GRID_STEP_MS;

/** AOS and LOS times around the grid point i of a pass peaking at peakMs (NaN where SGP4 failed). */
function passAround(view: View, scan: Scan, i: number, peakMs: number): [number, number] {
  const { sines, sinMask } = scan;
  let before = i - 1;
  while (before > 0 && sines[before]! >= sinMask) before--;
  let after = i + 1;
  while (after < sines.length - 1 && sines[after]! >= sinMask) after++;
  // A pass in progress at the edge of the scan keeps the edge as its AOS or LOS.
  const [first, last] = [timeOf(scan, before), timeOf(scan, after)];
  // The crossing lies between the last grid point below the mask and the next one (or the peak itself when
  // no grid point of the pass is above the mask).
  const rise = sines[before + 1]! >= sinMask ? timeOf(scan, before + 1) : peakMs;
  const set = sines[after - 1]! >= sinMask ? timeOf(scan, after - 1) : peakMs;
  const aos = sines[before]! >= sinMask ? first : refineCrossing(view, first, rise, sinMask);
  const los = sines[after]! >= sinMask ? last : refineCrossing(view, last, set, sinMask);
  return [aos, los];
}

/** The pass around a local maximum of the scan at grid point i, or null when it stays below the mask. */
function passAt(view: View, scan: Scan, i: number, spacecraftId: string): PassPrediction | null {
  const tca = refineMaximum(view, timeOf(scan, i - 1), timeOf(scan, i + 1));
  const peak = view.lookAt(tca);
  if (!peak || peak.elevationDeg < view.site.minElevationDeg) return null;
  const [aosMs, losMs] = passAround(view, scan, i, tca);
  const aos = view.lookAt(aosMs);
  const los = view.lookAt(losMs);
  if (!aos || !los) return null;
  return {
    spacecraftId,
    stationId: view.site.id,
    aosMs: Math.round(aosMs),
    tcaMs: Math.round(tca),
    losMs: Math.round(losMs),
    maxElevationDeg: peak.elevationDeg,
    aosAzimuthDeg: aos.azimuthDeg,
    losAzimuthDeg: los.azimuthDeg,
  };
}

/** Passes of an orbit over a station site that overlap [fromMs, toMs], in time order. */
export function predictPassesOfOrbit(
  orbit: Orbit,
  spacecraftId: string,
  site: StationSite,
  fromMs: number,
  toMs: number,
): PassPrediction[] {
  const [scanFrom, scanTo] = [fromMs - EDGE_MARGIN_MS, toMs + EDGE_MARGIN_MS];
  const view = new View(new Ephemeris(orbit, scanFrom, scanTo), site);
  const scan = scanGrid(view, scanFrom, scanTo);
  const { sines } = scan;
  const sinSlack = Math.sin(Math.max(-90, site.minElevationDeg - MAX_ELEVATION_SLACK_DEG) * RAD);
  const passes: PassPrediction[] = [];
  let lastLosMs = -Infinity;
  for (let i = 1; i < sines.length - 1; i++) {
    const here = sines[i]!;
    // NaN (no state) compares false everywhere: no pass is found next to a failed propagation.
    const isLocalMax = here >= sines[i - 1]! && here > sines[i + 1]!;
    if (!isLocalMax || here < sinSlack || timeOf(scan, i) <= lastLosMs) continue;
    const pass = passAt(view, scan, i, spacecraftId);
    if (!pass) continue;
    lastLosMs = pass.losMs;
    if (pass.losMs >= fromMs && pass.aosMs <= toMs) passes.push(pass);
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
