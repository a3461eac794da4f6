// Raw field readers and calibrators, built once per parameter type so that decoding a packet is a loop of
// plain function calls. Big-endian, most significant bit first, at any bit position.
import type { XtceType } from './database';
import type { Calibrator, ComparisonOperator, DataEncoding } from './model';
import { epochSecondsToUtcMs } from './time';

/** Reads a field of `bits` bits at bit `bitPos` of the packet starting at byte `start`. Bounds are checked by the caller. */
export type RawReader = (bytes: Uint8Array, start: number, bitPos: number) => number | string;
export type EngConverter = (raw: number | string) => number | string;

/** Unsigned value of up to 64 bits at any bit position (above 53 bits the nearest double). */
export function readBits(bytes: Uint8Array, start: number, bitPos: number, bits: number): number {
  const first = start + (bitPos >>> 3);
  const span = (bitPos & 7) + bits;
  // Kept small and without recursion so that it inlines where it is called per field (header fields).
  if (span > 32) return readWideBits(bytes, start, bitPos, bits);
  // The field lies within four bytes: gather them into one word and cut the field out.
  const count = (span + 7) >>> 3;
  let word = 0;
  for (let k = 0; k < count; k++) word = (word << 8) | bytes[first + k]!;
  const value = word >>> (count * 8 - span);
  return bits === 32 ? value >>> 0 : value & ((1 << bits) - 1);
}

/** readBits of a field whose bits span more than four bytes. */
function readWideBits(bytes: Uint8Array, start: number, bitPos: number, bits: number): number {
  if (bits > 32) {
    const high = bits - 32;
    return readBits(bytes, start, bitPos, high) * 0x1_0000_0000 + readBits(bytes, start, bitPos + high, 32);
  }
  // Up to 32 bits straddling five bytes: the high part, then the low 24 bits.
  return (
    readBits(bytes, start, bitPos, bits - 24) * 0x100_0000 + readBits(bytes, start, bitPos + bits - 24, 24)
  );
}

function unsignedReader(bits: number): (bytes: Uint8Array, start: number, bitPos: number) => number {
  const general = (bytes: Uint8Array, start: number, bitPos: number) => readBits(bytes, start, bitPos, bits);
  if (bits === 8) return (b, s, p) => ((p & 7) === 0 ? b[s + (p >>> 3)]! : general(b, s, p));
  if (bits === 16) {
    return (b, s, p) => {
      if ((p & 7) !== 0) return general(b, s, p);
      const o = s + (p >>> 3);
      return (b[o]! << 8) | b[o + 1]!;
    };
  }
  if (bits === 32) {
    return (b, s, p) => {
      if ((p & 7) !== 0) return general(b, s, p);
      const o = s + (p >>> 3);
      return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    };
  }
  return general;
}

function integerReader(encoding: Extract<DataEncoding, { kind: 'integer' }>): RawReader {
  const { sizeInBits: bits } = encoding;
  const read = unsignedReader(bits);
  if (encoding.encoding === 'unsigned') return read;
  const half = 2 ** (bits - 1);
  const full = 2 ** bits;
  if (encoding.encoding === 'twosComplement') {
    if (bits === 16) return (b, s, p) => (read(b, s, p) << 16) >> 16;
    return (b, s, p) => {
      const value = read(b, s, p);
      return value >= half ? value - full : value;
    };
  }
  return (b, s, p) => {
    const value = read(b, s, p);
    return value >= half ? -(value - half) : value;
  };
}

// Floats go through an 8-byte scratch buffer: cheaper than a DataView per packet.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

function floatReader(bits: 32 | 64): RawReader {
  const bytesLong = bits / 8;
  return (b, s, p) => {
    const aligned = (p & 7) === 0;
    const o = s + (p >>> 3);
    for (let k = 0; k < bytesLong; k++) scratch[k] = aligned ? b[o + k]! : readBits(b, s, p + 8 * k, 8);
    return bits === 32 ? scratchView.getFloat32(0) : scratchView.getFloat64(0);
  };
}

// Node and browsers both have TextDecoder; shared/ compiles without DOM or Node types, so it is named here.
type Utf8Decoder = { decode(bytes: Uint8Array): string };
const { TextDecoder: Decoder } = globalThis as unknown as { TextDecoder: new (label: string) => Utf8Decoder };
const utf8 = new Decoder('utf-8');

function stringReader(bits: number): RawReader {
  const length = bits / 8;
  return (b, s, p) => {
    const field = new Uint8Array(length);
    for (let k = 0; k < length; k++)
      field[k] = (p & 7) === 0 ? b[s + (p >>> 3) + k]! : readBits(b, s, p + 8 * k, 8);
    const end = field.indexOf(0);
    return utf8.decode(end < 0 ? field : field.subarray(0, end));
  };
}

export function rawReader(encoding: DataEncoding): RawReader {
  switch (encoding.kind) {
    case 'integer':
      return integerReader(encoding);
    case 'float':
      return floatReader(encoding.sizeInBits);
    case 'string':
      return stringReader(encoding.sizeInBits);
  }
}

export function calibrate(calibrator: Calibrator): (raw: number) => number {
  if (calibrator.kind === 'polynomial') {
    const c = calibrator.coefficients;
    if (c.length <= 2) {
      const c0 = c[0] ?? 0;
      const c1 = c[1] ?? 0;
      return (x) => c0 + c1 * x;
    }
    return (x) => {
      let value = 0;
      for (let i = c.length - 1; i >= 0; i--) value = value * x + c[i]!;
      return value;
    };
  }
  const { points, order, extrapolate } = calibrator;
  return (x) => splineAt(points, order, extrapolate, x);
}

function splineAt(
  points: readonly { raw: number; calibrated: number }[],
  order: 0 | 1,
  extrapolate: boolean,
  x: number,
): number {
  const firstPoint = points[0];
  const lastPoint = points[points.length - 1];
  if (!firstPoint || !lastPoint) return Number.NaN;
  // Outside the points without extrapolation the value is not defined by the calibration.
  if (!extrapolate && (x < firstPoint.raw || x > lastPoint.raw)) return Number.NaN;
  let i = 0;
  while (i < points.length - 2 && x > points[i + 1]!.raw) i++;
  const a = points[i]!;
  const b = points[i + 1] ?? a;
  if (order === 0) return x >= b.raw ? b.calibrated : a.calibrated;
  if (b.raw === a.raw) return a.calibrated;
  return a.calibrated + ((x - a.raw) * (b.calibrated - a.calibrated)) / (b.raw - a.raw);
}

/** Raw → engineering value for a type: calibrated number, enumeration or boolean label, string, or UTC ms. */
export function engConverter(type: XtceType): EngConverter {
  const encoding = type.encoding;
  const cal = encoding.kind !== 'string' && encoding.calibrator ? calibrate(encoding.calibrator) : undefined;
  const number = cal ? (raw: number | string) => cal(raw as number) : (raw: number | string) => raw;
  switch (type.kind) {
    case 'integer':
    case 'float':
    case 'string':
      return number;
    case 'boolean': {
      const { zero, one } = type.booleanLabels;
      return (raw) => (raw === 0 ? zero : one);
    }
    case 'enumerated': {
      const entries = type.enumeration;
      const dense = new Map<number, string>();
      for (const e of entries)
        if (e.maxValue - e.value < 4096) for (let v = e.value; v <= e.maxValue; v++) dense.set(v, e.label);
      // An undeclared value keeps its number: shown as such rather than mislabelled.
      const label = (raw: number | string) =>
        dense.get(raw as number) ??
        entries.find((e) => (raw as number) >= e.value && (raw as number) <= e.maxValue)?.label ??
        raw;
      // Small non-negative values (the usual states and codes, and the undeclared values between and just
      // above them) are labelled by an array load, not a hash and a search.
      const byValue = Array.from({ length: labelTableLength(encoding, dense) }, (_, v) => label(v));
      return (raw) => byValue[raw as number] ?? label(raw);
    }
    case 'absoluteTime': {
      const { epoch, scale, offset } = type.time!;
      return (raw) => epochSecondsToUtcMs(epoch, (number(raw) as number) * scale + offset);
    }
  }
}

/**
 * How many values from 0 an enumeration's label table holds: every value of an unsigned encoding of up to
 * 12 bits, else up to the highest declared value below 4096.
 */
function labelTableLength(encoding: DataEncoding, declared: ReadonlyMap<number, string>): number {
  if (encoding.kind === 'integer' && encoding.encoding === 'unsigned' && encoding.sizeInBits <= 12)
    return 2 ** encoding.sizeInBits;
  let highest = -1;
  for (const value of declared.keys()) if (value < 4096 && value > highest) highest = value;
  return highest + 1;
}

export function sizeInBits(encoding: DataEncoding): number {
  return encoding.sizeInBits;
}

/** A Comparison of XTCE: restriction criteria, include conditions and context matches all read it so. */
export function compareValues(
  left: number | string,
  operator: ComparisonOperator,
  right: number | string,
): boolean {
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
