// Minimal 3-vector algebra for orbit and attitude code. Plain objects so satellite.js vectors fit directly.

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export const vec3 = (x: number, y: number, z: number): Vec3 => ({ x, y, z });
export const add = (a: Vec3, b: Vec3): Vec3 => vec3(a.x + b.x, a.y + b.y, a.z + b.z);
export const sub = (a: Vec3, b: Vec3): Vec3 => vec3(a.x - b.x, a.y - b.y, a.z - b.z);
export const scale = (a: Vec3, k: number): Vec3 => vec3(a.x * k, a.y * k, a.z * k);
export const dot = (a: Vec3, b: Vec3): number => a.x * b.x + a.y * b.y + a.z * b.z;
export const cross = (a: Vec3, b: Vec3): Vec3 =>
  vec3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
export const norm = (a: Vec3): number => Math.sqrt(dot(a, a));

/** Unit vector along a; the zero vector stays zero rather than becoming NaN. */
export function normalize(a: Vec3): Vec3 {
  const length = norm(a);
  return length === 0 ? a : scale(a, 1 / length);
}

/** Angle between two vectors, radians, robust to rounding just outside [-1, 1]. */
export function angleBetween(a: Vec3, b: Vec3): number {
  const denominator = norm(a) * norm(b);
  if (denominator === 0) return 0;
  return Math.acos(Math.min(1, Math.max(-1, dot(a, b) / denominator)));
}
