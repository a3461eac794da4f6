// Pure encoder and decoder for Ortaq frames. The decoder never throws on bad bytes: it returns either the
// decoded frame or a rejection code, and the first applicable code in REJECT_CODES order wins.
import type { Dictionary, PacketDef, ParameterDef, RawType, SpacecraftDef } from '../dictionary/types';
import { appendEvaluated, derivedEvaluators } from '../dictionary/derived';
import type { Evaluate } from '../expression';
import { crc16CcittFalse } from './crc16';
import { compilePacket, readParameters, type CompiledPacket } from './reader';
import {
  CRC_BYTES,
  DATA_FIELD_STATUS,
  MAX_APID,
  MAX_SCID,
  MAX_SEQUENCE_COUNT,
  MAX_VCID,
  MIN_FRAME_BYTES,
  PACKET_HEADER_BYTES,
  RAW_TYPE_BYTES,
  SECONDARY_HEADER_BYTES,
  SEQUENCE_FLAGS_UNSEGMENTED,
  TF_HEADER_BYTES,
  TIME_FRACTION_PER_S,
  USER_DATA_OFFSET,
} from './layout';
import type { EpochMs } from '../units';

/** Rejection codes in precedence order (bad_length is checked twice: framing first, user data last). */
export const REJECT_CODES = [
  'too_short',
  'bad_length',
  'crc_mismatch',
  'bad_version',
  'unknown_spacecraft',
  'unknown_apid',
  'bad_sequence_flags',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export interface FrameHeader {
  scid: number;
  /** 0 = realtime housekeeping, 1 = playback of data recorded onboard. */
  vcid: number;
  masterFrameCount: number;
  virtualFrameCount: number;
  apid: number;
  sequenceCount: number;
  /** Packet time from the secondary header, rounded to the millisecond. */
  timeMs: EpochMs;
}

export interface DecodedFrame extends FrameHeader {
  spacecraft: SpacecraftDef;
  packet: PacketDef;
  /** Raw values in packetParameters order: the packet's parameters, then its derived ones (raw = engineering). */
  raw: number[];
  /** Engineering values (raw × scale + offset), then derived values (NaN: no sample), in packetParameters order. */
  eng: number[];
}

export type DecodeResult = { ok: true; frame: DecodedFrame } | { ok: false; error: RejectCode };

/** What reads archive-form frames: this compiled codec, or the one generated from a mission's XTCE. */
export interface FrameDecoder {
  decode(bytes: Uint8Array): DecodeResult;
}

export interface FrameInput extends FrameHeader {
  /** Raw values in the packet's parameter order. */
  raw: readonly number[];
}

const RAW_RANGE: Record<RawType, [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffff_ffff],
  i16: [-0x8000, 0x7fff],
  i32: [-0x8000_0000, 0x7fff_ffff],
  f32: [-3.4028234663852886e38, 3.4028234663852886e38],
  f64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/** Engineering value to the raw value the wire carries: rounded for integers and clamped to the type. */
export function engineeringToRaw(parameter: ParameterDef, value: number): number {
  const unscaled = (value - parameter.offset) / parameter.scale;
  const [min, max] = RAW_RANGE[parameter.type];
  const isFloat = parameter.type === 'f32' || parameter.type === 'f64';
  const raw = isFloat ? unscaled : Math.round(unscaled);
  if (Number.isNaN(raw)) return 0;
  return Math.min(max, Math.max(min, raw));
}

export function rawToEngineering(parameter: ParameterDef, raw: number): number {
  return raw * parameter.scale + parameter.offset;
}

/** Rejections carry no per-frame data, so each is one shared frozen object rather than a fresh allocation. */
const REJECTED = Object.fromEntries(
  REJECT_CODES.map((error) => [error, Object.freeze({ ok: false, error })]),
) as Record<RejectCode, DecodeResult>;

/** Big-endian 16-bit word at `offset` (the caller has checked the length). */
export function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/** The packet time of a checked frame: the secondary header's 32-bit seconds and 16-bit binary fraction. */
export function packetTimeMs(bytes: Uint8Array): EpochMs {
  const secondsOffset = TF_HEADER_BYTES + PACKET_HEADER_BYTES;
  const seconds = u16(bytes, secondsOffset) * 0x1_0000 + u16(bytes, secondsOffset + 2);
  const fraction = u16(bytes, secondsOffset + 4);
  return (seconds * 1000 + Math.round((fraction * 1000) / TIME_FRACTION_PER_S)) as EpochMs;
}

function writeRaw(view: DataView, offset: number, type: RawType, value: number): void {
  switch (type) {
    case 'u8':
      return view.setUint8(offset, value);
    case 'u16':
      return view.setUint16(offset, value);
    case 'u32':
      return view.setUint32(offset, value);
    case 'i16':
      return view.setInt16(offset, value);
    case 'i32':
      return view.setInt32(offset, value);
    case 'f32':
      return view.setFloat32(offset, value);
    case 'f64':
      return view.setFloat64(offset, value);
  }
}

/**
 * The transfer frame header, the packet's primary header and its time secondary header of an archive-form
 * frame (shared/codec/layout.ts): every encoder of frames writes them here.
 */
export function writeFrameHeaders(view: DataView, input: FrameHeader, userDataBytes: number): void {
  view.setUint16(0, ((input.scid & MAX_SCID) << 4) | ((input.vcid & MAX_VCID) << 1));
  view.setUint8(2, input.masterFrameCount & 0xff);
  view.setUint8(3, input.virtualFrameCount & 0xff);
  view.setUint16(4, DATA_FIELD_STATUS);

  const secondaryHeaderFlag = 1 << 11;
  view.setUint16(TF_HEADER_BYTES, secondaryHeaderFlag | (input.apid & MAX_APID));
  view.setUint16(
    TF_HEADER_BYTES + 2,
    (SEQUENCE_FLAGS_UNSEGMENTED << 14) | (input.sequenceCount & MAX_SEQUENCE_COUNT),
  );
  view.setUint16(TF_HEADER_BYTES + 4, SECONDARY_HEADER_BYTES + userDataBytes - 1);

  const seconds = Math.floor(input.timeMs / 1000);
  let fraction = Math.round(((input.timeMs - seconds * 1000) * TIME_FRACTION_PER_S) / 1000);
  if (fraction >= TIME_FRACTION_PER_S) fraction = TIME_FRACTION_PER_S - 1;
  view.setUint32(TF_HEADER_BYTES + PACKET_HEADER_BYTES, seconds);
  view.setUint16(TF_HEADER_BYTES + PACKET_HEADER_BYTES + 4, fraction);
}

/** What makes archive-form frames from engineering values: the compiled codec, or one built from XTCE. */
export interface FrameEncoder {
  /**
   * Engineering values in the packet's parameter order (measured ones; derived ones are never sent). The
   * packet is named when several share its APID (told apart by a secondary header field); else the APID's.
   */
  encodeEngineering(header: FrameHeader, values: readonly number[], packet?: PacketDef): Uint8Array;
}

interface CodecSpacecraft {
  spacecraft: SpacecraftDef;
  /** Derived values' evaluators as this spacecraft computes them, by the packet's index in the dictionary. */
  derived: readonly (readonly Evaluate[])[];
}

/** Encodes and decodes frames for the spacecraft and packets of one dictionary. */
export class FrameCodec implements FrameDecoder, FrameEncoder {
  private readonly layoutByApid: Map<number, CompiledPacket>;
  // Dense tables indexed by the 10-bit SCID and 11-bit APID: one array load per frame instead of a hash lookup.
  private readonly spacecraftTable: (CodecSpacecraft | undefined)[];
  private readonly layoutTable: (CompiledPacket | undefined)[];

  constructor(dictionary: Dictionary) {
    const layouts = dictionary.packets.map((packet, index) => compilePacket(packet, index));
    this.layoutByApid = new Map(layouts.map((layout) => [layout.packet.apid, layout]));
    this.spacecraftTable = new Array<CodecSpacecraft | undefined>(MAX_SCID + 1).fill(undefined);
    for (const spacecraft of dictionary.spacecraft) {
      const derived = dictionary.packets.map((packet) => derivedEvaluators(packet, spacecraft.id));
      this.spacecraftTable[spacecraft.scid] = { spacecraft, derived };
    }
    this.layoutTable = new Array<CompiledPacket | undefined>(MAX_APID + 1).fill(undefined);
    for (const [apid, layout] of this.layoutByApid) this.layoutTable[apid] = layout;
  }

  /** Total frame length for an APID, or undefined for an unknown one. */
  frameBytes(apid: number): number | undefined {
    const layout = this.layoutByApid.get(apid);
    return layout && USER_DATA_OFFSET + layout.userDataBytes + CRC_BYTES;
  }

  decode(bytes: Uint8Array): DecodeResult {
    const length = bytes.length;
    if (length < MIN_FRAME_BYTES) return REJECTED.too_short;

    const packetDataLength = u16(bytes, TF_HEADER_BYTES + 4);
    if (TF_HEADER_BYTES + PACKET_HEADER_BYTES + packetDataLength + 1 + CRC_BYTES !== length) {
      return REJECTED.bad_length;
    }
    const crcOffset = length - CRC_BYTES;
    if (crc16CcittFalse(bytes, 0, crcOffset) !== u16(bytes, crcOffset)) return REJECTED.crc_mismatch;

    const tfWord = u16(bytes, 0);
    const packetWord = u16(bytes, TF_HEADER_BYTES);
    if (tfWord >>> 14 !== 0 || packetWord >>> 13 !== 0) return REJECTED.bad_version;

    const scid = (tfWord >>> 4) & MAX_SCID;
    const known = this.spacecraftTable[scid];
    if (!known) return REJECTED.unknown_spacecraft;

    const apid = packetWord & MAX_APID;
    const layout = this.layoutTable[apid];
    if (!layout) return REJECTED.unknown_apid;

    const sequenceWord = u16(bytes, TF_HEADER_BYTES + 2);
    if (sequenceWord >>> 14 !== SEQUENCE_FLAGS_UNSEGMENTED) return REJECTED.bad_sequence_flags;

    if (crcOffset - USER_DATA_OFFSET !== layout.userDataBytes) return REJECTED.bad_length;

    const raw: number[] = [];
    const eng: number[] = [];
    readParameters(layout, bytes, raw, eng);
    appendEvaluated(known.derived[layout.index]!, eng, raw);

    return {
      ok: true,
      frame: {
        scid,
        vcid: (tfWord >>> 1) & MAX_VCID,
        masterFrameCount: bytes[2]!,
        virtualFrameCount: bytes[3]!,
        apid,
        sequenceCount: sequenceWord & MAX_SEQUENCE_COUNT,
        timeMs: packetTimeMs(bytes),
        spacecraft: known.spacecraft,
        packet: layout.packet,
        raw,
        eng,
      },
    };
  }

  /**
   * Builds a frame from header fields and raw values. Throws on input that cannot be encoded (an unknown
   * APID, the wrong number of values): that is a programming error on the sending side, not bad input.
   */
  encode(input: FrameInput): Uint8Array {
    const layout = this.layoutByApid.get(input.apid);
    if (!layout) throw new Error(`encode: unknown APID ${input.apid}`);
    const parameters = layout.packet.parameters;
    if (input.raw.length !== parameters.length) {
      throw new Error(
        `encode: APID ${input.apid} takes ${parameters.length} values, got ${input.raw.length}`,
      );
    }
    const bytes = new Uint8Array(USER_DATA_OFFSET + layout.userDataBytes + CRC_BYTES);
    const view = new DataView(bytes.buffer);
    writeFrameHeaders(view, input, layout.userDataBytes);

    let offset = USER_DATA_OFFSET;
    for (let i = 0; i < parameters.length; i++) {
      const parameter = parameters[i]!;
      writeRaw(view, offset, parameter.type, input.raw[i]!);
      offset += RAW_TYPE_BYTES[parameter.type];
    }
    view.setUint16(offset, crc16CcittFalse(bytes, 0, offset));
    return bytes;
  }

  /** Encodes engineering values, converting each to its raw wire value. */
  encodeEngineering(header: FrameHeader, values: readonly number[]): Uint8Array {
    const layout = this.layoutByApid.get(header.apid);
    if (!layout) throw new Error(`encode: unknown APID ${header.apid}`);
    const raw = layout.packet.parameters.map((p, i) => engineeringToRaw(p, values[i] ?? 0));
    return this.encode({ ...header, raw });
  }
}
