// Pure limit checking: which limits apply (context), and where a value stands against them, with hysteresis
// so a value hovering at a threshold does not flap an alarm open and shut.
import type { AlarmLevel, ContextWhen, LimitBand, Limits, ParameterDef } from '../../shared/dictionary/types';
import type { LimitLevel, LimitSide, LimitState } from '../../shared/protocol/status';
import { compareValues } from '../../shared/xtce/values';

/**
 * A violated numeric limit clears only once the value is back inside by this fraction of the band's width
 * (or of the threshold itself for a one-sided band): 2 % is the dead band commonly used for analogue alarms.
 */
export const HYSTERESIS_FRACTION = 0.02;

/**
 * Raw value of another parameter of the same spacecraft (for context limits), if known; its engineering value
 * when `calibrated`.
 */
export type ContextLookup = (parameterId: string, calibrated?: boolean) => number | undefined;

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

/** Whether a context's match holds on the values the lookup gives. */
export function contextHolds(when: ContextWhen, lookup: ContextLookup): boolean {
  if ('states' in when) {
    const state = lookup(when.parameter);
    return state !== undefined && when.states.includes(state);
  }
  return when.all.every((condition) => {
    const value = lookup(condition.parameter, condition.calibrated);
    return value !== undefined && compareValues(value, condition.operator, condition.value);
  });
}

export interface SelectedLimits {
  limits: Limits;
  alarmStates?: Partial<Record<number, AlarmLevel>>;
  context?: string;
}

export function selectLimits(parameter: ParameterDef, lookup: ContextLookup): SelectedLimits {
  for (const context of parameter.contextLimits ?? []) {
    if (contextHolds(context.when, lookup)) {
      const selected: SelectedLimits = { limits: context.limits, context: context.label };
      if (context.alarmStates) selected.alarmStates = context.alarmStates;
      return selected;
    }
  }
  const selected: SelectedLimits = { limits: parameter.limits ?? {} };
  if (parameter.alarmStates) selected.alarmStates = parameter.alarmStates;
  return selected;
}

function hysteresisMargin(band: LimitBand, side: LimitSide): number {
  if (band.low !== undefined && band.high !== undefined) return HYSTERESIS_FRACTION * (band.high - band.low);
  const threshold = side === 'low' ? band.low : band.high;
  return HYSTERESIS_FRACTION * Math.abs(threshold ?? 0);
}

function violatedSide(band: LimitBand, value: number, margin: number): LimitSide | undefined {
  if (band.low !== undefined) {
    const low = band.low + margin;
    if (band.lowExclusive ? value <= low : value < low) return 'low';
  }
  if (band.high !== undefined) {
    const high = band.high - margin;
    if (band.highExclusive ? value >= high : value > high) return 'high';
  }
  return undefined;
}

/**
 * minViolations: a worse level shows only after that many consecutive live samples reach it; until then the
 * state shown stays the previous one and counts the samples (`pending`). A sample judged on its own (no
 * previous state: playback, the first one heard) shows what it is.
 */
function afterViolations(instant: LimitState, previous: LimitState | undefined, minViolations: number) {
  if (minViolations <= 1 || !previous || LEVEL_RANK[instant.level] <= LEVEL_RANK[previous.level])
    return instant;
  const pending = (previous.pending ?? 0) + 1;
  if (pending >= minViolations) return instant;
  const shown: LimitState = { level: previous.level, pending };
  if (previous.side) shown.side = previous.side;
  if (instant.context) shown.context = instant.context;
  return shown;
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
  // Most parameters have no context limits: judged on their own limits without a selection object, as the
  // check runs for every value of every packet.
  if (!parameter.contextLimits?.length) {
    const limits = parameter.limits ?? NO_LIMITS;
    const instant = instantState(limits, parameter.alarmStates, undefined, value, raw, previous);
    return afterViolations(instant, previous, limits.minViolations ?? 1);
  }
  const { limits, alarmStates, context } = selectLimits(parameter, lookup);
  const minViolations = limits.minViolations ?? parameter.limits?.minViolations ?? 1;
  return afterViolations(
    instantState(limits, alarmStates, context, value, raw, previous),
    previous,
    minViolations,
  );
}

function instantState(
  limits: Limits,
  alarmStates: SelectedLimits['alarmStates'],
  context: string | undefined,
  value: number,
  raw: number,
  previous: LimitState | undefined,
): LimitState {
  const stateLevel = alarmStates?.[raw];
  if (stateLevel)
    return context ? { level: stateLevel, side: 'state', context } : { level: stateLevel, side: 'state' };
  const held = previous?.side === 'low' || previous?.side === 'high' ? previous : undefined;
  for (let i = 0; i < VIOLATED_LEVELS.length; i++) {
    const level = VIOLATED_LEVELS[i]!;
    const band = limits[level];
    if (!band) continue;
    const sticky = held !== undefined && LEVEL_RANK[held.level] >= LEVEL_RANK[level];
    const side = violatedSide(band, value, sticky ? hysteresisMargin(band, held.side!) : 0);
    if (side) return context ? { level, side, context } : { level, side };
  }
  return context ? { level: 'nominal', context } : NOMINAL_STATE;
}

/** Worst first: the first band violated names the level. */
const VIOLATED_LEVELS = ['red', 'yellow'] as const;
const NO_LIMITS: Limits = Object.freeze({});

/** Shared by every nominal sample without a context (most of them): never changed once made. */
const NOMINAL_STATE: LimitState = Object.freeze({ level: 'nominal' as const });
