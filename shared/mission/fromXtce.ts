// Ortaq's packets from an XTCE database. The live path (frame codec, limit checker, dashboard) works on the
// Dictionary's PacketDef/ParameterDef, so each concrete container derived from the packet container becomes a
// packet and each of its entries a parameter. What the live path cannot represent (a time whose encoding is
// calibrated) is reported as a problem at the XTCE line, never approximated: the XTCE decoder (shared/xtce)
// reads all of it, but a mission runs only what both paths read the same way.
import type {
  XtceComparison,
  XtceContainer,
  XtceContextAlarm,
  XtceDatabase,
  XtceParameter,
} from '../xtce/database';
import type { AlarmRange, DataEncoding, EnumerationAlarm, Located, NumericAlarm } from '../xtce/model';
import { problemAt, type Problem } from '../xtce/problems';
import { textCode } from '../dictionary/texts';
import { apidOfContainer, headerLayout, packetFields, type HeaderLayout } from './packetLayout';
import { parameterIdOf, subsystemOf } from './parameterNames';
import {
  type AlarmLevel,
  type ContextCondition,
  type ContextLimits,
  type ContextWhen,
  type FieldEncoding,
  type LimitBand,
  type Limits,
  type PacketDef,
  type PacketKind,
  type ParameterDef,
  type RawType,
  type Subsystem,
} from '../dictionary/types';

/** AncillaryData on a container: "housekeeping" (default) or "event". */
export const KIND_ANCILLARY = 'ortaq.kind';

export interface PacketsResult {
  packets: PacketDef[];
  problems: Problem[];
  /** Bits of the packet container (primary and secondary header): the link's time code must fit in them. */
  headerBits: number;
}

class Converter {
  readonly problems: Problem[] = [];
  constructor(readonly database: XtceDatabase) {}

  report(loc: Located, message: string): undefined {
    this.problems.push(problemAt(loc.file, loc.line, message));
    return undefined;
  }

  parameterId(parameter: XtceParameter): string {
    return parameterIdOf(parameter);
  }

  subsystem(parameter: XtceParameter): Subsystem | undefined {
    const found = subsystemOf(parameter);
    return found.ok ? found.subsystem : this.report(parameter.loc, found.message);
  }

  rawType(
    parameter: XtceParameter,
  ):
    | Pick<ParameterDef, 'type' | 'scale' | 'offset' | 'calibration' | 'field' | 'time' | 'string'>
    | undefined {
    const encoding = parameter.type.encoding;
    const where = `${parameter.qualifiedName} is`;
    // A string's value on the numeric paths is its text's code, a double (shared/dictionary/texts.ts).
    if (encoding.kind === 'string')
      return { type: 'f64', scale: 1, offset: 0, string: { sizeBytes: encoding.sizeInBits / 8 } };
    const field = fieldOf(encoding);
    const calibrator = encoding.calibrator;
    const time = parameter.type.time;
    if (time) {
      if (calibrator)
        return this.report(
          parameter.loc,
          `${where} a time with a calibrated encoding; scale its seconds instead`,
        );
      const def = { type: field.type, scale: time.scale, offset: time.offset, time: { epoch: time.epoch } };
      return field.field ? { ...def, field: field.field } : def;
    }
    const def: Pick<ParameterDef, 'type' | 'scale' | 'offset' | 'calibration' | 'field'> = {
      type: field.type,
      scale: 1,
      offset: 0,
    };
    if (calibrator?.kind === 'polynomial' && calibrator.coefficients.length <= 2) {
      def.scale = calibrator.coefficients[1] ?? 0;
      def.offset = calibrator.coefficients[0] ?? 0;
    } else if (calibrator?.kind === 'polynomial') {
      def.calibration = { kind: 'polynomial', coefficients: [...calibrator.coefficients] };
    } else if (calibrator) {
      const { order, extrapolate, points } = calibrator;
      def.calibration = { kind: 'spline', order, extrapolate, points: points.map((p) => ({ ...p })) };
    }
    if (field.field) def.field = field.field;
    return def;
  }

  band(range: AlarmRange | undefined): LimitBand | undefined {
    if (!range) return undefined;
    const band: LimitBand = {};
    if (range.minInclusive !== undefined) band.low = range.minInclusive;
    else if (range.minExclusive !== undefined) [band.low, band.lowExclusive] = [range.minExclusive, true];
    if (range.maxInclusive !== undefined) band.high = range.maxInclusive;
    else if (range.maxExclusive !== undefined) [band.high, band.highExclusive] = [range.maxExclusive, true];
    return band;
  }

  limits(alarm: NumericAlarm): Limits {
    const limits: Limits = {};
    const yellow = this.band(alarm.warning);
    const red = this.band(alarm.critical);
    if (yellow) limits.yellow = yellow;
    if (red) limits.red = red;
    if (alarm.minViolations > 1) limits.minViolations = alarm.minViolations;
    return limits;
  }

  /** Enumeration alarm states by raw value. */
  alarmStates(parameter: XtceParameter, alarm: EnumerationAlarm): Partial<Record<number, AlarmLevel>> {
    return Object.fromEntries(
      alarm.states.flatMap((s) => {
        const entry = parameter.type.enumeration.find((e) => e.label === s.label);
        return entry ? [[entry.value, s.level === 'critical' ? 'red' : 'yellow']] : [];
      }),
    );
  }

  /** A comparison of a context on what the live path holds: raw numbers (enumeration labels named). */
  condition(comparison: XtceComparison): ContextCondition | undefined {
    const other = comparison.parameter;
    const { value, useCalibratedValue } = comparison;
    const labelled = other.type.kind === 'enumerated' || other.type.kind === 'boolean';
    let number: number | undefined = typeof value === 'number' ? value : undefined;
    if (typeof value === 'string' && other.type.kind === 'enumerated')
      number = other.type.enumeration.find((e) => e.label === value)?.value;
    if (typeof value === 'string' && other.type.kind === 'boolean')
      number =
        value === other.type.booleanLabels.one ? 1 : value === other.type.booleanLabels.zero ? 0 : undefined;
    if (other.type.kind === 'string') {
      // A string's live value is its text's code: equal texts have equal codes, and nothing else holds.
      if (comparison.operator !== '==' && comparison.operator !== '!=')
        return this.report(
          comparison.loc,
          `the context compares the string ${other.name} with ${comparison.operator}; a string can only be compared with == or !=`,
        );
      number = textCode(String(value));
    }
    if (number === undefined)
      return this.report(
        comparison.loc,
        `the context must compare ${other.name} with a number or one of its labels`,
      );
    const condition: ContextCondition = {
      parameter: this.parameterId(other),
      operator: comparison.operator,
      value: number,
    };
    // An enumeration's live value is its number, so a comparison of its label is one of its raw value.
    if (useCalibratedValue && !labelled) condition.calibrated = true;
    return condition;
  }

  contextLimits(parameter: XtceParameter, context: XtceContextAlarm): ContextLimits | undefined {
    const conditions = context.context.map((c) => this.condition(c));
    if (conditions.some((c) => c === undefined) || conditions.length === 0) return undefined;
    const all = conditions as ContextCondition[];
    const [only] = all;
    const when: ContextWhen =
      all.length === 1 && only!.operator === '==' && !only!.calibrated
        ? { parameter: only!.parameter, states: [only!.value] }
        : { all };
    const first = context.context[0]!;
    const label = context.name ?? `${first.parameter.name} ${first.operator} ${first.value}`;
    if (context.alarm.kind === 'enumeration') {
      const limits: Limits =
        context.alarm.minViolations > 1 ? { minViolations: context.alarm.minViolations } : {};
      return { label, when, limits, alarmStates: this.alarmStates(parameter, context.alarm) };
    }
    return { label, when, limits: this.limits(context.alarm) };
  }

  parameter(parameter: XtceParameter): ParameterDef | undefined {
    const subsystem = this.subsystem(parameter);
    const raw = this.rawType(parameter);
    if (!subsystem || !raw) return undefined;
    const { type } = parameter;
    const def: ParameterDef = {
      id: this.parameterId(parameter),
      name: parameter.description ?? parameter.name,
      subsystem,
      ...raw,
      unit: type.unit,
      source: { file: this.database.file, qualifiedName: parameter.qualifiedName },
    };
    if (type.kind === 'enumerated')
      def.states = Object.fromEntries(type.enumeration.map((e) => [e.value, e.label]));
    const alarm = type.defaultAlarm;
    if (alarm?.kind === 'enumeration') {
      def.alarmStates = this.alarmStates(parameter, alarm);
      if (alarm.minViolations > 1) def.limits = { minViolations: alarm.minViolations };
    } else if (alarm) def.limits = this.limits(alarm);
    if (type.contextAlarms.length > 0) {
      def.contextLimits = mergeStates(
        type.contextAlarms.flatMap((c) => this.contextLimits(parameter, c) ?? []),
      );
    }
    return def;
  }

  packet(
    container: XtceContainer,
    header: XtceContainer,
    apidParameter?: XtceParameter,
  ): PacketDef | undefined {
    const apid = apidParameter && apidOfContainer(container, header, apidParameter);
    if (apidParameter && apid === undefined) {
      this.report(
        container.loc,
        `container ${container.name} must be chosen by an == comparison of ${apidParameter.name} (the APID) in its RestrictionCriteria or its base containers'`,
      );
    }
    const kind = container.ancillary[KIND_ANCILLARY] ?? 'housekeeping';
    if (kind !== 'housekeeping' && kind !== 'event') {
      return this.report(
        container.loc,
        `${KIND_ANCILLARY} of ${container.name} is "${kind}"; it must be housekeeping or event`,
      );
    }
    const parameters: ParameterDef[] = [];
    const seen = new Set<XtceParameter>();
    for (const field of packetFields(container)) {
      if (seen.has(field.parameter)) {
        this.report(field.loc, `${field.parameter.qualifiedName} is read twice in ${container.name}`);
        continue;
      }
      seen.add(field.parameter);
      const def = this.parameter(field.parameter);
      if (def) parameters.push(def);
    }
    const ids = new Set<string>();
    for (const def of parameters) {
      if (ids.has(def.id))
        this.report(container.loc, `two parameters of ${container.name} are both called ${def.id} in Ortaq`);
      ids.add(def.id);
    }
    if (apid === undefined) return undefined;
    return {
      apid,
      name: container.name,
      kind: kind as PacketKind,
      description: container.description ?? container.name,
      parameters,
      source: { file: this.database.file, qualifiedName: container.qualifiedName },
    };
  }

  /** The packet container's layout, its problems reported. */
  header(header: XtceContainer): HeaderLayout {
    const layout = headerLayout(header);
    for (const problem of layout.problems) this.report(problem.loc, problem.message);
    return layout;
  }
}

/** The dictionary's number type for a field, and the field itself when the type is not exactly it. */
function fieldOf(encoding: Exclude<DataEncoding, { kind: 'string' }>): {
  type: RawType;
  field?: FieldEncoding;
} {
  if (encoding.kind === 'float') return { type: encoding.sizeInBits === 32 ? 'f32' : 'f64' };
  const bits = encoding.sizeInBits;
  const exact: Partial<Record<string, RawType>> = {
    'unsigned 8': 'u8',
    'unsigned 16': 'u16',
    'unsigned 32': 'u32',
    'twosComplement 16': 'i16',
    'twosComplement 32': 'i32',
  };
  const type = exact[`${encoding.encoding} ${bits}`];
  if (type) return { type };
  const unsigned = encoding.encoding === 'unsigned';
  // Above 32 bits the value is a double either way (exact to 53 bits).
  const nearest: RawType =
    bits > 32
      ? 'f64'
      : unsigned
        ? bits <= 8
          ? 'u8'
          : bits <= 16
            ? 'u16'
            : 'u32'
        : bits <= 16
          ? 'i16'
          : 'i32';
  return { type: nearest, field: { bits, encoding: encoding.encoding } };
}

/**
 * XTCE has no "one of these states" comparison, so a context that holds in several states is written as one
 * ContextAlarm per state with the same name and ranges; they are one context again here.
 */
function mergeStates(contexts: ContextLimits[]): ContextLimits[] {
  const merged: ContextLimits[] = [];
  for (const context of contexts) {
    const previous = merged[merged.length - 1];
    const [was, now] = [previous?.when, context.when];
    const same =
      previous &&
      was &&
      'states' in was &&
      'states' in now &&
      previous.label === context.label &&
      was.parameter === now.parameter &&
      JSON.stringify([previous.limits, previous.alarmStates]) ===
        JSON.stringify([context.limits, context.alarmStates]);
    if (same) was.states.push(...now.states);
    else merged.push(context);
  }
  return merged;
}

/** Packets and parameters of a packet container's concrete descendants, with what the live path cannot take. */
export function packetsFromXtce(
  database: XtceDatabase,
  packetContainer: string,
  loc: Located,
): PacketsResult {
  const converter = new Converter(database);
  const header = database.containerByName.get(packetContainer);
  if (!header) {
    converter.report(
      loc,
      `packetContainer "${packetContainer}" is not a container of ${database.file} (write its qualified name, e.g. /${database.rootName}/CCSDSPacket)`,
    );
    return { packets: [], problems: converter.problems, headerBits: 0 };
  }
  const layout = converter.header(header);
  const packets: PacketDef[] = [];
  const visit = (container: XtceContainer) => {
    for (const child of container.derived) {
      if (!child.abstract) {
        const packet = converter.packet(child, header, layout.apid);
        if (packet) packets.push(packet);
      }
      visit(child);
    }
  };
  visit(header);
  return { packets, problems: converter.problems, headerBits: layout.bits };
}
