// Ways to break a frame. Most mutations re-seal the CRC (and sometimes the length field) half of the time, so
// the fuzz reaches the checks behind the CRC instead of stopping at crc_mismatch.
import { crc16CcittFalse } from '../../shared/codec';
import type { Rng } from './rng';

export type Mutator = (rng: Rng, seed: Uint8Array, other: Uint8Array) => Uint8Array;

const LENGTH_OFFSET = 10;

function sealCrc(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2) return bytes;
  const crc = crc16CcittFalse(bytes, 0, bytes.length - 2);
  bytes[bytes.length - 2] = crc >> 8;
  bytes[bytes.length - 1] = crc & 0xff;
  return bytes;
}

/** Makes the packet length field agree with the buffer length, as a careful forger would. */
function sealLength(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 20) return bytes;
  const length = bytes.length - 15;
  bytes[LENGTH_OFFSET] = (length >> 8) & 0xff;
  bytes[LENGTH_OFFSET + 1] = length & 0xff;
  return bytes;
}

const maybeSeal = (rng: Rng, bytes: Uint8Array): Uint8Array => (rng.chance(0.5) ? sealCrc(bytes) : bytes);

function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.int(256);
  return bytes;
}

function setBits(bytes: Uint8Array, bitOffset: number, width: number, value: number): void {
  for (let i = 0; i < width; i++) {
    const bit = bitOffset + i;
    const byte = bit >> 3;
    if (byte >= bytes.length) return;
    const mask = 0x80 >> (bit & 7);
    const on = (value >>> (width - 1 - i)) & 1;
    bytes[byte] = on ? bytes[byte]! | mask : bytes[byte]! & ~mask;
  }
}

/** Every header field as [bit offset, width]: transfer frame, packet primary and secondary headers. */
const HEADER_FIELDS: readonly (readonly [number, number])[] = [
  [0, 2], // transfer frame version
  [2, 10], // SCID
  [12, 3], // VCID
  [15, 1], // OCF flag
  [16, 8], // master channel frame count
  [24, 8], // virtual channel frame count
  [32, 16], // data field status
  [48, 3], // packet version
  [51, 1], // packet type
  [52, 1], // secondary header flag
  [53, 11], // APID
  [64, 2], // sequence flags
  [66, 14], // sequence count
  [80, 16], // packet data length
  [96, 32], // time, seconds
  [128, 16], // time, fraction
];

const bitFlips: Mutator = (rng, seed) => {
  const bytes = seed.slice();
  for (let n = rng.between(1, 4); n > 0; n--) bytes[rng.int(bytes.length)]! ^= 1 << rng.int(8);
  return maybeSeal(rng, bytes);
};

const byteOverwrite: Mutator = (rng, seed) => {
  const bytes = seed.slice();
  for (let n = rng.between(1, 3); n > 0; n--)
    bytes[rng.int(bytes.length)] = rng.pick([0, 0xff, rng.int(256)]);
  return maybeSeal(rng, bytes);
};

const truncate: Mutator = (rng, seed) => {
  const bytes = seed.slice(0, rng.int(seed.length));
  return rng.chance(0.3) ? sealCrc(sealLength(bytes)) : bytes;
};

const extend: Mutator = (rng, seed) => {
  const bytes = new Uint8Array(seed.length + rng.between(1, 64));
  bytes.set(seed);
  bytes.set(randomBytes(rng, bytes.length - seed.length), seed.length);
  return rng.chance(0.5) ? sealCrc(sealLength(bytes)) : bytes;
};

const lengthField: Mutator = (rng, seed) => {
  const bytes = seed.slice();
  const current = (bytes[LENGTH_OFFSET]! << 8) | bytes[LENGTH_OFFSET + 1]!;
  const value = rng.pick([0, 1, 0xffff, 0x7fff, current - 1, current + 1, rng.int(0x10000)]) & 0xffff;
  setBits(bytes, LENGTH_OFFSET * 8, 16, value);
  return maybeSeal(rng, bytes);
};

const headerExtreme: Mutator = (rng, seed) => {
  const bytes = seed.slice();
  const [offset, width] = rng.pick(HEADER_FIELDS);
  const max = 2 ** width - 1;
  setBits(bytes, offset, width, rng.pick([0, max, max >>> 1, rng.int(max + 1)]));
  return rng.chance(0.85) ? sealCrc(bytes) : bytes;
};

const noise: Mutator = (rng) => {
  // Mostly around the sizes of real frames; now and then a large buffer with a huge length field.
  if (rng.chance(0.0005)) {
    const bytes = randomBytes(rng, rng.between(60_000, 70_000));
    return sealCrc(rng.chance(0.5) ? sealLength(bytes) : bytes);
  }
  const bytes = randomBytes(rng, rng.chance(0.8) ? rng.int(80) : rng.int(400));
  return rng.chance(0.5) ? sealCrc(sealLength(bytes)) : bytes;
};

const splice: Mutator = (rng, seed, other) => {
  const head = seed.subarray(0, rng.int(seed.length + 1));
  const tail = other.subarray(rng.int(other.length + 1));
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return rng.chance(0.5) ? sealCrc(sealLength(bytes)) : bytes;
};

const unchanged: Mutator = (_rng, seed) => seed.slice();

export const MUTATORS: readonly Mutator[] = [
  bitFlips,
  byteOverwrite,
  truncate,
  extend,
  lengthField,
  headerExtreme,
  headerExtreme,
  noise,
  splice,
  unchanged,
];

/**
 * Sometimes hands the decoder a view into a larger buffer at an odd offset, as socket.io and Node buffers do,
 * so a decoder that ignored byteOffset would be caught.
 */
export function atOddOffset(rng: Rng, bytes: Uint8Array): Uint8Array {
  if (!rng.chance(0.1)) return bytes;
  const offset = rng.between(1, 7);
  const host = randomBytes(rng, bytes.length + offset + rng.int(8));
  host.set(bytes, offset);
  return host.subarray(offset, offset + bytes.length);
}
