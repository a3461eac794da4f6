// How a PacketDecoder is compiled from an XTCE container tree: each container's entries with their readers
// and calibrations decided once, the derived containers with their restriction criteria (a table by APID
// where every one is chosen by ==), and the parameters conditions read, which the decoder keeps by index.
import type { XtceComparison, XtceContainer, XtceEntry, XtceParameter } from './database';
import type { ComparisonOperator, DataEncoding } from './model';
import { Eng, Fast, type FlatPlan } from './fields';
import { taiEpochMs } from './time';
import { engConverter, rawReader, type EngConverter, type RawReader } from './values';

export interface CompiledCondition {
  index: number;
  calibrated: boolean;
  operator: ComparisonOperator;
  value: number | string;
}

export interface CompiledEntry {
  parameter?: XtceParameter;
  read?: RawReader;
  fast: Fast;
  /** Bytes of an UBytes field. */
  fastBytes: number;
  /** An unsigned integer: read with readBits where it is not a whole aligned field. */
  unsigned: boolean;
  eng: Eng;
  scale: number;
  offset: number;
  /** For Eng.TaiTime: the epoch on the TAI scale, ms from 1970. */
  epochMs: number;
  toEng?: EngConverter;
  /** Whether a condition reads this parameter's value, so the decoder must keep it by index. */
  kept: boolean;
  /** Neither wanted nor kept: not read (DecoderOptions.wanted). */
  skip: boolean;
  /** Raw and engineering values are numbers made without a converter (entryRaw, entryEngNumber). */
  numeric: boolean;
  bits: number;
  /** Sub-container entries (a ContainerRefEntry: the referenced container with its bases). */
  nested?: CompiledEntry[];
  fromContainerStart: boolean;
  offsetBits: number;
  include?: CompiledCondition[];
}

export interface CompiledContainer {
  container: XtceContainer;
  /** The container's place in PacketDecoder.containers. */
  number: number;
  entries: CompiledEntry[];
  /**
   * Bits the entries span when every one is a parameter read one after another (no condition, container or
   * location from the container's start): one bounds check for the whole container. −1 otherwise.
   */
  simpleBits: number;
  derived: { restriction: CompiledCondition[]; compiled: CompiledContainer }[];
  /**
   * When every derived container is chosen by one == on the same value (the APID, typically), a table from
   * that value to the container replaces trying each restriction in turn.
   */
  dispatch?: {
    index: number;
    calibrated: boolean;
    table: Map<number | string, CompiledContainer>;
    /** The table's entries for keys 0 to 4095 (an APID is 11 bits): an array load instead of a hash. */
    small: (CompiledContainer | undefined)[];
  };
  /**
   * Parameters read from the packet container down to this one when none of their entries is conditional or
   * a container reference: every such packet reads the same list, so it is built once and shared.
   */
  fixedParameters?: readonly XtceParameter[];
  /** The entries as typed arrays, for a container of plain parameters (simpleBits ≥ 0): see flatPlan.ts. */
  flat?: FlatPlan;
}

export function compileConditions(
  comparisons: readonly XtceComparison[],
  labels: boolean,
): CompiledCondition[] {
  return comparisons.map((c) => ({
    index: c.parameter.index,
    calibrated: c.useCalibratedValue,
    operator: c.operator,
    value: labels || !c.useCalibratedValue ? c.value : numberOfLabel(c.parameter.type, c.value),
  }));
}

/** Without labels an enumeration's or boolean's engineering value is its number: compare with that. */
function numberOfLabel(type: XtceParameter['type'], value: number | string): number | string {
  if (typeof value !== 'string') return value;
  if (type.kind === 'enumerated') return type.enumeration.find((e) => e.label === value)?.value ?? value;
  if (type.kind === 'boolean')
    return value === type.booleanLabels.one ? 1 : value === type.booleanLabels.zero ? 0 : value;
  return value;
}

/** Entries of a container preceded by those of its bases, top first: what a ContainerRefEntry includes. */
function withBases(container: XtceContainer): XtceEntry[] {
  const chain: XtceContainer[] = [];
  for (let c: XtceContainer | undefined = container; c; c = c.base?.container) chain.unshift(c);
  return chain.flatMap((c) => c.entries);
}

function fastPath(encoding: DataEncoding): Fast {
  if (encoding.kind === 'float') return encoding.sizeInBits === 32 ? Fast.F32 : Fast.F64;
  if (encoding.kind !== 'integer' || encoding.encoding === 'signMagnitude') return Fast.None;
  const signed = encoding.encoding === 'twosComplement';
  if (encoding.sizeInBits === 8 && !signed) return Fast.U8;
  if (encoding.sizeInBits === 16) return signed ? Fast.I16 : Fast.U16;
  if (encoding.sizeInBits === 32) return signed ? Fast.I32 : Fast.U32;
  const bytes = encoding.sizeInBits / 8;
  if (!signed && Number.isInteger(bytes) && bytes >= 3 && bytes <= 6) return Fast.UBytes;
  return Fast.None;
}

function engPlan(
  type: XtceParameter['type'],
  labels: boolean,
): Pick<CompiledEntry, 'eng' | 'scale' | 'offset' | 'epochMs'> {
  if (!labels && (type.kind === 'enumerated' || type.kind === 'boolean'))
    return { eng: Eng.Raw, scale: 1, offset: 0, epochMs: 0 };
  const encoding = type.encoding;
  if (type.time && encoding.kind !== 'string' && !encoding.calibrator) {
    const { epoch, scale, offset } = type.time;
    const epochMs = taiEpochMs(epoch);
    return epochMs === undefined
      ? { eng: Eng.UnixTime, scale, offset, epochMs: 0 }
      : { eng: Eng.TaiTime, scale, offset, epochMs };
  }
  const linear = linearCalibration(type);
  return linear
    ? { eng: Eng.Linear, ...linear, epochMs: 0 }
    : { eng: Eng.Other, scale: 1, offset: 0, epochMs: 0 };
}

/** A number type calibrated by nothing or by a first-degree polynomial: engineering = raw × scale + offset. */
function linearCalibration(type: XtceParameter['type']): { scale: number; offset: number } | undefined {
  if (type.kind !== 'integer' && type.kind !== 'float') return undefined;
  const encoding = type.encoding;
  if (encoding.kind === 'string') return undefined;
  const calibrator = encoding.calibrator;
  if (!calibrator) return { scale: 1, offset: 0 };
  if (calibrator.kind !== 'polynomial' || calibrator.coefficients.length > 2) return undefined;
  return { scale: calibrator.coefficients[1] ?? 0, offset: calibrator.coefficients[0] ?? 0 };
}

function compileEntries(
  entries: readonly XtceEntry[],
  kept: ReadonlySet<number>,
  labels: boolean,
): CompiledEntry[] {
  return entries.map((entry) => {
    const compiled: CompiledEntry = {
      fast: Fast.None,
      fastBytes: 0,
      unsigned: false,
      eng: Eng.Other,
      scale: 1,
      offset: 0,
      epochMs: 0,
      kept: false,
      skip: false,
      numeric: false,
      bits: 0,
      fromContainerStart: entry.location?.reference === 'containerStart',
      offsetBits: entry.location?.bits ?? 0,
    };
    if (entry.include) compiled.include = compileConditions(entry.include, labels);
    if (entry.kind === 'container') {
      compiled.nested = compileEntries(withBases(entry.container), kept, labels);
      return compiled;
    }
    const type = entry.parameter.type;
    compiled.parameter = entry.parameter;
    compiled.read = rawReader(type.encoding);
    compiled.fast = fastPath(type.encoding);
    compiled.fastBytes = type.encoding.sizeInBits / 8;
    compiled.unsigned = type.encoding.kind === 'integer' && type.encoding.encoding === 'unsigned';
    compiled.toEng = engConverter(type);
    Object.assign(compiled, engPlan(type, labels));
    compiled.numeric = type.encoding.kind !== 'string' && compiled.eng !== Eng.Other;
    compiled.kept = kept.has(entry.parameter.index);
    compiled.bits = type.encoding.sizeInBits;
    return compiled;
  });
}

/** Marks the entries of parameters neither wanted nor read by a condition, through the whole tree. */
export function skipUnwanted(root: CompiledContainer, wanted: ReadonlySet<number>): void {
  const seen = new Set<CompiledContainer>();
  const mark = (entries: readonly CompiledEntry[]) => {
    for (const entry of entries) {
      if (entry.nested) mark(entry.nested);
      else entry.skip = !entry.kept && !wanted.has(entry.parameter!.index);
    }
  };
  const visit = (container: CompiledContainer) => {
    if (seen.has(container)) return;
    seen.add(container);
    mark(container.entries);
    for (const derived of container.derived) visit(derived.compiled);
  };
  visit(root);
}

export const SMALL_KEYS = 4096;

function dispatchTable(derived: CompiledContainer['derived']): CompiledContainer['dispatch'] {
  const first = derived[0]?.restriction[0];
  if (!first) return undefined;
  const table = new Map<number | string, CompiledContainer>();
  for (const { restriction, compiled } of derived) {
    const [only, ...more] = restriction;
    const sameKey = only && only.index === first.index && only.calibrated === first.calibrated;
    if (!sameKey || more.length > 0 || only.operator !== '==') return undefined;
    // The first declared wins, as when trying them in turn.
    if (!table.has(only.value)) table.set(only.value, compiled);
  }
  const small: (CompiledContainer | undefined)[] = [];
  for (const [key, compiled] of table) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= SMALL_KEYS) continue;
    while (small.length <= key) small.push(undefined);
    small[key] = compiled;
  }
  return { index: first.index, calibrated: first.calibrated, table, small };
}

/** Parameters some restriction or include condition of the tree reads. */
export function conditionParameters(root: XtceContainer): Set<number> {
  const kept = new Set<number>();
  const seen = new Set<XtceContainer>();
  const visit = (container: XtceContainer) => {
    if (seen.has(container)) return;
    seen.add(container);
    for (const c of container.base?.restriction ?? []) kept.add(c.parameter.index);
    for (const entry of container.entries) {
      for (const c of entry.include ?? []) kept.add(c.parameter.index);
      if (entry.kind === 'container')
        for (let c: XtceContainer | undefined = entry.container; c; c = c.base?.container) visit(c);
    }
    container.derived.forEach(visit);
  };
  visit(root);
  return kept;
}

function fixedList(entries: readonly XtceEntry[], inherited: readonly XtceParameter[] | undefined) {
  if (!inherited || entries.some((e) => e.kind === 'container' || e.include)) return undefined;
  return Object.freeze([
    ...inherited,
    ...entries.map((e) => (e as XtceEntry & { kind: 'parameter' }).parameter),
  ]);
}

/** See CompiledContainer.simpleBits. */
function simpleBits(entries: readonly CompiledEntry[]): number {
  let bits = 0;
  for (const e of entries) {
    if (e.nested || e.include || e.fromContainerStart || e.offsetBits < 0) return -1;
    bits += e.offsetBits + e.bits;
  }
  return bits;
}

export function compileContainer(
  container: XtceContainer,
  kept: ReadonlySet<number>,
  labels: boolean,
  inherited: readonly XtceParameter[] | undefined = [],
): CompiledContainer {
  const fixedParameters = fixedList(container.entries, inherited);
  const derived = container.derived.map((child) => ({
    restriction: compileConditions(child.base?.restriction ?? [], labels),
    compiled: compileContainer(child, kept, labels, fixedParameters),
  }));
  const entries = compileEntries(container.entries, kept, labels);
  const compiled: CompiledContainer = {
    container,
    number: -1,
    entries,
    simpleBits: simpleBits(entries),
    derived,
  };
  if (fixedParameters) compiled.fixedParameters = fixedParameters;
  const dispatch = dispatchTable(derived);
  if (dispatch) compiled.dispatch = dispatch;
  return compiled;
}
