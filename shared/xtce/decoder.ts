// A packet decoder compiled from an XTCE container tree. Decoding starts at the packet container (abstract,
// typically the CCSDS primary header), reads its entries, then descends into the first derived container whose
// RestrictionCriteria hold on the values read so far, and so on until no derived container matches; entries of
// a derived container continue where its base left off. Never throws: a packet too short for an entry, or one
// that ends on an abstract container, is a rejection code.
import type { XtceComparison, XtceContainer, XtceEntry, XtceParameter } from './database';
import type { ComparisonOperator } from './model';
import { engConverter, rawReader, type EngConverter, type RawReader } from './values';

export type PacketRejectCode = 'out_of_packet' | 'no_match';

export interface DecodedPacket {
  /** The most specific container that matched. */
  container: XtceContainer;
  /** Parameters in the order they were read (base containers first). */
  parameters: XtceParameter[];
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

interface CompiledEntry {
  parameter?: XtceParameter;
  read?: RawReader;
  toEng?: EngConverter;
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
  derived: { restriction: CompiledCondition[]; compiled: CompiledContainer }[];
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

function compare(left: number | string, operator: ComparisonOperator, right: number | string): boolean {
  switch (operator) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** Entries of a container preceded by those of its bases, top first: what a ContainerRefEntry includes. */
function withBases(container: XtceContainer): XtceEntry[] {
  const chain: XtceContainer[] = [];
  for (let c: XtceContainer | undefined = container; c; c = c.base?.container) chain.unshift(c);
  return chain.flatMap((c) => c.entries);
}

function compileEntries(entries: readonly XtceEntry[]): CompiledEntry[] {
  return entries.map((entry) => {
    const compiled: CompiledEntry = {
      bits: 0,
      fromContainerStart: entry.location?.reference === 'containerStart',
      offsetBits: entry.location?.bits ?? 0,
    };
    if (entry.include) compiled.include = compileConditions(entry.include);
    if (entry.kind === 'container') {
      compiled.nested = compileEntries(withBases(entry.container));
      return compiled;
    }
    const type = entry.parameter.type;
    compiled.parameter = entry.parameter;
    compiled.read = rawReader(type.encoding);
    compiled.toEng = engConverter(type);
    compiled.bits = type.encoding.sizeInBits;
    return compiled;
  });
}

function compileContainer(container: XtceContainer): CompiledContainer {
  return {
    container,
    entries: compileEntries(container.entries),
    derived: container.derived.map((child) => ({
      restriction: compileConditions(child.base?.restriction ?? []),
      compiled: compileContainer(child),
    })),
  };
}

export class PacketDecoder {
  private readonly root: CompiledContainer;
  // Values of the packet being decoded, by parameter index, for restriction and include conditions; a
  // parameter counts as read only when its stamp is the current packet's.
  private readonly stamps: Uint32Array;
  private readonly rawValues: (number | string)[];
  private readonly engValues: (number | string)[];
  private stamp = 0;

  constructor(packetContainer: XtceContainer, parameterCount: number) {
    this.root = compileContainer(packetContainer);
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
      parameters: [],
      raw: [],
      eng: [],
      bitsRead: 0,
    };
    let current = this.root;
    let position = 0;
    for (;;) {
      position = this.readEntries(current.entries, bytes, start, position, 0, limitBits, packet);
      if (position < 0) return REJECTED.out_of_packet;
      const next = current.derived.find((d) => this.holds(d.restriction));
      if (!next) break;
      current = next.compiled;
    }
    if (current.container.abstract) return REJECTED.no_match;
    packet.container = current.container;
    packet.bitsRead = position;
    return { ok: true, packet };
  }

  private holds(conditions: readonly CompiledCondition[]): boolean {
    for (let i = 0; i < conditions.length; i++) {
      const c = conditions[i]!;
      if (this.stamps[c.index] !== this.stamp) return false;
      const value = c.calibrated ? this.engValues[c.index]! : this.rawValues[c.index]!;
      if (!compare(value, c.operator, c.value)) return false;
    }
    return true;
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
      const raw = entry.read!(bytes, start, at);
      const eng = entry.toEng!(raw);
      const index = parameter.index;
      this.stamps[index] = this.stamp;
      this.rawValues[index] = raw;
      this.engValues[index] = eng;
      packet.parameters.push(parameter);
      packet.raw.push(raw);
      packet.eng.push(eng);
      end = at + entry.bits;
    }
    return end;
  }
}
