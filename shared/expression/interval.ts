// Interval arithmetic: the range an expression can take, from the ranges its inputs can take. Conservative by
// construction (the true range always lies inside the answer; anything not known is unbounded), so the check
// may say a limit can never be crossed only when that is certain.

export interface Interval {
  min: number;
  max: number;
}

export const UNBOUNDED: Interval = Object.freeze({ min: -Infinity, max: Infinity });

/** Any NaN (∞ − ∞, 0 × ∞) means the bound is not known: widen it. */
export function interval(min: number, max: number): Interval {
  return { min: Number.isNaN(min) ? -Infinity : min, max: Number.isNaN(max) ? Infinity : max };
}

export function hull(a: Interval, b: Interval): Interval {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** Range of a non-decreasing function (outside its domain the bound is unknown). */
export function monotone(x: Interval, f: (x: number) => number): Interval {
  return interval(f(x.min), f(x.max));
}

function corners(a: Interval, b: Interval, f: (x: number, y: number) => number): Interval {
  const values = [f(a.min, b.min), f(a.min, b.max), f(a.max, b.min), f(a.max, b.max)];
  if (values.some(Number.isNaN)) return UNBOUNDED;
  return { min: Math.min(...values), max: Math.max(...values) };
}

export function add(a: Interval, b: Interval): Interval {
  return interval(a.min + b.min, a.max + b.max);
}

export function subtract(a: Interval, b: Interval): Interval {
  return interval(a.min - b.max, a.max - b.min);
}

export function multiply(a: Interval, b: Interval): Interval {
  return corners(a, b, (x, y) => x * y);
}

export function divide(a: Interval, b: Interval): Interval {
  // A divisor that may be zero (or near it) can make the quotient as large as it likes.
  if (b.min <= 0 && b.max >= 0) return UNBOUNDED;
  return corners(a, b, (x, y) => x / y);
}

export function power(base: Interval, exponent: Interval): Interval {
  // Only a non-negative base to a constant power is certainly monotone; anything else is left unknown.
  if (base.min < 0 || exponent.min !== exponent.max) return UNBOUNDED;
  const p = exponent.min;
  const low = base.min ** p;
  const high = base.max ** p;
  return p >= 0 ? interval(low, high) : interval(high, low);
}

export function negate(a: Interval): Interval {
  return { min: -a.max, max: -a.min };
}
