// Precompiled per-APID readers for the decoder's hot path. Each packet's parameter list is turned once into
// flat typed arrays (type code, byte offset, scale, offset) so decoding a frame is one tight loop over
// numbers, reading big-endian values straight from the bytes: no DataView per frame, no lookups by name.
import type { PacketDef, RawType } from '../dictionary/types';
import { RAW_TYPE_BYTES, USER_DATA_OFFSET } from './layout';

const TYPE_CODE: Record<RawType, number> = { u8: 0, u16: 1, u32: 2, i16: 3, i32: 4, f32: 5, f64: 6 };

export interface CompiledPacket {
  packet: PacketDef;
  /** The packet's place in the dictionary's packets. */
  index: number;
  userDataBytes: number;
  count: number;
  types: Uint8Array;
  /** Byte offset of each parameter from the start of the frame. */
  offsets: Uint16Array;
  scales: Float64Array;
  engOffsets: Float64Array;
}

export function compilePacket(packet: PacketDef, index: number): CompiledPacket {
  const count = packet.parameters.length;
  const compiled: CompiledPacket = {
    packet,
    index,
    userDataBytes: 0,
    count,
    types: new Uint8Array(count),
    offsets: new Uint16Array(count),
    scales: new Float64Array(count),
    engOffsets: new Float64Array(count),
  };
  let offset = USER_DATA_OFFSET;
  packet.parameters.forEach((parameter, i) => {
    compiled.types[i] = TYPE_CODE[parameter.type];
    compiled.offsets[i] = offset;
    compiled.scales[i] = parameter.scale;
    compiled.engOffsets[i] = parameter.offset;
    offset += RAW_TYPE_BYTES[parameter.type];
  });
  compiled.userDataBytes = offset - USER_DATA_OFFSET;
  return compiled;
}

// Floats go through an 8-byte scratch buffer: copying 4 or 8 bytes is cheaper than a DataView per frame.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

function readRawAt(bytes: Uint8Array, o: number, type: number): number {
  switch (type) {
    case 0:
      return bytes[o]!;
    case 1:
      return (bytes[o]! << 8) | bytes[o + 1]!;
    case 2:
      return ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
    case 3:
      return (((bytes[o]! << 8) | bytes[o + 1]!) << 16) >> 16;
    case 4:
      return (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
    case 5:
      for (let k = 0; k < 4; k++) scratch[k] = bytes[o + k]!;
      return scratchView.getFloat32(0);
    default:
      for (let k = 0; k < 8; k++) scratch[k] = bytes[o + k]!;
      return scratchView.getFloat64(0);
  }
}

/** Fills raw and engineering values of a frame whose length has been checked against the layout. */
export function readParameters(
  compiled: CompiledPacket,
  bytes: Uint8Array,
  raw: number[],
  eng: number[],
): void {
  const { count, types, offsets, scales, engOffsets } = compiled;
  for (let i = 0; i < count; i++) {
    const value = readRawAt(bytes, offsets[i]!, types[i]!);
    raw.push(value);
    eng.push(value * scales[i]! + engOffsets[i]!);
  }
}
