// Engineering value → raw value: the inverse of a calibrator, for whoever must produce or judge raw values
// from engineering ones (the simulator encoding a packet, the limit check naming an enumeration state).
// Calibrators need not be invertible, so each inverse is bounded to the raw values the field can hold and
// returns the raw value whose calibration comes nearest when none reaches the value exactly.
import type { Calibrator, DataEncoding } from './model';
import { calibrate } from './values';

export type Inverse = (eng: number) => number;

/** Raw values a numeric field can hold: [min, max]. */
export function rawDomain(encoding: DataEncoding): [number, number] {
  if (encoding.kind === 'float') return [-Number.MAX_VALUE, Number.MAX_VALUE];
  const bits = encoding.sizeInBits;
  if (encoding.kind === 'string') return [0, 0];
  if (encoding.encoding === 'unsigned') return [0, 2 ** bits - 1];
  const half = 2 ** (bits - 1);
  return encoding.encoding === 'twosComplement' ? [-half, half - 1] : [-(half - 1), half - 1];
}

/** Points of a spline sorted by raw value (the reader keeps them so). */
type Points = readonly { raw: number; calibrated: number }[];

function invertSpline(points: Points, order: 0 | 1, extrapolate: boolean): Inverse {
  return (eng) => {
    if (points.length === 0) return 0;
    if (order === 1) {
      for (let i = 0; i + 1 < points.length; i++) {
        const a = points[i]!;
        const b = points[i + 1]!;
        const within = (eng - a.calibrated) * (eng - b.calibrated) <= 0;
        if (within && a.calibrated !== b.calibrated)
          return a.raw + ((eng - a.calibrated) * (b.raw - a.raw)) / (b.calibrated - a.calibrated);
      }
      if (extrapolate && points.length > 1) {
        // Beyond the points the end segments continue: take the one on the value's side.
        const [a, b] = nearerEnd(points, eng);
        if (a.calibrated !== b.calibrated)
          return a.raw + ((eng - a.calibrated) * (b.raw - a.raw)) / (b.calibrated - a.calibrated);
      }
    }
    // Order 0, or a value the points never reach: the point whose value is nearest.
    let best = points[0]!;
    for (const p of points) if (Math.abs(p.calibrated - eng) < Math.abs(best.calibrated - eng)) best = p;
    return best.raw;
  };
}

function nearerEnd(points: Points, eng: number): [Points[number], Points[number]] {
  const first: [Points[number], Points[number]] = [points[0]!, points[1]!];
  const last: [Points[number], Points[number]] = [points[points.length - 2]!, points[points.length - 1]!];
  const distance = ([a, b]: [Points[number], Points[number]]) =>
    Math.min(Math.abs(a.calibrated - eng), Math.abs(b.calibrated - eng));
  return distance(first) <= distance(last) ? first : last;
}

/** Samples across the domain before bisecting: enough to separate the turns of a polynomial of low degree. */
const POLYNOMIAL_SAMPLES = 256;
const BISECTIONS = 80;
/** A float field's polynomial is inverted within this span (a realistic sensor never calibrates beyond it). */
const FLOAT_SPAN = 1e9;

function invertPolynomial(coefficients: readonly number[], domain: [number, number]): Inverse {
  const c0 = coefficients[0] ?? 0;
  const c1 = coefficients[1] ?? 0;
  if (coefficients.length <= 2) return (eng) => (c1 === 0 ? 0 : (eng - c0) / c1);
  const f = calibrate({ kind: 'polynomial', coefficients: [...coefficients] });
  const low = Math.max(domain[0], -FLOAT_SPAN);
  const high = Math.min(domain[1], FLOAT_SPAN);
  const step = (high - low) / POLYNOMIAL_SAMPLES;
  return (eng) => {
    let best = low;
    let bestError = Math.abs(f(low) - eng);
    for (let i = 0; i < POLYNOMIAL_SAMPLES; i++) {
      let a = low + i * step;
      let b = i === POLYNOMIAL_SAMPLES - 1 ? high : a + step;
      let fa = f(a) - eng;
      const fb = f(b) - eng;
      if (Math.abs(fb) < bestError) [best, bestError] = [b, Math.abs(fb)];
      if (fa * fb > 0) continue;
      // A crossing in this step: bisect it (the first crossing from the low end wins).
      for (let k = 0; k < BISECTIONS; k++) {
        const m = (a + b) / 2;
        const fm = f(m) - eng;
        if (fa * fm <= 0) b = m;
        else [a, fa] = [m, fm];
      }
      return (a + b) / 2;
    }
    return best;
  };
}

/** The inverse of a calibrator over the raw values a field can hold. */
export function inverseCalibration(calibrator: Calibrator, domain: [number, number]): Inverse {
  return calibrator.kind === 'spline'
    ? invertSpline(calibrator.points, calibrator.order, calibrator.extrapolate)
    : invertPolynomial(calibrator.coefficients, domain);
}

/**
 * The raw value a numeric field carries for an engineering value: inverted, held within the field, and for an
 * integer field the whole number whose calibration is nearest (the inverse lands between two).
 */
export function rawForEngineering(encoding: DataEncoding, calibrator: Calibrator | undefined): Inverse {
  const domain = rawDomain(encoding);
  const inverse = calibrator ? inverseCalibration(calibrator, domain) : (eng: number) => eng;
  if (encoding.kind !== 'integer') return (eng) => clamp(inverse(eng), domain);
  const forward = calibrator ? calibrate(calibrator) : (raw: number) => raw;
  return (eng) => {
    const raw = clamp(inverse(eng), domain);
    if (!Number.isFinite(raw)) return 0;
    const down = clamp(Math.floor(raw), domain);
    const up = clamp(Math.ceil(raw), domain);
    return Math.abs(forward(up) - eng) < Math.abs(forward(down) - eng) ? up : down;
  };
}

function clamp(value: number, [min, max]: [number, number]): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(max, Math.max(min, value));
}
