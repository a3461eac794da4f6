// Pure limit checking: which limits apply (context), and where a value stands against them, with hysteresis
// so a value hovering at a threshold does not flap an alarm open and shut.
import type { LimitBand, Limits, ParameterDef } from '../../shared/dictionary/types';
import type { LimitLevel, LimitSide, LimitState } from '../../shared/protocol/status';

/**
 * A violated numeric limit clears only once the value is back inside by this fraction of the band's width
 * (or of the threshold itself for a one-sided band): 2 % is the dead band commonly used for analogue alarms.
 */
export const HYSTERESIS_FRACTION = 0.02;

/** Raw value of another parameter of the same spacecraft (for context limits), if known. */
export type ContextLookup = (parameterId: string) => number | undefined;

const LEVEL_RANK: Record<LimitLevel, number> = { nominal: 0, yellow: 1, red: 2 };

export function levelRank(level: LimitLevel): number {
  return LEVEL_RANK[level];
}

export function worseLevel(a: LimitLevel, b: LimitLevel): LimitLevel {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}

/** True when a parameter can ever be out of limits (has limits or alarm states). */
export function isMonitored(parameter: ParameterDef): boolean {
  return parameter.limits !== undefined || parameter.alarmStates !== undefined || !!parameter.contextLimits;
}

export function selectLimits(
  parameter: ParameterDef,
  lookup: ContextLookup,
): { limits: Limits; context?: string } {
  for (const context of parameter.contextLimits ?? []) {
    const state = lookup(context.when.parameter);
    if (state !== undefined && context.when.states.includes(state)) {
      return { limits: context.limits, context: context.label };
    }
  }
  return { limits: parameter.limits ?? {} };
}

function hysteresisMargin(band: LimitBand, side: LimitSide): number {
  if (band.low !== undefined && band.high !== undefined) return HYSTERESIS_FRACTION * (band.high - band.low);
  const threshold = side === 'low' ? band.low : band.high;
  return HYSTERESIS_FRACTION * Math.abs(threshold ?? 0);
}

function violatedSide(band: LimitBand, value: number, margin: number): LimitSide | undefined {
  if (band.low !== undefined && value < band.low + margin) return 'low';
  if (band.high !== undefined && value > band.high - margin) return 'high';
  return undefined;
}

/**
 * Where a value stands. `previous` is the parameter's last live state: while it was out of limits, the
 * thresholds at or below its level are moved inwards by the hysteresis margin.
 */
export function checkLimits(
  parameter: ParameterDef,
  value: number,
  raw: number,
  lookup: ContextLookup,
  previous?: LimitState,
): LimitState {
  const stateLevel = parameter.alarmStates?.[raw];
  if (stateLevel) return { level: stateLevel, side: 'state' };

  const { limits, context } = selectLimits(parameter, lookup);
  const held = previous?.side === 'low' || previous?.side === 'high' ? previous : undefined;
  for (const level of ['red', 'yellow'] as const) {
    const band = limits[level];
    if (!band) continue;
    const sticky = held !== undefined && LEVEL_RANK[held.level] >= LEVEL_RANK[level];
    const side = violatedSide(band, value, sticky ? hysteresisMargin(band, held.side!) : 0);
    if (side) return context ? { level, side, context } : { level, side };
  }
  return context ? { level: 'nominal', context } : { level: 'nominal' };
}
