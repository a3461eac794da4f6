// A small, independent limit evaluator for simulator tests: does a value stand inside its yellow and red
// limits (context limits and alarm states included), as the dictionary defines them?
import type { LimitBand, Limits, ParameterDef } from '../../shared/dictionary';

export type Level = 'nominal' | 'yellow' | 'red';

const outside = (band: LimitBand | undefined, value: number) =>
  band !== undefined &&
  ((band.low !== undefined && value < band.low) || (band.high !== undefined && value > band.high));

function limitsFor(parameter: ParameterDef, context: ReadonlyMap<string, number>): Limits | undefined {
  for (const candidate of parameter.contextLimits ?? []) {
    // Ortaq's own packets name one state of another parameter; ComparisonLists are xtceLimits.test.ts's.
    if (!('states' in candidate.when)) continue;
    const value = context.get(candidate.when.parameter);
    if (value !== undefined && candidate.when.states.includes(value)) return candidate.limits;
  }
  return parameter.limits;
}

/** Level of a value; `context` holds the other values of the same spacecraft by parameter id. */
export function limitLevel(
  parameter: ParameterDef,
  value: number,
  context: ReadonlyMap<string, number>,
): Level {
  const alarm = parameter.alarmStates?.[value];
  if (alarm) return alarm;
  const limits = limitsFor(parameter, context);
  if (outside(limits?.red, value)) return 'red';
  if (outside(limits?.yellow, value)) return 'yellow';
  return 'nominal';
}
