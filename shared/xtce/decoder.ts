// A packet decoder compiled from an XTCE container tree. Decoding starts at the packet container (abstract,
// typically the CCSDS primary header), reads its entries, then descends into the first derived container whose
// RestrictionCriteria hold on the values read so far, and so on until no derived container matches; entries of
// a derived container continue where its base left off. Never throws: a packet too short for an entry, or one
// that ends on an abstract container, is a rejection code.
import type { XtceContainer, XtceParameter } from './database';
import {
  compileContainer,
  conditionParameters,
  skipUnwanted,
  SMALL_KEYS,
  type CompiledCondition,
  type CompiledContainer,
  type CompiledEntry,
} from './compile';
import {
  appendFlatNumbers,
  attachFlatPlans,
  entryEng,
  entryEngNumber,
  entryRaw,
  readField,
  readFlatNumbers,
  type FlatPlan,
} from './fields';
import { compareValues } from './values';

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

/**
 * The packet PacketDecoder.read last read, in the decoder's own buffers: valid until the next read. `raw` and
 * `eng` may be longer than `count`; values past it belong to earlier packets.
 */
export interface PacketValues extends Omit<DecodedPacket, 'raw' | 'eng'> {
  /** The container's place in PacketDecoder.containers: for a caller keeping a table by container. */
  containerNumber: number;
  readonly raw: readonly (number | string)[];
  readonly eng: readonly (number | string)[];
  count: number;
}

export interface DecoderOptions {
  /**
   * True (default): an enumeration's or boolean's engineering value is its label, as XTCE defines it. False:
   * its number, for a caller that names states itself (the live path), so values stay plain numbers.
   */
  labels?: boolean;
  /**
   * Indexes of the parameters whose values the caller reads. Any other (unless a condition reads it) is
   * passed over unread: its raw and engineering values are NaN. Every parameter when not given.
   */
  wanted?: ReadonlySet<number>;
  /**
   * True (default): containers of plain parameters are read through their flat plans (flatPlan.ts). False:
   * every container through the tree walker, the reference the flat plans are tested against.
   */
  flat?: boolean;
}

const REJECTED: Record<PacketRejectCode, PacketDecodeResult> = {
  out_of_packet: Object.freeze({ ok: false, error: 'out_of_packet' }),
  no_match: Object.freeze({ ok: false, error: 'no_match' }),
};

const NO_PARAMETERS: readonly XtceParameter[] = Object.freeze([]);

/** Numbers the tree's containers (CompiledContainer.number), the root first; returns them in that order. */
function numberContainers(root: CompiledContainer): XtceContainer[] {
  const containers: XtceContainer[] = [];
  const visit = (compiled: CompiledContainer) => {
    if (compiled.number >= 0) return;
    compiled.number = containers.length;
    containers.push(compiled.container);
    for (const derived of compiled.derived) visit(derived.compiled);
  };
  visit(root);
  return containers;
}

export class PacketDecoder {
  private readonly root: CompiledContainer;
  /** Every container of the tree, the packet container first, each at its CompiledContainer.number. */
  readonly containers: readonly XtceContainer[];
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
  // The values of the packet being read, reused from packet to packet: reading allocates nothing per value.
  private readonly last: PacketValues & { raw: (number | string)[]; eng: (number | string)[] };
  // The caller's arrays while readOwn reads (undefined otherwise), and whether the packet's values went there.
  private ownRaw: number[] | undefined = undefined;
  private ownEng: number[] | undefined = undefined;
  private appended = false;

  constructor(packetContainer: XtceContainer, parameterCount: number, options: DecoderOptions = {}) {
    this.root = compileContainer(
      packetContainer,
      conditionParameters(packetContainer),
      options.labels ?? true,
    );
    if (options.wanted) skipUnwanted(this.root, options.wanted);
    if (options.flat ?? true) attachFlatPlans(this.root);
    this.containers = numberContainers(this.root);
    this.stamps = new Uint32Array(parameterCount);
    this.rawValues = new Array<number | string>(parameterCount).fill(0);
    this.engValues = new Array<number | string>(parameterCount).fill(0);
    this.last = {
      container: packetContainer,
      containerNumber: this.root.number,
      parameters: NO_PARAMETERS,
      raw: [],
      eng: [],
      count: 0,
      bitsRead: 0,
    };
  }

  /** The packet the last `read` read (when it returned undefined); valid until the next read. */
  get values(): PacketValues {
    return this.last;
  }

  /** Decodes the packet in bytes[start, end). */
  decode(bytes: Uint8Array, start = 0, end = bytes.length): PacketDecodeResult {
    const error = this.read(bytes, start, end);
    if (error !== undefined) return REJECTED[error];
    const { container, parameters, raw, eng, count, bitsRead } = this.last;
    return {
      ok: true,
      packet: { container, parameters, raw: raw.slice(0, count), eng: eng.slice(0, count), bitsRead },
    };
  }

  /**
   * Reads the packet in bytes[start, end) into `values`, for a caller that copies what it keeps (the live
   * path): nothing is allocated per packet. Returns the rejection code, or undefined when it was read.
   */
  read(bytes: Uint8Array, start = 0, end = bytes.length): PacketRejectCode | undefined {
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    const limitBits = (end - start) * 8;
    const last = this.last;
    last.count = 0;
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
      position = current.flat
        ? this.readFlat(current.flat, bytes, start, position, limitBits)
        : this.readEntries(current.entries, bytes, start, position, 0, limitBits);
      if (position < 0) return 'out_of_packet';
      const next = this.nextContainer(current);
      if (!next) break;
      current = next;
    }
    if (current.container.abstract) return 'no_match';
    last.container = current.container;
    last.containerNumber = current.number;
    last.parameters = this.fixed ? current.fixedParameters! : this.listed;
    if (!this.fixed) this.listed = [];
    last.bitsRead = position;
    return undefined;
  }

  /**
   * Reads the packet in bytes[start, end) as `read` does, but a packet ending in a container of numbers
   * only read through a flat plan (FlatPlan.direct; the live path's packets: labels off, numeric
   * parameters) has that container's values appended to `raw` and `eng` instead of the decoder's buffers:
   * they are the caller's to keep, and are not copied. Returns the rejection code, or undefined when it was
   * read; then `appendedOwn` tells whether the values went to the caller's arrays (else, as after `read`,
   * they are in `values`).
   */
  readOwn(
    bytes: Uint8Array,
    start: number,
    end: number,
    raw: number[],
    eng: number[],
  ): PacketRejectCode | undefined {
    this.ownRaw = raw;
    this.ownEng = eng;
    this.appended = false;
    const error = this.read(bytes, start, end);
    this.ownRaw = undefined;
    this.ownEng = undefined;
    return error;
  }

  /** Whether the last readOwn appended the packet's last container to the caller's arrays. */
  get appendedOwn(): boolean {
    return this.appended;
  }

  private nextContainer(current: CompiledContainer): CompiledContainer | undefined {
    const dispatch = current.dispatch;
    if (dispatch) {
      if (this.stamps[dispatch.index] !== this.stamp) return undefined;
      const values = dispatch.calibrated ? this.engValues : this.rawValues;
      const key = values[dispatch.index]!;
      return typeof key === 'number' && key >= 0 && key < SMALL_KEYS && Number.isInteger(key)
        ? dispatch.small[key]
        : dispatch.table.get(key);
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
   * Reads a container of plain parameters through its flat plan: one bounds check, then each field at the
   * offset it must have. Returns the position after the last one, or −1 past the packet's end.
   */
  private readFlat(
    plan: FlatPlan,
    bytes: Uint8Array,
    start: number,
    position: number,
    limitBits: number,
  ): number {
    if (position + plan.bits > limitBits) return -1;
    if (plan.direct && this.ownRaw && this.ownEng) {
      // The packet ends here (no derived container follows): its values go to readOwn's caller.
      appendFlatNumbers(plan, bytes, start, position, this.ownRaw, this.ownEng);
      if (!this.fixed) for (const parameter of plan.parameters) this.listed.push(parameter);
      this.appended = true;
      return position + plan.bits;
    }
    const last = this.last;
    const n = last.count;
    readFlatNumbers(plan, bytes, start, position, last.raw, last.eng, n);
    for (let g = 0; g < plan.general.length; g++) {
      const i = plan.general[g]!;
      const entry = plan.entries[i]!;
      const raw = readField(entry, bytes, start, position + plan.at[i]!);
      last.raw[n + i] = raw;
      last.eng[n + i] = entryEng(entry, raw);
    }
    for (let k = 0; k < plan.kept.length; k++) {
      const i = plan.kept[k]!;
      this.keep(plan.parameters[i]!.index, last.raw[n + i]!, last.eng[n + i]!);
    }
    if (!this.fixed) for (const parameter of plan.parameters) this.listed.push(parameter);
    last.count = n + plan.count;
    return position + plan.bits;
  }

  /** Reads a parameter's raw value at bit `at` and records it with its engineering value. */
  private take(entry: CompiledEntry, bytes: Uint8Array, start: number, at: number): void {
    const keep = entry.kept ? entry.parameter!.index : -1;
    if (entry.skip) return this.put(entry.parameter!, keep, NaN, NaN);
    if (entry.numeric) {
      const raw = entryRaw(entry, bytes, start, at);
      return this.put(entry.parameter!, keep, raw, entryEngNumber(entry, raw));
    }
    const raw = readField(entry, bytes, start, at);
    const eng = entryEng(entry, raw);
    if (keep >= 0) this.keep(keep, raw, eng);
    this.append(entry.parameter!, raw, eng);
  }

  /**
   * Records a number, apart from take's general case so that values stay unboxed doubles from the bytes to
   * the buffers (a value typed number | string is a heap object per double). `keep`: the parameter's index
   * when a condition reads it, −1 otherwise.
   */
  private put(parameter: XtceParameter, keep: number, raw: number, eng: number): void {
    if (keep >= 0) this.keep(keep, raw, eng);
    if (!this.fixed) this.listed.push(parameter);
    const last = this.last;
    const n = last.count;
    last.raw[n] = raw;
    last.eng[n] = eng;
    last.count = n + 1;
  }

  private append(parameter: XtceParameter, raw: number | string, eng: number | string): void {
    if (!this.fixed) this.listed.push(parameter);
    const last = this.last;
    last.raw[last.count] = raw;
    last.eng[last.count] = eng;
    last.count++;
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
  ): number {
    let end = position;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      if (entry.include && !this.holds(entry.include)) continue;
      const at = (entry.fromContainerStart ? containerStart : end) + entry.offsetBits;
      if (entry.nested) {
        end = this.readEntries(entry.nested, bytes, start, at, at, limitBits);
        if (end < 0) return end;
        continue;
      }
      if (at < 0 || at + entry.bits > limitBits) return -1;
      this.take(entry, bytes, start, at);
      end = at + entry.bits;
    }
    return end;
  }
}
