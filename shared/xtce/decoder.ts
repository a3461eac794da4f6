// A packet decoder compiled from an XTCE container tree. Decoding starts at the packet container (abstract,
// typically the CCSDS primary header), reads its entries, then descends into the first derived container whose
// RestrictionCriteria hold on the values read so far, and so on until no derived container matches; entries of
// a derived container continue where its base left off. Never throws: a packet too short for an entry, or one
// that ends on an abstract container, is a rejection code.
import type { XtceComparison, XtceContainer, XtceEntry, XtceParameter } from './database';
import type { ComparisonOperator, DataEncoding } from './model';
import { compareValues, engConverter, rawReader, type EngConverter, type RawReader } from './values';

export type PacketRejectCode = 'out_of_packet' | 'no_match';

export interface DecodedPacket {
  /** The most specific container that matched. */
  container: XtceContainer;
  /** Parameters in the order they were read (base containers first); may be shared between packets. */
  parameters: readonly XtceParameter[];
  raw: (number | string)[];
  eng: (number | string)[];
  /** Bits read, from the start of the packet to the end of the last entry. */
  bitsRead: number;
}

export type PacketDecodeResult = { ok: true; packet: DecodedPacket } | { ok: false; error: PacketRejectCode };

interface CompiledCondition {
  index: number;
  calibrated: boolean;
  operator: ComparisonOperator;
  value: number | string;
}

/** Byte-aligned fields read inline (0 = through the entry's reader). */
const enum Fast {
  None = 0,
  U8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  F64 = 7,
  /** Unsigned, 3 to 6 whole bytes (a 48-bit CUC time, typically). */
  UBytes = 8,
}

/** How the engineering value is made from the raw one. */
const enum Eng {
  /** raw × scale + offset (no calibrator, or a first-degree polynomial). */
  Linear = 0,
  /** Seconds from the Unix epoch to ms: (raw × scale + offset) × 1000, as epochSecondsToUtcMs('UNIX'). */
  UnixTime = 1,
  /** The raw value itself (an enumeration or boolean when labels are not wanted). */
  Raw = 2,
  /** Through the type's converter. */
  Other = 3,
}

export interface DecoderOptions {
  /**
   * True (default): an enumeration's or boolean's engineering value is its label, as XTCE defines it. False:
   * its number, for a caller that names states itself (the live path), so values stay plain numbers.
   */
  labels?: boolean;
}

interface CompiledEntry {
  parameter?: XtceParameter;
  read?: RawReader;
  fast: Fast;
  /** Bytes of an UBytes field. */
  fastBytes: number;
  eng: Eng;
  scale: number;
  offset: number;
  toEng?: EngConverter;
  /** Whether a condition reads this parameter's value, so the decoder must keep it by index. */
  kept: boolean;
  bits: number;
  /** Sub-container entries (a ContainerRefEntry: the referenced container with its bases). */
  nested?: CompiledEntry[];
  fromContainerStart: boolean;
  offsetBits: number;
  include?: CompiledCondition[];
}

interface CompiledContainer {
  container: XtceContainer;
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
  dispatch?: { index: number; calibrated: boolean; table: Map<number | string, CompiledContainer> };
  /**
   * Parameters read from the packet container down to this one when none of their entries is conditional or
   * a container reference: every such packet reads the same list, so it is built once and shared.
   */
  fixedParameters?: readonly XtceParameter[];
}

const REJECTED: Record<PacketRejectCode, PacketDecodeResult> = {
  out_of_packet: Object.freeze({ ok: false, error: 'out_of_packet' }),
  no_match: Object.freeze({ ok: false, error: 'no_match' }),
};

function compileConditions(comparisons: readonly XtceComparison[]): CompiledCondition[] {
  return comparisons.map((c) => ({
    index: c.parameter.index,
    calibrated: c.useCalibratedValue,
    operator: c.operator,
    value: c.value,
  }));
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
): Pick<CompiledEntry, 'eng' | 'scale' | 'offset'> {
  if (!labels && (type.kind === 'enumerated' || type.kind === 'boolean'))
    return { eng: Eng.Raw, scale: 1, offset: 0 };
  const encoding = type.encoding;
  if (type.kind === 'absoluteTime' && type.time?.epoch === 'UNIX' && encoding.kind !== 'string') {
    if (!encoding.calibrator) return { eng: Eng.UnixTime, scale: type.time.scale, offset: type.time.offset };
  }
  const linear = linearCalibration(type);
  return linear ? { eng: Eng.Linear, ...linear } : { eng: Eng.Other, scale: 1, offset: 0 };
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
      eng: Eng.Other,
      scale: 1,
      offset: 0,
      kept: false,
      bits: 0,
      fromContainerStart: entry.location?.reference === 'containerStart',
      offsetBits: entry.location?.bits ?? 0,
    };
    if (entry.include) compiled.include = compileConditions(entry.include);
    if (entry.kind === 'container') {
      compiled.nested = compileEntries(withBases(entry.container), kept, labels);
      return compiled;
    }
    const type = entry.parameter.type;
    compiled.parameter = entry.parameter;
    compiled.read = rawReader(type.encoding);
    compiled.fast = fastPath(type.encoding);
    compiled.fastBytes = type.encoding.sizeInBits / 8;
    compiled.toEng = engConverter(type);
    Object.assign(compiled, engPlan(type, labels));
    compiled.kept = kept.has(entry.parameter.index);
    compiled.bits = type.encoding.sizeInBits;
    return compiled;
  });
}

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
  return { index: first.index, calibrated: first.calibrated, table };
}

/** Parameters some restriction or include condition of the tree reads. */
function conditionParameters(root: XtceContainer): Set<number> {
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

function compileContainer(
  container: XtceContainer,
  kept: ReadonlySet<number>,
  labels: boolean,
  inherited: readonly XtceParameter[] | undefined = [],
): CompiledContainer {
  const fixedParameters = fixedList(container.entries, inherited);
  const derived = container.derived.map((child) => ({
    restriction: compileConditions(child.base?.restriction ?? []),
    compiled: compileContainer(child, kept, labels, fixedParameters),
  }));
  const entries = compileEntries(container.entries, kept, labels);
  const compiled: CompiledContainer = {
    container,
    entries,
    simpleBits: simpleBits(entries),
    derived,
  };
  if (fixedParameters) compiled.fixedParameters = fixedParameters;
  const dispatch = dispatchTable(derived);
  if (dispatch) compiled.dispatch = dispatch;
  return compiled;
}

// Floats go through an 8-byte scratch buffer: copying 4 or 8 bytes is cheaper than a DataView per packet.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

function readAligned(b: Uint8Array, o: number, fast: Fast, bytes: number): number {
  switch (fast) {
    case Fast.F32:
      scratch[0] = b[o]!;
      scratch[1] = b[o + 1]!;
      scratch[2] = b[o + 2]!;
      scratch[3] = b[o + 3]!;
      return scratchView.getFloat32(0);
    case Fast.F64:
      for (let k = 0; k < 8; k++) scratch[k] = b[o + k]!;
      return scratchView.getFloat64(0);
    case Fast.UBytes: {
      let value = 0;
      for (let k = 0; k < bytes; k++) value = value * 256 + b[o + k]!;
      return value;
    }
    case Fast.U8:
      return b[o]!;
    case Fast.U16:
      return (b[o]! << 8) | b[o + 1]!;
    case Fast.I16:
      return (((b[o]! << 8) | b[o + 1]!) << 16) >> 16;
    case Fast.U32:
      return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    default:
      return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  }
}

const NO_PARAMETERS: readonly XtceParameter[] = Object.freeze([]);

export class PacketDecoder {
  private readonly root: CompiledContainer;
  // Values of the packet being decoded, by parameter index, for restriction and include conditions; a
  // parameter counts as read only when its stamp is the current packet's.
  private readonly stamps: Uint32Array;
  private readonly rawValues: (number | string)[];
  private readonly engValues: (number | string)[];
  private stamp = 0;
  /** Parameters read so far in this packet (the list is handed to the result when no fixed list applies). */
  private listed: XtceParameter[] = [];
  /** True while every container so far has a fixed parameter list. */
  private fixed = true;

  constructor(packetContainer: XtceContainer, parameterCount: number, options: DecoderOptions = {}) {
    this.root = compileContainer(
      packetContainer,
      conditionParameters(packetContainer),
      options.labels ?? true,
    );
    this.stamps = new Uint32Array(parameterCount);
    this.rawValues = new Array<number | string>(parameterCount).fill(0);
    this.engValues = new Array<number | string>(parameterCount).fill(0);
  }

  /** Decodes the packet in bytes[start, end). */
  decode(bytes: Uint8Array, start = 0, end = bytes.length): PacketDecodeResult {
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    const limitBits = (end - start) * 8;
    const packet: DecodedPacket = {
      container: this.root.container,
      parameters: NO_PARAMETERS,
      raw: [],
      eng: [],
      bitsRead: 0,
    };
    let current = this.root;
    let position = 0;
    let readBefore: readonly XtceParameter[] = NO_PARAMETERS;
    this.fixed = true;
    for (;;) {
      if (this.fixed && !current.fixedParameters) {
        // From here on the list depends on the packet: start it with what the fixed part read.
        this.listed = [...readBefore];
        this.fixed = false;
      }
      readBefore = current.fixedParameters ?? readBefore;
      position =
        current.simpleBits >= 0
          ? this.readSimple(current, bytes, start, position, limitBits, packet)
          : this.readEntries(current.entries, bytes, start, position, 0, limitBits, packet);
      if (position < 0) return REJECTED.out_of_packet;
      const next = this.nextContainer(current);
      if (!next) break;
      current = next;
    }
    if (current.container.abstract) return REJECTED.no_match;
    packet.container = current.container;
    packet.parameters = this.fixed ? current.fixedParameters! : this.listed;
    if (!this.fixed) this.listed = [];
    packet.bitsRead = position;
    return { ok: true, packet };
  }

  private nextContainer(current: CompiledContainer): CompiledContainer | undefined {
    const dispatch = current.dispatch;
    if (dispatch) {
      if (this.stamps[dispatch.index] !== this.stamp) return undefined;
      const values = dispatch.calibrated ? this.engValues : this.rawValues;
      return dispatch.table.get(values[dispatch.index]!);
    }
    for (let i = 0; i < current.derived.length; i++) {
      const derived = current.derived[i]!;
      if (this.holds(derived.restriction)) return derived.compiled;
    }
    return undefined;
  }

  private holds(conditions: readonly CompiledCondition[]): boolean {
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i]!;
      if (this.stamps[c.index] !== this.stamp) return false;
      const value = c.calibrated ? this.engValues[c.index]! : this.rawValues[c.index]!;
      if (!compareValues(value, c.operator, c.value)) return false;
    }
    return true;
  }

  /**
   * readEntries for a container of plain parameters one after another: one bounds check, then each field at
   * the offset it must have. Returns the position after the last one, or −1 past the packet's end.
   */
  private readSimple(
    container: CompiledContainer,
    bytes: Uint8Array,
    start: number,
    position: number,
    limitBits: number,
    packet: DecodedPacket,
  ): number {
    if (position + container.simpleBits > limitBits) return -1;
    const entries = container.entries;
    const raws = packet.raw;
    const engs = packet.eng;
    let at = position;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      at += entry.offsetBits;
      const raw =
        (at & 7) === 0 && entry.fast !== Fast.None
          ? readAligned(bytes, start + (at >>> 3), entry.fast, entry.fastBytes)
          : entry.read!(bytes, start, at);
      const eng = this.engOf(entry, raw);
      if (entry.kept) this.keep(entry.parameter!.index, raw, eng);
      if (!this.fixed) this.listed.push(entry.parameter!);
      raws.push(raw);
      engs.push(eng);
      at += entry.bits;
    }
    return at;
  }

  private engOf(entry: CompiledEntry, raw: number | string): number | string {
    switch (entry.eng) {
      case Eng.Linear:
        return (raw as number) * entry.scale + entry.offset;
      case Eng.UnixTime:
        return ((raw as number) * entry.scale + entry.offset) * 1000;
      case Eng.Raw:
        return raw;
      default:
        return entry.toEng!(raw);
    }
  }

  private keep(index: number, raw: number | string, eng: number | string): void {
    this.stamps[index] = this.stamp;
    this.rawValues[index] = raw;
    this.engValues[index] = eng;
  }

  /** Reads entries from bit `position`; returns the position after the last one, or −1 past the packet's end. */
  private readEntries(
    entries: readonly CompiledEntry[],
    bytes: Uint8Array,
    start: number,
    position: number,
    containerStart: number,
    limitBits: number,
    packet: DecodedPacket,
  ): number {
    let end = position;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.include && !this.holds(entry.include)) continue;
      const at = (entry.fromContainerStart ? containerStart : end) + entry.offsetBits;
      if (entry.nested) {
        end = this.readEntries(entry.nested, bytes, start, at, at, limitBits, packet);
        if (end < 0) return end;
        continue;
      }
      if (at < 0 || at + entry.bits > limitBits) return -1;
      const parameter = entry.parameter!;
      const raw =
        (at & 7) === 0 && entry.fast !== Fast.None
          ? readAligned(bytes, start + (at >>> 3), entry.fast, entry.fastBytes)
          : entry.read!(bytes, start, at);
      const eng = this.engOf(entry, raw);
      if (entry.kept) this.keep(parameter.index, raw, eng);
      if (!this.fixed) this.listed.push(parameter);
      packet.raw.push(raw);
      packet.eng.push(eng);
      end = at + entry.bits;
    }
    return end;
  }
}
