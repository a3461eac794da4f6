// A packet encoder compiled from an XTCE container: the decoder's mirror. It writes the entries of a concrete
// container and its bases below a given ancestor (the caller writes what comes before, e.g. a CCSDS header
// of its own), with locations, include conditions and referenced containers as the decoder reads them, each
// field in its own encoding after the inverse of its calibration. The values a restriction criterion of the
// container's chain asks for (`==`) are written whatever the caller gives, so the decoder picks this
// container again.
import type { XtceComparison, XtceContainer, XtceEntry, XtceParameter, XtceType } from './database';
import type { DataEncoding } from './model';
import { rawForEngineering, type Inverse } from './inverse';
import { utcMsToEpochSeconds } from './time';
import { compareValues, engConverter, type EngConverter } from './values';

/** Engineering value of a parameter: a number (an enumeration's or boolean's may be its number or its label). */
export type ValueOf = (parameter: XtceParameter) => number | string | undefined;

// Node and browsers both have TextEncoder; shared/ compiles without DOM or Node types, so it is named here.
type Utf8Encoder = { encode(text: string): Uint8Array };
const { TextEncoder: Encoder } = globalThis as unknown as { TextEncoder: new () => Utf8Encoder };
const utf8 = new Encoder();

/** Writes the low `bits` bits of a non-negative integer (up to 2^64, exact to 2^53) at any bit position. */
export function writeBits(bytes: Uint8Array, start: number, bitPos: number, bits: number, value: number) {
  let remaining = bits;
  let pos = bitPos;
  while (remaining > 0) {
    const index = start + (pos >>> 3);
    const inByte = pos & 7;
    const n = Math.min(8 - inByte, remaining);
    const chunk = Math.floor(value / 2 ** (remaining - n)) & ((1 << n) - 1);
    const shift = 8 - inByte - n;
    const mask = ((1 << n) - 1) << shift;
    bytes[index] = (bytes[index]! & ~mask) | (chunk << shift);
    remaining -= n;
    pos += n;
  }
}

const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

/** Writes a raw value in its encoding (signed integers as two's complement or sign and magnitude). */
export function writeField(
  bytes: Uint8Array,
  start: number,
  bitPos: number,
  encoding: DataEncoding,
  raw: number | string,
): void {
  const bits = encoding.sizeInBits;
  if (encoding.kind === 'string') {
    const text = utf8.encode(typeof raw === 'string' ? raw : String(raw));
    for (let k = 0; k < bits / 8; k++) writeBits(bytes, start, bitPos + 8 * k, 8, text[k] ?? 0);
    return;
  }
  const value = typeof raw === 'number' ? raw : Number(raw) || 0;
  if (encoding.kind === 'float') {
    if (bits === 32) scratchView.setFloat32(0, value);
    else scratchView.setFloat64(0, value);
    for (let k = 0; k < bits / 8; k++) writeBits(bytes, start, bitPos + 8 * k, 8, scratch[k]!);
    return;
  }
  let pattern = value;
  if (value < 0 && encoding.encoding === 'twosComplement') pattern = value + 2 ** bits;
  else if (value < 0 && encoding.encoding === 'signMagnitude') pattern = 2 ** (bits - 1) - value;
  writeBits(bytes, start, bitPos, bits, pattern);
}

/** Engineering value → raw value for a type: the inverse of engConverter. */
export function rawConverter(type: XtceType): (eng: number | string) => number | string {
  const encoding = type.encoding;
  if (encoding.kind === 'string') return (eng) => String(eng);
  const numeric: Inverse = rawForEngineering(encoding, encoding.calibrator);
  switch (type.kind) {
    case 'enumerated': {
      const byLabel = new Map(type.enumeration.map((e) => [e.label, e.value]));
      return (eng) => (typeof eng === 'string' ? (byLabel.get(eng) ?? 0) : Math.round(eng));
    }
    case 'boolean':
      return (eng) =>
        typeof eng === 'string' ? (eng === type.booleanLabels.one ? 1 : 0) : eng !== 0 ? 1 : 0;
    case 'absoluteTime': {
      const { epoch, scale, offset } = type.time!;
      return (eng) => numeric((utcMsToEpochSeconds(epoch, Number(eng)) - offset) / scale);
    }
    default:
      return (eng) => numeric(typeof eng === 'number' ? eng : Number(eng));
  }
}

interface EncodedEntry {
  entry: XtceEntry;
  toRaw?: (eng: number | string) => number | string;
  toEng?: EngConverter;
  nested?: EncodedEntry[];
}

/** Entries of the containers from just below `from` down to `container`, top first. */
function chainBelow(container: XtceContainer, from: XtceContainer | undefined): XtceContainer[] {
  const chain: XtceContainer[] = [];
  for (let c: XtceContainer | undefined = container; c && c !== from; c = c.base?.container) chain.unshift(c);
  return chain;
}

function withBases(container: XtceContainer): XtceEntry[] {
  return chainBelow(container, undefined).flatMap((c) => c.entries);
}

function compileEntries(entries: readonly XtceEntry[]): EncodedEntry[] {
  return entries.map((entry) =>
    entry.kind === 'container'
      ? { entry, nested: compileEntries(withBases(entry.container)) }
      : { entry, toRaw: rawConverter(entry.parameter.type), toEng: engConverter(entry.parameter.type) },
  );
}

/** Encodes one concrete container's packets. Not re-entrant: one packet at a time. */
export class PacketEncoder {
  private readonly entries: EncodedEntry[];
  /** Values the chain's restriction criteria ask for, by parameter index: raw or engineering. */
  private readonly fixed = new Map<number, { raw?: number | string; eng?: number | string }>();
  private readonly raw = new Map<number, number | string>();
  private readonly eng = new Map<number, number | string>();

  /**
   * Encodes the entries of `container`'s chain below `from` (its packet container, whose entries the caller
   * writes), or of the whole chain without it.
   */
  constructor(container: XtceContainer, from?: XtceContainer) {
    const chain = chainBelow(container, from);
    this.entries = compileEntries(chain.flatMap((c) => c.entries));
    for (const c of chain) {
      for (const criterion of c.base?.restriction ?? []) {
        if (criterion.operator !== '==') continue;
        const value = criterion.useCalibratedValue ? { eng: criterion.value } : { raw: criterion.value };
        this.fixed.set(criterion.parameter.index, value);
      }
    }
  }

  /**
   * Writes the entries into `bytes` (zeroed beforehand) from bit `startBit` of the packet starting at byte
   * `start`; returns the bit after the last entry, or −1 when an entry would fall outside `bytes`.
   */
  encode(value: ValueOf, bytes: Uint8Array, start: number, startBit: number): number {
    this.raw.clear();
    this.eng.clear();
    for (const [index, fixed] of this.fixed) {
      if (fixed.raw !== undefined) this.raw.set(index, fixed.raw);
      if (fixed.eng !== undefined) this.eng.set(index, fixed.eng);
    }
    return this.write(this.entries, value, bytes, start, startBit, startBit);
  }

  private write(
    entries: readonly EncodedEntry[],
    value: ValueOf,
    bytes: Uint8Array,
    start: number,
    position: number,
    containerStart: number,
  ): number {
    let end = position;
    for (const compiled of entries) {
      const { entry } = compiled;
      if (entry.include && !this.holds(entry.include)) continue;
      const at =
        (entry.location?.reference === 'containerStart' ? containerStart : end) + (entry.location?.bits ?? 0);
      if (compiled.nested) {
        end = this.write(compiled.nested, value, bytes, start, at, at);
        if (end < 0) return end;
        continue;
      }
      if (entry.kind !== 'parameter') continue;
      const { parameter } = entry;
      const encoding = parameter.type.encoding;
      if (at < 0 || start * 8 + at + encoding.sizeInBits > bytes.length * 8) return -1;
      const raw = this.rawFor(parameter, compiled, value);
      writeField(bytes, start, at, encoding, raw);
      this.raw.set(parameter.index, raw);
      this.eng.set(parameter.index, compiled.toEng!(raw));
      end = at + encoding.sizeInBits;
    }
    return end;
  }

  private rawFor(parameter: XtceParameter, compiled: EncodedEntry, value: ValueOf): number | string {
    const fixed = this.fixed.get(parameter.index);
    if (fixed?.raw !== undefined) return fixed.raw;
    const eng = fixed?.eng ?? value(parameter);
    // A parameter the caller has no value for is sent as raw 0.
    return eng === undefined ? 0 : compiled.toRaw!(eng);
  }

  private holds(conditions: readonly XtceComparison[]): boolean {
    return conditions.every((c) => {
      const known = (c.useCalibratedValue ? this.eng : this.raw).get(c.parameter.index);
      return known !== undefined && compareValues(known, c.operator, c.value);
    });
  }
}
