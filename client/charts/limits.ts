// Limit bands and axis ranges for charts, from the dictionary's limits.
import type { Limits, ParameterDef } from '../../shared/dictionary';

/**
 * The limits in force under a context (the label the server put on the newest sample's limit state, e.g.
 * "eclipse"), else the default ones: a chart shows the bands its values were checked against.
 */
export function limitsInEffect(
  parameter: Pick<ParameterDef, 'limits' | 'contextLimits'>,
  context: string | undefined,
): Limits | undefined {
  if (context === undefined) return parameter.limits;
  return parameter.contextLimits?.find((c) => c.label === context)?.limits ?? parameter.limits;
}

export interface LimitBandArea {
  level: 'yellow' | 'red';
  y1: number;
  y2: number;
}

/**
 * The yellow and red zones of `limits` inside [min, max]: red beyond the red limits, yellow between a red
 * limit (or the axis end) and the yellow one. Zones outside the axis are left out.
 */
export function limitBands(
  limits: Limits | undefined,
  [min, max]: readonly [number, number],
): LimitBandArea[] {
  if (!limits) return [];
  const { yellow, red } = limits;
  const bands: LimitBandArea[] = [];
  const add = (level: LimitBandArea['level'], a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined) return;
    const y1 = Math.max(min, Math.min(a, b));
    const y2 = Math.min(max, Math.max(a, b));
    if (y2 > y1) bands.push({ level, y1, y2 });
  };
  add('red', min, red?.low);
  add('yellow', red?.low ?? min, yellow?.low);
  add('yellow', yellow?.high, red?.high ?? max);
  add('red', red?.high, max);
  return bands;
}

/**
 * A y range for the data, padded by 5 %. A yellow limit is brought into view when it is near the data (within
 * the data's own spread), so the operator sees the margin, but a far limit does not flatten the curve.
 */
/** Units whose values cannot leave a range: the axis padding must not show −5 % of a battery. */
const UNIT_BOUNDS: Record<string, [number, number]> = { '%': [0, 100] };

export function chartDomain(
  values: readonly number[],
  limits: Limits | undefined,
  unit = '',
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const limitValues = [limits?.yellow?.low, limits?.yellow?.high].filter((l): l is number => l !== undefined);
  if (!Number.isFinite(lo)) {
    if (limitValues.length === 0) return [0, 1];
    lo = Math.min(...limitValues);
    hi = Math.max(...limitValues);
  }
  const spread = Math.max(hi - lo, Math.abs(hi) * 0.02, 1e-6);
  for (const l of limitValues) {
    if (l < lo && lo - l <= spread) lo = l;
    if (l > hi && l - hi <= spread) hi = l;
  }
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1, Math.abs(hi) * 0.05);
  const bounds = UNIT_BOUNDS[unit];
  if (!bounds) return [lo - pad, hi + pad];
  // Padding stops at a bound the data respects; data outside it (a sensor fault) still shows.
  return [
    lo >= bounds[0] ? Math.max(bounds[0], lo - pad) : lo - pad,
    hi <= bounds[1] ? Math.min(bounds[1], hi + pad) : hi + pad,
  ];
}
