// A derived parameter's limits and context limits as the loader builds them from mission.yaml: every bound
// checked against the range the expression can take, every context's comparison against the parameters the
// mission has. The result is the dictionary's own ContextLimits, judged live by server/limits/check.ts like
// an XTCE ContextAlarm's.
import { UNBOUNDED, type Interval } from '../expression';
import type { ContextCondition, ContextLimits, LimitBand, ParameterDef, RawType } from '../dictionary/types';
import { fieldEncoding } from './calibration';
import { rawDomain } from '../xtce/inverse';
import { closestName } from './graph';
import type { ConditionDeclaration, ContextDeclaration } from './derivedSchema';

/** Reports a problem at a path below the declaration (["limits", "red", "high"]). */
export type ReportAt = (path: readonly (string | number)[], message: string) => void;

const RAW_SPAN: Partial<Record<RawType, [number, number]>> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffff_ffff],
  i16: [-0x8000, 0x7fff],
  i32: [-0x8000_0000, 0x7fff_ffff],
};

/** Every engineering value a measured parameter's field can give (floats: any). */
export function measuredRange(parameter: ParameterDef): Interval {
  const calibration = parameter.calibration;
  if (calibration?.kind === 'spline' && !calibration.extrapolate) {
    // Beyond its points a spline gives no value (no sample): the points bound what it can give.
    const values = calibration.points.map((p) => p.calibrated);
    return { min: Math.min(...values), max: Math.max(...values) };
  }
  if (calibration) return UNBOUNDED;
  const span = parameter.field ? rawDomain(fieldEncoding(parameter)) : RAW_SPAN[parameter.type];
  if (!span) return UNBOUNDED;
  const [a, b] = span.map((raw) => raw * parameter.scale + parameter.offset) as [number, number];
  return { min: Math.min(a, b), max: Math.max(a, b) };
}

function format(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/**
 * True when every bound can be crossed: a limit the expression can never reach is a mistake (a wrong unit, a
 * misplaced decimal point). `path` leads to the limits in the declaration.
 */
export function limitsReachable(
  what: string,
  unitName: string,
  limits: { yellow?: LimitBand; red?: LimitBand },
  range: Interval,
  path: readonly (string | number)[],
  report: ReportAt,
): boolean {
  let reachable = true;
  const unit = unitName ? ` ${unitName}` : '';
  const slack = (x: number) => Math.abs(x) * 1e-9;
  for (const level of ['yellow', 'red'] as const) {
    for (const side of ['low', 'high'] as const) {
      const bound = limits[level]?.[side];
      if (bound === undefined) continue;
      const below = bound < range.min - slack(range.min);
      const above = bound > range.max + slack(range.max);
      if (!below && !above) continue;
      reachable = false;
      report(
        [...path, level, side],
        `${what}: the ${level} ${side} limit ${bound}${unit} lies ${below ? 'below the smallest' : 'above the largest'} value the expression can take from the ranges of its inputs (${format(below ? range.min : range.max)}${unit}), so it could never be crossed`,
      );
    }
  }
  return reachable;
}

/** What a context may compare: the mission's parameters (measured or derived) and the states they name. */
export interface ContextNames {
  states(parameterId: string): Record<number, string> | undefined | null;
  ids: readonly string[];
}

function condition(
  what: string,
  declared: ConditionDeclaration,
  names: ContextNames,
  report: (message: string) => void,
): ContextCondition | undefined {
  const { parameter, operator, value } = declared;
  const states = names.states(parameter);
  if (states === null) {
    const hint = closestName(parameter, names.ids);
    report(`${what}: unknown parameter ${parameter}${hint ? `; did you mean ${hint}?` : ''}`);
    return undefined;
  }
  if (typeof value === 'number') return { parameter, operator, value, calibrated: !declared.raw };
  const raw = Object.entries(states ?? {}).find(([, label]) => label === value)?.[0];
  if (raw === undefined) {
    const known = Object.values(states ?? {});
    report(
      known.length
        ? `${what}: ${parameter} has no state "${value}" (its states: ${known.join(', ')})`
        : `${what}: ${parameter} has no named states; compare it with a number`,
    );
    return undefined;
  }
  if (operator !== '==' && operator !== '!=') {
    report(`${what}: a state name ("${value}") is compared with == or !=, not ${operator}`);
    return undefined;
  }
  return { parameter, operator, value: Number(raw), calibrated: false };
}

/**
 * The context limits of one declaration, or undefined when one of them is wrong (each mistake reported at
 * its line). `range` is what the declaration's expression can take.
 */
export function buildContexts(
  what: string,
  unit: string,
  contexts: readonly ContextDeclaration[],
  range: Interval,
  names: ContextNames,
  report: ReportAt,
): ContextLimits[] | undefined {
  let valid = true;
  const built = contexts.map((context, k): ContextLimits => {
    const label = `${what}, context "${context.label}"`;
    const when = Array.isArray(context.when) ? context.when : [context.when];
    const all = when.flatMap((declared, c) => {
      const path = Array.isArray(context.when) ? ['contexts', k, 'when', c] : ['contexts', k, 'when'];
      const made = condition(label, declared, names, (message) => report([...path, 'parameter'], message));
      if (!made) valid = false;
      return made ?? [];
    });
    if (!limitsReachable(label, unit, context.limits, range, ['contexts', k, 'limits'], report))
      valid = false;
    return { when: { all }, limits: context.limits, label: context.label };
  });
  return valid ? built : undefined;
}
