// Attitude quaternions, scalar first, rotating body-frame vectors into ECI (the convention of the ADCS
// housekeeping: adcs.q0 is the scalar part).
import { add, cross, dot, normalize, scale, vec3, type Vec3 } from '../../../shared/orbit';

export interface Quaternion {
  readonly w: number;
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export const IDENTITY: Quaternion = { w: 1, x: 0, y: 0, z: 0 };

export function multiply(a: Quaternion, b: Quaternion): Quaternion {
  return {
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
  };
}

export const conjugate = (q: Quaternion): Quaternion => ({ w: q.w, x: -q.x, y: -q.y, z: -q.z });

export function normalizeQuaternion(q: Quaternion): Quaternion {
  const length = Math.hypot(q.w, q.x, q.y, q.z);
  // Keep the scalar part non-negative so the telemetry does not flip sign between equal attitudes.
  const k = (q.w < 0 ? -1 : 1) / length;
  return { w: q.w * k, x: q.x * k, y: q.y * k, z: q.z * k };
}

/** Rotates a body vector into ECI. */
export function rotate(q: Quaternion, v: Vec3): Vec3 {
  const u = vec3(q.x, q.y, q.z);
  const t = scale(cross(u, v), 2);
  return add(add(v, scale(t, q.w)), cross(u, t));
}

/** Quaternion of the rotation taking body axes to the given ECI unit vectors (an orthonormal triad). */
export function fromAxes(x: Vec3, y: Vec3, z: Vec3): Quaternion {
  // Shepperd's method on the matrix whose columns are the body axes in ECI.
  const [m00, m11, m22] = [x.x, y.y, z.z];
  const trace = m00 + m11 + m22;
  let q: Quaternion;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    q = { w: s / 4, x: (y.z - z.y) / s, y: (z.x - x.z) / s, z: (x.y - y.x) / s };
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = { w: (y.z - z.y) / s, x: s / 4, y: (y.x + x.y) / s, z: (z.x + x.z) / s };
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = { w: (z.x - x.z) / s, x: (y.x + x.y) / s, y: s / 4, z: (z.y + y.z) / s };
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = { w: (x.y - y.x) / s, x: (z.x + x.z) / s, y: (z.y + y.z) / s, z: s / 4 };
  }
  return normalizeQuaternion(q);
}

/** Frame with +Z along `boresight` and +X as close to `reference` as the constraint allows. */
export function pointing(boresight: Vec3, reference: Vec3): Quaternion {
  const z = normalize(boresight);
  let y = cross(z, reference);
  if (dot(y, y) < 1e-12) y = cross(z, Math.abs(z.x) < 0.9 ? vec3(1, 0, 0) : vec3(0, 1, 0));
  y = normalize(y);
  return fromAxes(cross(y, z), y, z);
}

/** Rotation angle between two attitudes, radians (0…π). */
export function angleBetweenAttitudes(a: Quaternion, b: Quaternion): number {
  const d = Math.abs(a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z);
  return 2 * Math.acos(Math.min(1, d));
}

/**
 * Turns `from` towards `to` by at most maxAngle radians about the eigenaxis. Returns the new attitude and the
 * rotation applied, as an ECI axis times angle (radians).
 */
export function slewToward(
  from: Quaternion,
  to: Quaternion,
  maxAngle: number,
): { attitude: Quaternion; rotationEci: Vec3 } {
  let delta = multiply(to, conjugate(from));
  if (delta.w < 0) delta = { w: -delta.w, x: -delta.x, y: -delta.y, z: -delta.z };
  const angle = 2 * Math.acos(Math.min(1, delta.w));
  if (angle < 1e-12) return { attitude: normalizeQuaternion(to), rotationEci: vec3(0, 0, 0) };
  const axis = normalize(vec3(delta.x, delta.y, delta.z));
  const applied = Math.min(angle, maxAngle);
  const half = applied / 2;
  const step: Quaternion = { w: Math.cos(half), ...scale(axis, Math.sin(half)) };
  return { attitude: normalizeQuaternion(multiply(step, from)), rotationEci: scale(axis, applied) };
}
