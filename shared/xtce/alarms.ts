// Where a decoded value stands against its type's alarms, in Ortaq's terms: warning is yellow, critical is
// red. The first ContextAlarm whose ContextMatch holds replaces the DefaultAlarm. Each range is where the
// value is acceptable, so a value outside the critical range is red whatever the warning range says.
import type { XtceComparison, XtceParameter } from './database';
import type { Alarm, AlarmRange, NumericAlarm } from './model';
import type { LimitState } from '../protocol/status';
import { compareValues } from './values';

/** The raw and engineering values of another parameter of the same packet or spacecraft, if known. */
export type ValueLookup = (
  parameter: XtceParameter,
) => { raw: number | string; eng: number | string } | undefined;

function holds(comparison: XtceComparison, lookup: ValueLookup): boolean {
  const known = lookup(comparison.parameter);
  if (!known) return false;
  const left = comparison.useCalibratedValue ? known.eng : known.raw;
  return compareValues(left, comparison.operator, comparison.value);
}

/** The alarm that applies now and the label of its context (the ContextMatch written out), if any. */
export function applicableAlarm(
  parameter: XtceParameter,
  lookup: ValueLookup,
): { alarm?: Alarm; context?: string } {
  for (const contextAlarm of parameter.type.contextAlarms) {
    if (contextAlarm.context.every((c) => holds(c, lookup))) {
      return { alarm: contextAlarm.alarm, context: contextAlarm.name ?? contextLabel(contextAlarm.context) };
    }
  }
  return parameter.type.defaultAlarm ? { alarm: parameter.type.defaultAlarm } : {};
}

export function contextLabel(context: readonly XtceComparison[]): string {
  return context.map((c) => `${c.parameter.name} ${c.operator} ${c.value}`).join(' and ');
}

/** Which side of a range a value falls out of, if any. */
export function outside(range: AlarmRange, value: number): 'low' | 'high' | undefined {
  if (range.minInclusive !== undefined && value < range.minInclusive) return 'low';
  if (range.minExclusive !== undefined && value <= range.minExclusive) return 'low';
  if (range.maxInclusive !== undefined && value > range.maxInclusive) return 'high';
  if (range.maxExclusive !== undefined && value >= range.maxExclusive) return 'high';
  return undefined;
}

function numericState(alarm: NumericAlarm, value: number): LimitState {
  if (Number.isNaN(value)) return { level: 'nominal' };
  const red = alarm.critical && outside(alarm.critical, value);
  if (red) return { level: 'red', side: red };
  const yellow = alarm.warning && outside(alarm.warning, value);
  return yellow ? { level: 'yellow', side: yellow } : { level: 'nominal' };
}

/** The limit state of one value, before minViolations (see AlarmDebounce). */
export function alarmState(parameter: XtceParameter, eng: number | string, lookup: ValueLookup): LimitState {
  const { alarm, context } = applicableAlarm(parameter, lookup);
  let state: LimitState = { level: 'nominal' };
  if (alarm?.kind === 'numeric' && typeof eng === 'number') state = numericState(alarm, eng);
  if (alarm?.kind === 'enumeration') {
    const match = alarm.states.find((s) => s.label === eng);
    if (match) state = { level: match.level === 'critical' ? 'red' : 'yellow', side: 'state' };
  }
  return context ? { ...state, context } : state;
}

/**
 * minViolations: an alarm shows only after that many consecutive out-of-limits samples. Keeps one counter
 * per key (spacecraft and parameter); bounded by the number of keys the caller uses.
 */
export class AlarmDebounce {
  private readonly counts = new Map<string, number>();

  apply(key: string, parameter: XtceParameter, state: LimitState, lookup: ValueLookup): LimitState {
    const needed = applicableAlarm(parameter, lookup).alarm?.minViolations ?? 1;
    if (state.level === 'nominal') {
      this.counts.delete(key);
      return state;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count >= needed) return state;
    return state.context ? { level: 'nominal', context: state.context } : { level: 'nominal' };
  }
}
