// SGP4 states on a fixed two-minute grid aligned to the Unix epoch, with cubic Hermite interpolation (position
// and velocity at both ends) in between. A LEO position's fourth derivative is ~ω⁴r ≈ 1e-8 km/s⁴, so the
// interpolation error over a 120 s step is a few metres: far below SGP4's own kilometre-level error, and tens
// of milliseconds of AOS at most (test/orbit/passesGrid.test.ts). The pass predictor asks about the same
// spacecraft and day once per station; the grid is propagated once and shared by all of them, so a day of a
// federation of 100 spacecraft over 30 stations costs ~80 000 SGP4 calls instead of millions.
import { gmstAt, propagate } from './propagate';
import type { Orbit } from './tle';
import type { Vec3 } from './vector';

export const GRID_STEP_MS = 120_000;
const STEP_S = GRID_STEP_MS / 1000;
/** Grid steps a chunk covers (6 h); each chunk also holds the first point of the next. */
const CHUNK_STEPS = 180;
/** Chunks kept at most (each ~13 kB): a day and its margins (five or six chunks) for 100 spacecraft fit. */
const MAX_CHUNKS = 640;

/** Grid points of a chunk: ECI position and velocity, Earth-fixed position and GMST; NaN where SGP4 failed. */
interface Chunk {
  eci: Float64Array;
  velocity: Float64Array;
  ecf: Float64Array;
  gmst: Float64Array;
}

const chunks = new Map<string, Chunk>();
const orbitIds = new WeakMap<Orbit, number>();
let nextOrbitId = 0;

function orbitId(orbit: Orbit): number {
  let id = orbitIds.get(orbit);
  if (id === undefined) orbitIds.set(orbit, (id = nextOrbitId++));
  return id;
}

function buildChunk(orbit: Orbit, chunkIndex: number): Chunk {
  const points = CHUNK_STEPS + 1;
  const chunk: Chunk = {
    eci: new Float64Array(points * 3).fill(NaN),
    velocity: new Float64Array(points * 3).fill(NaN),
    ecf: new Float64Array(points * 3).fill(NaN),
    gmst: new Float64Array(points),
  };
  for (let i = 0; i < points; i++) {
    const t = (chunkIndex * CHUNK_STEPS + i) * GRID_STEP_MS;
    const gmst = gmstAt(t);
    chunk.gmst[i] = gmst;
    const state = propagate(orbit, t);
    if (!state) continue;
    const { positionKm: p, velocityKmS: v } = state;
    const [cos, sin, j] = [Math.cos(gmst), Math.sin(gmst), i * 3];
    chunk.eci[j] = p.x;
    chunk.eci[j + 1] = p.y;
    chunk.eci[j + 2] = p.z;
    chunk.velocity[j] = v.x;
    chunk.velocity[j + 1] = v.y;
    chunk.velocity[j + 2] = v.z;
    chunk.ecf[j] = p.x * cos + p.y * sin;
    chunk.ecf[j + 1] = -p.x * sin + p.y * cos;
    chunk.ecf[j + 2] = p.z;
  }
  return chunk;
}

function chunkOf(orbit: Orbit, chunkIndex: number): Chunk {
  const key = `${orbitId(orbit)}:${chunkIndex}`;
  let chunk = chunks.get(key);
  if (chunk) {
    // Map order is insertion order: re-inserting marks the chunk as recently used.
    chunks.delete(key);
  } else {
    chunk = buildChunk(orbit, chunkIndex);
    if (chunks.size >= MAX_CHUNKS) chunks.delete(chunks.keys().next().value!);
  }
  chunks.set(key, chunk);
  return chunk;
}

const TWO_PI = 2 * Math.PI;

/** A window of the grid for one orbit: grid index k is the time k × GRID_STEP_MS. Methods write into a
 * caller's Float64Array instead of allocating: the pass search calls them about a million times a day. */
export class Ephemeris {
  private readonly firstChunk: number;
  private readonly window: Chunk[] = [];

  /** Grid points from the last at or before fromMs to the first after toMs. */
  constructor(orbit: Orbit, fromMs: number, toMs: number) {
    this.firstChunk = Math.floor(Math.floor(fromMs / GRID_STEP_MS) / CHUNK_STEPS);
    // One point beyond toMs: interpolating at toMs itself needs the point after it.
    const lastChunk = Math.floor((Math.ceil(toMs / GRID_STEP_MS) + 1) / CHUNK_STEPS);
    for (let c = this.firstChunk; c <= lastChunk; c++) this.window.push(chunkOf(orbit, c));
  }

  /**
   * Sine of the elevation above the plane through origin normal to up (a station's horizon, ECF) at grid
   * points first, first + 1, … into out; NaN where SGP4 failed or outside the window. The scan of every
   * station over every minute of the day: kept to a few multiplications per point.
   */
  gridSines(origin: Vec3, up: Vec3, first: number, out: Float64Array): void {
    for (let n = 0; n < out.length;) {
      const k = first + n;
      const c = Math.floor(k / CHUNK_STEPS);
      const chunk = this.window[c - this.firstChunk];
      const end = Math.min(out.length, n + (c + 1) * CHUNK_STEPS - k);
      if (!chunk) {
        out.fill(NaN, n, end);
        n = end;
        continue;
      }
      const ecf = chunk.ecf;
      for (let j = (k - c * CHUNK_STEPS) * 3; n < end; n++, j += 3) {
        const dx = ecf[j]! - origin.x;
        const dy = ecf[j + 1]! - origin.y;
        const dz = ecf[j + 2]! - origin.z;
        out[n] = (dx * up.x + dy * up.y + dz * up.z) / Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
    }
  }

  /** Earth-fixed position (km) at any time inside the window into out[0..2]; false where SGP4 failed next
   * to it or outside the window. */
  ecfAt(timeMs: number, out: Float64Array): boolean {
    const k = Math.floor(timeMs / GRID_STEP_MS);
    const c = Math.floor(k / CHUNK_STEPS);
    const chunk = this.window[c - this.firstChunk];
    // The grid point at a chunk's end is also the next chunk's first: the chunk of k holds k + 1 too.
    if (!chunk) return false;
    const i = k - c * CHUNK_STEPS;
    const s = timeMs / GRID_STEP_MS - k;
    // Cubic Hermite basis on [0, 1]; the velocity terms scale by the step in seconds.
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = (s3 - 2 * s2 + s) * STEP_S;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = (s3 - s2) * STEP_S;
    const { eci, velocity: v, gmst } = chunk;
    const [a, b] = [i * 3, i * 3 + 3];
    const x = h00 * eci[a]! + h10 * v[a]! + h01 * eci[b]! + h11 * v[b]!;
    const y = h00 * eci[a + 1]! + h10 * v[a + 1]! + h01 * eci[b + 1]! + h11 * v[b + 1]!;
    out[2] = h00 * eci[a + 2]! + h10 * v[a + 2]! + h01 * eci[b + 2]! + h11 * v[b + 2]!;
    // GMST grows linearly to within 1e-12 rad over a minute: interpolate it (unwrapped) too.
    let next = gmst[i + 1]!;
    if (next < gmst[i]!) next += TWO_PI;
    const angle = gmst[i]! + s * (next - gmst[i]!);
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    out[0] = x * cos + y * sin;
    out[1] = -x * sin + y * cos;
    return Number.isFinite(out[0]) && Number.isFinite(out[2]);
  }
}
