// Ortaq's packets from an XTCE database. The live path (frame codec, limit checker, dashboard) works on the
// Dictionary's PacketDef/ParameterDef, so each concrete container derived from the packet container becomes a
// packet and each of its entries a parameter. What the live path cannot represent (a 12-bit field, a spline
// calibration, an exclusive limit) is reported as a problem at the XTCE line, never approximated: the XTCE
// decoder (shared/xtce) reads all of it, but a mission runs only what both paths read the same way.
import type { XtceContainer, XtceContextAlarm, XtceDatabase, XtceParameter } from '../xtce/database';
import type { AlarmRange, Located, NumericAlarm } from '../xtce/model';
import { problemAt, type Problem } from '../xtce/problems';
import { PACKET_HEADER_BYTES, SECONDARY_HEADER_BYTES } from '../codec/layout';
import {
  SUBSYSTEMS,
  type ContextLimits,
  type LimitBand,
  type Limits,
  type PacketDef,
  type PacketKind,
  type ParameterDef,
  type RawType,
  type Subsystem,
} from '../dictionary/types';

/** AliasSet name space whose alias, when present, is the parameter's Ortaq id. */
export const ORTAQ_ALIAS = 'ortaq';
/** AncillaryData on a container: "housekeeping" (default) or "event". */
export const KIND_ANCILLARY = 'ortaq.kind';
const HEADER_BITS = (PACKET_HEADER_BYTES + SECONDARY_HEADER_BYTES) * 8;
/** Where the APID sits in the CCSDS primary header: after version (3), type (1) and secondary header flag (1). */
const APID_BIT = 5;
const APID_BITS = 11;

export interface PacketsResult {
  packets: PacketDef[];
  problems: Problem[];
}

class Converter {
  readonly problems: Problem[] = [];
  constructor(readonly database: XtceDatabase) {}

  report(loc: Located, message: string): undefined {
    this.problems.push(problemAt(loc.file, loc.line, message));
    return undefined;
  }

  parameterId(parameter: XtceParameter): string {
    const alias = parameter.aliases[ORTAQ_ALIAS];
    if (alias) return alias;
    const system = parameter.systemPath.split('/').pop() ?? '';
    return `${system.toLowerCase()}.${parameter.name}`;
  }

  subsystem(parameter: XtceParameter): Subsystem | undefined {
    const top = parameter.systemPath.split('/')[2];
    const upper = top?.toUpperCase();
    if (upper && (SUBSYSTEMS as readonly string[]).includes(upper)) return upper as Subsystem;
    return this.report(
      parameter.loc,
      `parameter ${parameter.qualifiedName} must sit in a SpaceSystem named after its subsystem (${SUBSYSTEMS.join(', ')}) under /${this.database.rootName}`,
    );
  }

  rawType(parameter: XtceParameter): { type: RawType; scale: number; offset: number } | undefined {
    const encoding = parameter.type.encoding;
    const where = `${parameter.qualifiedName} is`;
    if (encoding.kind === 'string')
      return this.report(parameter.loc, `${where} a string; Ortaq's live ingest reads numbers only`);
    if (parameter.type.kind === 'absoluteTime')
      return this.report(parameter.loc, `${where} a time; only the packet header may carry one`);
    let type: RawType | undefined;
    if (encoding.kind === 'float') type = encoding.sizeInBits === 32 ? 'f32' : 'f64';
    else if (encoding.encoding === 'unsigned')
      type = ({ 8: 'u8', 16: 'u16', 32: 'u32' } as const)[encoding.sizeInBits as 8];
    else if (encoding.encoding === 'twosComplement')
      type = ({ 16: 'i16', 32: 'i32' } as const)[encoding.sizeInBits as 16];
    if (!type) {
      return this.report(
        parameter.type.loc,
        `${where} a ${encoding.sizeInBits}-bit ${encoding.kind === 'integer' ? encoding.encoding : 'float'} field; Ortaq's live ingest reads unsigned 8/16/32, two's complement 16/32 and IEEE 32/64-bit fields`,
      );
    }
    const calibrator = encoding.calibrator;
    if (!calibrator) return { type, scale: 1, offset: 0 };
    if (calibrator.kind !== 'polynomial' || calibrator.coefficients.length > 2) {
      return this.report(
        parameter.type.loc,
        `${where} calibrated by a ${calibrator.kind === 'spline' ? 'spline' : 'higher-order polynomial'}; Ortaq's live ingest applies linear calibrations (raw × scale + offset)`,
      );
    }
    return { type, scale: calibrator.coefficients[1] ?? 0, offset: calibrator.coefficients[0] ?? 0 };
  }

  band(range: AlarmRange | undefined, loc: Located): LimitBand | undefined {
    if (!range) return undefined;
    if (range.minExclusive !== undefined || range.maxExclusive !== undefined) {
      return this.report(
        loc,
        'an exclusive alarm bound cannot be checked live yet; write minInclusive/maxInclusive',
      );
    }
    const band: LimitBand = {};
    if (range.minInclusive !== undefined) band.low = range.minInclusive;
    if (range.maxInclusive !== undefined) band.high = range.maxInclusive;
    return band;
  }

  limits(alarm: NumericAlarm): Limits {
    if (alarm.minViolations !== 1)
      this.report(alarm.loc, 'minViolations above 1 is not applied by the live limit check yet');
    const limits: Limits = {};
    const yellow = this.band(alarm.warning, alarm.loc);
    const red = this.band(alarm.critical, alarm.loc);
    if (yellow) limits.yellow = yellow;
    if (red) limits.red = red;
    return limits;
  }

  contextLimits(context: XtceContextAlarm): ContextLimits | undefined {
    const [comparison, ...more] = context.context;
    if (!comparison || more.length > 0 || comparison.operator !== '==') {
      return this.report(
        context.loc,
        'a ContextMatch checked live must be one == comparison with another parameter',
      );
    }
    if (context.alarm.kind !== 'numeric')
      return this.report(context.loc, 'a context enumeration alarm is not checked live yet');
    const other = comparison.parameter;
    const state = comparison.useCalibratedValue
      ? other.type.enumeration.find((e) => e.label === comparison.value)?.value
      : comparison.value;
    if (typeof state !== 'number')
      return this.report(
        comparison.loc,
        `the context must compare ${other.name} with an enumeration label or a raw number`,
      );
    return {
      label: context.name ?? `${other.name} ${comparison.value}`,
      when: { parameter: this.parameterId(other), states: [state] },
      limits: this.limits(context.alarm),
    };
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
      def.alarmStates = Object.fromEntries(
        alarm.states.flatMap((s) => {
          const entry = type.enumeration.find((e) => e.label === s.label);
          return entry ? [[entry.value, s.level === 'critical' ? 'red' : 'yellow']] : [];
        }),
      );
    } else if (alarm) def.limits = this.limits(alarm);
    if (type.contextAlarms.length > 0) {
      def.contextLimits = mergeStates(type.contextAlarms.flatMap((c) => this.contextLimits(c) ?? []));
    }
    return def;
  }

  apidOf(container: XtceContainer, header: XtceContainer): number | undefined {
    const restriction = container.base?.restriction ?? [];
    const [comparison, ...more] = restriction;
    const onHeader =
      comparison &&
      header.entries.some((e) => e.kind === 'parameter' && e.parameter === comparison.parameter);
    if (
      !comparison ||
      more.length > 0 ||
      comparison.operator !== '==' ||
      !onHeader ||
      typeof comparison.value !== 'number'
    ) {
      return this.report(
        container.loc,
        `container ${container.name} must be chosen by one == comparison of the APID in ${header.name}`,
      );
    }
    return comparison.value;
  }

  packet(container: XtceContainer, header: XtceContainer): PacketDef | undefined {
    const apid = this.apidOf(container, header);
    const kind = container.ancillary[KIND_ANCILLARY] ?? 'housekeeping';
    if (kind !== 'housekeeping' && kind !== 'event') {
      return this.report(
        container.loc,
        `${KIND_ANCILLARY} of ${container.name} is "${kind}"; it must be housekeeping or event`,
      );
    }
    const parameters: ParameterDef[] = [];
    for (const entry of container.entries) {
      if (
        entry.kind !== 'parameter' ||
        entry.include ||
        (entry.location && entry.location.bits !== 0) ||
        entry.location?.reference === 'containerStart'
      ) {
        this.report(
          entry.loc,
          `entries of ${container.name} must be parameters one after another (no container, location or condition) to be ingested live`,
        );
        continue;
      }
      const def = this.parameter(entry.parameter);
      if (def) parameters.push(def);
    }
    if (apid === undefined) return undefined;
    return {
      apid,
      name: container.name,
      kind: kind as PacketKind,
      description: container.description ?? container.name,
      parameters,
    };
  }

  checkHeader(header: XtceContainer): void {
    let bits = 0;
    let apidAt = -1;
    for (const entry of header.entries) {
      if (entry.kind !== 'parameter' || entry.location || entry.include)
        return void this.report(entry.loc, `${header.name} must list the header fields one after another`);
      if (entry.parameter.name.toUpperCase().includes('APID')) apidAt = bits;
      bits += entry.parameter.type.encoding.sizeInBits;
    }
    if (bits !== HEADER_BITS || apidAt !== APID_BIT) {
      this.report(
        header.loc,
        `${header.name} must describe Ortaq's ${HEADER_BITS / 8}-byte packet header (CCSDS primary header with the ${APID_BITS}-bit APID at bit ${APID_BIT}, then 48 bits of time); it holds ${bits} bits`,
      );
    }
  }
}

/**
 * XTCE has no "one of these states" comparison, so a context that holds in several states is written as one
 * ContextAlarm per state with the same name and ranges; they are one context again here.
 */
function mergeStates(contexts: ContextLimits[]): ContextLimits[] {
  const merged: ContextLimits[] = [];
  for (const context of contexts) {
    const previous = merged[merged.length - 1];
    const same =
      previous &&
      previous.label === context.label &&
      previous.when.parameter === context.when.parameter &&
      JSON.stringify(previous.limits) === JSON.stringify(context.limits);
    if (same) previous.when.states.push(...context.when.states);
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
    return { packets: [], problems: converter.problems };
  }
  converter.checkHeader(header);
  const packets: PacketDef[] = [];
  const visit = (container: XtceContainer) => {
    for (const child of container.derived) {
      if (!child.abstract) {
        const packet = converter.packet(child, header);
        if (packet) packets.push(packet);
      }
      visit(child);
    }
  };
  visit(header);
  return { packets, problems: converter.problems };
}
