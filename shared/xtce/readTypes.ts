// ParameterTypeSet: the six parameter types Ortaq reads, their data encodings and calibrators.
import type {
  Calibrator,
  DataEncoding,
  IntegerEncodingKind,
  ParameterTypeDecl,
  ParameterTypeKind,
  TimeReference,
  ValidRange,
} from './model';
import type { TimeEpoch } from '../time/epochs';
import { readContextAlarms, readDefaultAlarm } from './readAlarms';
import type { ReadContext } from './readContext';
import { first } from './readContext';
import type { XmlElement } from './xml';

const TYPE_KINDS: Record<string, ParameterTypeKind> = {
  IntegerParameterType: 'integer',
  FloatParameterType: 'float',
  EnumeratedParameterType: 'enumerated',
  BooleanParameterType: 'boolean',
  StringParameterType: 'string',
  AbsoluteTimeParameterType: 'absoluteTime',
};

export const PARAMETER_TYPE_ELEMENTS = Object.keys(TYPE_KINDS);

const ENCODINGS = ['IntegerDataEncoding', 'FloatDataEncoding', 'StringDataEncoding'];
const COMMON = ['UnitSet', 'DefaultAlarm', 'ContextAlarmList', 'ValidRange', ...ENCODINGS];
const EXTRA_CHILDREN: Record<ParameterTypeKind, string[]> = {
  integer: [],
  float: [],
  enumerated: ['EnumerationList'],
  boolean: [],
  string: [],
  absoluteTime: ['Encoding', 'ReferenceTime'],
};
/** The largest integer a double holds exactly is 2^53; wider fields are read as the nearest double. */
const MAX_BITS = 64;

function readCalibrator(ctx: ReadContext, wrapper: XmlElement): Calibrator | undefined {
  const byName = ctx.children(wrapper, ['PolynomialCalibrator', 'SplineCalibrator']);
  const polynomial = first(byName, 'PolynomialCalibrator');
  if (polynomial) {
    const coefficients: number[] = [];
    for (const term of ctx.children(polynomial, ['Term']).get('Term') ?? []) {
      const exponent = ctx.integer(term, 'exponent', 0, 16);
      const coefficient = ctx.number(term, 'coefficient');
      if (exponent === undefined || coefficient === undefined) continue;
      while (coefficients.length <= exponent) coefficients.push(0);
      coefficients[exponent] = coefficient;
    }
    return { kind: 'polynomial', coefficients };
  }
  const spline = first(byName, 'SplineCalibrator');
  if (!spline) return undefined;
  const order = ctx.integer(spline, 'order', 0, 1) ?? 1;
  const points = (ctx.children(spline, ['SplinePoint']).get('SplinePoint') ?? []).flatMap((point) => {
    const raw = ctx.number(point, 'raw');
    const calibrated = ctx.number(point, 'calibrated');
    return raw === undefined || calibrated === undefined ? [] : [{ raw, calibrated }];
  });
  if (points.length < 2) ctx.error(spline, 'SplineCalibrator needs at least two SplinePoints');
  points.sort((a, b) => a.raw - b.raw);
  return {
    kind: 'spline',
    order: order === 0 ? 0 : 1,
    extrapolate: ctx.boolean(spline, 'extrapolate', false),
    points,
  };
}

function calibratorOf(ctx: ReadContext, element: XmlElement): Calibrator | undefined {
  const byName = ctx.children(element, ['DefaultCalibrator']);
  const wrapper = first(byName, 'DefaultCalibrator');
  return wrapper && readCalibrator(ctx, wrapper);
}

function readFixedStringBits(ctx: ReadContext, element: XmlElement): number | undefined {
  const size = first(ctx.children(element, ['SizeInBits']), 'SizeInBits');
  const fixed = size && first(ctx.children(size, ['Fixed']), 'Fixed');
  const value = fixed && first(ctx.children(fixed, ['FixedValue']), 'FixedValue');
  if (!value) {
    ctx.unsupported(element, 'StringDataEncoding without a fixed SizeInBits');
    return undefined;
  }
  const bits = ctx.parseNumber(value, value.text, 'FixedValue');
  if (bits === undefined || !Number.isInteger(bits) || bits <= 0 || bits % 8 !== 0 || bits > 8 * 4096) {
    ctx.error(value, 'a fixed string size must be a whole number of bytes, 1 to 4096, given in bits');
    return undefined;
  }
  return bits;
}

const INTEGER_ENCODINGS: readonly IntegerEncodingKind[] = ['unsigned', 'twosComplement', 'signMagnitude'];
const isIntegerEncoding = (text: string): text is IntegerEncodingKind =>
  (INTEGER_ENCODINGS as readonly string[]).includes(text);

export function readEncoding(ctx: ReadContext, element: XmlElement): DataEncoding | undefined {
  if (element.name === 'StringDataEncoding') {
    const bits = readFixedStringBits(ctx, element);
    return bits === undefined ? undefined : { kind: 'string', sizeInBits: bits };
  }
  const calibrator = calibratorOf(ctx, element);
  const withCalibrator = <T extends object>(encoding: T) =>
    calibrator ? { ...encoding, calibrator } : encoding;
  if (element.name === 'FloatDataEncoding') {
    const name = element.attributes.encoding ?? 'IEEE754_1985';
    const bits = ctx.number(element, 'sizeInBits') ?? 32;
    if (name !== 'IEEE754_1985' && name !== 'IEEE754')
      return void ctx.unsupported(element, `FloatDataEncoding ${name}`);
    if (bits !== 32 && bits !== 64) return void ctx.unsupported(element, `FloatDataEncoding of ${bits} bits`);
    return withCalibrator({ kind: 'float' as const, sizeInBits: bits as 32 | 64 });
  }
  const sizeInBits =
    ctx.integer(element, 'sizeInBits', 1, MAX_BITS) ?? (element.attributes.sizeInBits ? undefined : 8);
  const encoding = element.attributes.encoding ?? 'unsigned';
  if (!isIntegerEncoding(encoding)) return void ctx.unsupported(element, `IntegerDataEncoding ${encoding}`);
  if (element.attributes.byteOrder && element.attributes.byteOrder !== 'mostSignificantByteFirst') {
    return void ctx.unsupported(element, `byteOrder ${element.attributes.byteOrder}`);
  }
  if (sizeInBits === undefined) return undefined;
  return withCalibrator({ kind: 'integer' as const, sizeInBits, encoding });
}

function readValidRange(ctx: ReadContext, element: XmlElement): ValidRange {
  ctx.children(element, []);
  const minInclusive = ctx.number(element, 'minInclusive');
  const minExclusive = ctx.number(element, 'minExclusive');
  const maxInclusive = ctx.number(element, 'maxInclusive');
  const maxExclusive = ctx.number(element, 'maxExclusive');
  return {
    min: minInclusive ?? minExclusive,
    max: maxInclusive ?? maxExclusive,
    minInclusive: minExclusive === undefined,
    maxInclusive: maxExclusive === undefined,
  };
}

function readUnit(ctx: ReadContext, element: XmlElement): string {
  const units = ctx.children(element, ['Unit']).get('Unit') ?? [];
  if (units.length > 1) ctx.unsupported(units[1]!, 'UnitSet with more than one Unit');
  return units[0]?.text ?? '';
}

function readEnumeration(ctx: ReadContext, list: XmlElement): ParameterTypeDecl['enumeration'] {
  return (ctx.children(list, ['Enumeration']).get('Enumeration') ?? []).flatMap((entry) => {
    const value = ctx.number(entry, 'value');
    const label = ctx.required(entry, 'label');
    const maxValue = ctx.number(entry, 'maxValue') ?? value;
    return value === undefined || label === undefined || maxValue === undefined
      ? []
      : [{ value, maxValue, label }];
  });
}

const EPOCHS: Record<string, TimeEpoch> = {
  TAI: 'TAI',
  UNIX: 'UNIX',
  POSIX: 'UNIX',
  J2000: 'J2000',
  GPS: 'GPS',
};

function readTime(ctx: ReadContext, type: ParameterTypeDecl, byName: Map<string, XmlElement[]>): void {
  const encodingWrapper = first(byName, 'Encoding');
  const reference = first(byName, 'ReferenceTime');
  if (encodingWrapper) {
    const inner = ctx.children(encodingWrapper, ENCODINGS);
    const encodingElement = first(inner, 'IntegerDataEncoding') ?? first(inner, 'FloatDataEncoding');
    if (encodingElement) type.encoding = readEncoding(ctx, encodingElement);
    if (encodingWrapper.attributes.units && encodingWrapper.attributes.units !== 'seconds') {
      ctx.unsupported(encodingWrapper, `time units "${encodingWrapper.attributes.units}"`);
    }
  }
  const time: Partial<TimeReference> = {};
  if (encodingWrapper) {
    time.scale = ctx.number(encodingWrapper, 'scale') ?? 1;
    time.offset = ctx.number(encodingWrapper, 'offset') ?? 0;
  }
  if (reference) {
    const epochElement = first(ctx.children(reference, ['Epoch']), 'Epoch');
    const epoch = epochElement && EPOCHS[epochElement.text];
    if (epochElement && !epoch) ctx.unsupported(epochElement, `Epoch "${epochElement.text}"`);
    else if (!epoch) ctx.unsupported(reference, 'ReferenceTime without an Epoch (OffsetFrom)');
    else time.epoch = epoch;
  }
  type.time = time;
}

export function readParameterType(ctx: ReadContext, element: XmlElement): ParameterTypeDecl | undefined {
  const kind = TYPE_KINDS[element.name];
  const name = ctx.required(element, 'name');
  if (!kind || !name) return undefined;
  const byName = ctx.children(element, [...COMMON, ...EXTRA_CHILDREN[kind]]);
  const type: ParameterTypeDecl = { kind, name, loc: ctx.loc(element) };
  if (element.attributes.baseType) type.baseType = element.attributes.baseType;
  if (element.attributes.shortDescription) type.description = element.attributes.shortDescription;
  const unitSet = first(byName, 'UnitSet');
  if (unitSet) type.unit = readUnit(ctx, unitSet);
  const encoding = ENCODINGS.map((n) => first(byName, n)).find((e) => e !== undefined);
  if (encoding) type.encoding = readEncoding(ctx, encoding);
  const validRange = first(byName, 'ValidRange');
  if (validRange) type.validRange = readValidRange(ctx, validRange);
  const defaultAlarm = first(byName, 'DefaultAlarm');
  if (defaultAlarm) type.defaultAlarm = readDefaultAlarm(ctx, defaultAlarm);
  const contextAlarms = first(byName, 'ContextAlarmList');
  if (contextAlarms) type.contextAlarms = readContextAlarms(ctx, contextAlarms);
  const enumeration = first(byName, 'EnumerationList');
  if (enumeration) type.enumeration = readEnumeration(ctx, enumeration);
  if (kind === 'boolean') {
    type.booleanLabels = {
      zero: element.attributes.zeroStringValue ?? 'False',
      one: element.attributes.oneStringValue ?? 'True',
    };
  }
  if (kind === 'absoluteTime') readTime(ctx, type, byName);
  return type;
}
