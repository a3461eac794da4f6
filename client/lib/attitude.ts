// Attitude from the ADCS quaternion (body relative to the inertial frame, scalar first).

export interface Quaternion {
  q0: number;
  q1: number;
  q2: number;
  q3: number;
}

export interface EulerDeg {
  rollDeg: number;
  pitchDeg: number;
  yawDeg: number;
}

const DEG = 180 / Math.PI;

export function normalizeQuaternion(q: Quaternion): Quaternion {
  const n = Math.hypot(q.q0, q.q1, q.q2, q.q3);
  if (n === 0) return { q0: 1, q1: 0, q2: 0, q3: 0 };
  return { q0: q.q0 / n, q1: q.q1 / n, q2: q.q2 / n, q3: q.q3 / n };
}

/** Roll, pitch and yaw (aerospace Z-Y-X sequence), degrees; pitch is clamped at the ±90° singularity. */
export function quaternionToEuler(q: Quaternion): EulerDeg {
  const { q0: w, q1: x, q2: y, q3: z } = normalizeQuaternion(q);
  const roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
  const sinPitch = Math.max(-1, Math.min(1, 2 * (w * y - z * x)));
  const pitch = Math.asin(sinPitch);
  const yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
  return { rollDeg: roll * DEG, pitchDeg: pitch * DEG, yawDeg: yaw * DEG };
}

export type Vec = readonly [number, number, number];

/** Rotates v from the body frame into the reference frame: q v q*. */
export function rotate(q: Quaternion, v: Vec): [number, number, number] {
  const { q0: w, q1: x, q2: y, q3: z } = normalizeQuaternion(q);
  const [vx, vy, vz] = v;
  // t = 2 (q_vec × v); v' = v + w t + q_vec × t
  const tx = 2 * (y * vz - z * vy);
  const ty = 2 * (z * vx - x * vz);
  const tz = 2 * (x * vy - y * vx);
  return [vx + w * tx + (y * tz - z * ty), vy + w * ty + (z * tx - x * tz), vz + w * tz + (x * ty - y * tx)];
}

/** A fixed oblique view of 3-D space on the page: x to the lower left, y to the right, z up. */
export function project([x, y, z]: Vec): [number, number] {
  return [y - x * 0.5, -z + x * 0.35];
}
