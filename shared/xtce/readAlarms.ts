// DefaultAlarm, ContextAlarmList, StaticAlarmRanges and EnumerationAlarmList.
import type {
  Alarm,
  AlarmLevelName,
  AlarmRange,
  ContextAlarm,
  EnumerationAlarm,
  NumericAlarm,
} from './model';
import { readCriteria } from './readCriteria';
import type { ReadContext } from './readContext';
import { first } from './readContext';
import type { XmlElement } from './xml';

const RANGE_LEVELS: Record<string, AlarmLevelName> = { WarningRange: 'warning', CriticalRange: 'critical' };
const UNSUPPORTED_RANGES = ['WatchRange', 'DistressRange', 'SevereRange'];

function readRange(ctx: ReadContext, element: XmlElement): AlarmRange {
  ctx.children(element, []);
  const range: AlarmRange = {};
  for (const bound of ['minInclusive', 'minExclusive', 'maxInclusive', 'maxExclusive'] as const) {
    const value = ctx.number(element, bound);
    if (value !== undefined) range[bound] = value;
  }
  if (range.minInclusive !== undefined && range.minExclusive !== undefined) {
    ctx.error(element, `${element.name} has both minInclusive and minExclusive`);
  }
  if (range.maxInclusive !== undefined && range.maxExclusive !== undefined) {
    ctx.error(element, `${element.name} has both maxInclusive and maxExclusive`);
  }
  return range;
}

function minViolations(ctx: ReadContext, element: XmlElement): number {
  return ctx.integer(element, 'minViolations', 1, 1_000_000) ?? 1;
}

function readStaticRanges(ctx: ReadContext, element: XmlElement, owner: XmlElement): NumericAlarm {
  const byName = ctx.children(element, [...Object.keys(RANGE_LEVELS), ...UNSUPPORTED_RANGES]);
  const alarm: NumericAlarm = {
    kind: 'numeric',
    minViolations: minViolations(ctx, owner),
    loc: ctx.loc(element),
  };
  for (const [name, level] of Object.entries(RANGE_LEVELS)) {
    const range = first(byName, name);
    if (range) alarm[level] = readRange(ctx, range);
  }
  for (const name of UNSUPPORTED_RANGES) for (const range of byName.get(name) ?? []) ctx.unsupported(range);
  return alarm;
}

function readEnumerationAlarms(ctx: ReadContext, element: XmlElement, owner: XmlElement): EnumerationAlarm {
  const alarm: EnumerationAlarm = {
    kind: 'enumeration',
    states: [],
    minViolations: minViolations(ctx, owner),
    loc: ctx.loc(element),
  };
  for (const entry of ctx.children(element, ['EnumerationAlarm']).get('EnumerationAlarm') ?? []) {
    ctx.children(entry, []);
    const label = ctx.required(entry, 'enumerationLabel');
    const levelText = entry.attributes.alarmLevel ?? '';
    if (levelText === 'normal') continue;
    if (levelText !== 'warning' && levelText !== 'critical') {
      ctx.unsupported(entry, `EnumerationAlarm alarmLevel "${levelText}"`);
      continue;
    }
    if (label) alarm.states.push({ label, level: levelText });
  }
  return alarm;
}

/** The alarm definition inside a DefaultAlarm or a ContextAlarm (the element itself carries minViolations). */
function readAlarmBody(ctx: ReadContext, element: XmlElement, extra: readonly string[]): Alarm | undefined {
  const byName = ctx.children(element, ['StaticAlarmRanges', 'EnumerationAlarmList', ...extra]);
  const ranges = first(byName, 'StaticAlarmRanges');
  const enumeration = first(byName, 'EnumerationAlarmList');
  if (element.attributes.defaultAlarmLevel && element.attributes.defaultAlarmLevel !== 'normal') {
    ctx.unsupported(element, `defaultAlarmLevel "${element.attributes.defaultAlarmLevel}"`);
  }
  if (ranges) return readStaticRanges(ctx, ranges, element);
  if (enumeration) return readEnumerationAlarms(ctx, enumeration, element);
  return undefined;
}

export function readDefaultAlarm(ctx: ReadContext, element: XmlElement): Alarm | undefined {
  return readAlarmBody(ctx, element, []);
}

export function readContextAlarms(ctx: ReadContext, list: XmlElement): ContextAlarm[] {
  const alarms: ContextAlarm[] = [];
  for (const element of ctx.children(list, ['ContextAlarm']).get('ContextAlarm') ?? []) {
    const match = element.children.find((child) => child.name === 'ContextMatch');
    const alarm = readAlarmBody(ctx, element, ['ContextMatch']);
    if (!match) {
      ctx.error(element, 'ContextAlarm has no ContextMatch');
      continue;
    }
    const context = readCriteria(ctx, match);
    // A context with no ranges at all means "no limits while this holds".
    const body = alarm ?? { kind: 'numeric', minViolations: 1, loc: ctx.loc(element) };
    if (context) {
      const name = element.attributes.name;
      alarms.push({ ...(name ? { name } : {}), context, alarm: body, loc: ctx.loc(element) });
    }
  }
  return alarms;
}
