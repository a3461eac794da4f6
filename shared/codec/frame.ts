// Pure encoder and decoder for Ortaq frames. The decoder never throws on bad bytes: it returns either the
// decoded frame or a rejection code, and the first applicable code in REJECT_CODES order wins.
import type { Dictionary, PacketDef, ParameterDef, RawType, SpacecraftDef } from '../dictionary/types';
import { crc16CcittFalse } from './crc16';
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
  /** Raw values in the packet's parameter order. */
  raw: number[];
  /** Engineering values (raw × scale + offset) in the packet's parameter order. */
  eng: number[];
}

export type DecodeResult = { ok: true; frame: DecodedFrame } | { ok: false; error: RejectCode };

export interface FrameInput extends FrameHeader {
  /** Raw values in the packet's parameter order. */
  raw: readonly number[];
}

interface PacketLayout {
  packet: PacketDef;
  userDataBytes: number;
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

function readRaw(view: DataView, offset: number, type: RawType): number {
  switch (type) {
    case 'u8':
      return view.getUint8(offset);
    case 'u16':
      return view.getUint16(offset);
    case 'u32':
      return view.getUint32(offset);
    case 'i16':
      return view.getInt16(offset);
    case 'i32':
      return view.getInt32(offset);
    case 'f32':
      return view.getFloat32(offset);
    case 'f64':
      return view.getFloat64(offset);
  }
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

/** Encodes and decodes frames for the spacecraft and packets of one dictionary. */
export class FrameCodec {
  private readonly spacecraftByScid: Map<number, SpacecraftDef>;
  private readonly layoutByApid: Map<number, PacketLayout>;

  constructor(dictionary: Dictionary) {
    this.spacecraftByScid = new Map(dictionary.spacecraft.map((s) => [s.scid, s]));
    this.layoutByApid = new Map(
      dictionary.packets.map((packet) => [
        packet.apid,
        { packet, userDataBytes: packet.parameters.reduce((sum, p) => sum + RAW_TYPE_BYTES[p.type], 0) },
      ]),
    );
  }

  /** Total frame length for an APID, or undefined for an unknown one. */
  frameBytes(apid: number): number | undefined {
    const layout = this.layoutByApid.get(apid);
    return layout && USER_DATA_OFFSET + layout.userDataBytes + CRC_BYTES;
  }

  decode(bytes: Uint8Array): DecodeResult {
    if (bytes.length < MIN_FRAME_BYTES) return { ok: false, error: 'too_short' };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

    const packetDataLength = view.getUint16(TF_HEADER_BYTES + 4);
    if (TF_HEADER_BYTES + PACKET_HEADER_BYTES + packetDataLength + 1 + CRC_BYTES !== bytes.length) {
      return { ok: false, error: 'bad_length' };
    }
    const crcOffset = bytes.length - CRC_BYTES;
    if (crc16CcittFalse(bytes, 0, crcOffset) !== view.getUint16(crcOffset)) {
      return { ok: false, error: 'crc_mismatch' };
    }

    const tfWord = view.getUint16(0);
    const packetWord = view.getUint16(TF_HEADER_BYTES);
    if (tfWord >>> 14 !== 0 || packetWord >>> 13 !== 0) return { ok: false, error: 'bad_version' };

    const scid = (tfWord >>> 4) & MAX_SCID;
    const spacecraft = this.spacecraftByScid.get(scid);
    if (!spacecraft) return { ok: false, error: 'unknown_spacecraft' };

    const apid = packetWord & MAX_APID;
    const layout = this.layoutByApid.get(apid);
    if (!layout) return { ok: false, error: 'unknown_apid' };

    const sequenceWord = view.getUint16(TF_HEADER_BYTES + 2);
    if (sequenceWord >>> 14 !== SEQUENCE_FLAGS_UNSEGMENTED) return { ok: false, error: 'bad_sequence_flags' };

    if (crcOffset - USER_DATA_OFFSET !== layout.userDataBytes) return { ok: false, error: 'bad_length' };

    const secondsOffset = TF_HEADER_BYTES + PACKET_HEADER_BYTES;
    const seconds = view.getUint32(secondsOffset);
    const fraction = view.getUint16(secondsOffset + 4);

    const parameters = layout.packet.parameters;
    const raw = new Array<number>(parameters.length);
    const eng = new Array<number>(parameters.length);
    let offset = USER_DATA_OFFSET;
    for (let i = 0; i < parameters.length; i++) {
      const parameter = parameters[i]!;
      const value = readRaw(view, offset, parameter.type);
      raw[i] = value;
      eng[i] = value * parameter.scale + parameter.offset;
      offset += RAW_TYPE_BYTES[parameter.type];
    }

    return {
      ok: true,
      frame: {
        scid,
        vcid: (tfWord >>> 1) & MAX_VCID,
        masterFrameCount: view.getUint8(2),
        virtualFrameCount: view.getUint8(3),
        apid,
        sequenceCount: sequenceWord & MAX_SEQUENCE_COUNT,
        timeMs: (seconds * 1000 + Math.round((fraction * 1000) / TIME_FRACTION_PER_S)) as EpochMs,
        spacecraft,
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
    view.setUint16(TF_HEADER_BYTES + 4, SECONDARY_HEADER_BYTES + layout.userDataBytes - 1);

    const seconds = Math.floor(input.timeMs / 1000);
    let fraction = Math.round(((input.timeMs - seconds * 1000) * TIME_FRACTION_PER_S) / 1000);
    if (fraction >= TIME_FRACTION_PER_S) fraction = TIME_FRACTION_PER_S - 1;
    view.setUint32(TF_HEADER_BYTES + PACKET_HEADER_BYTES, seconds);
    view.setUint16(TF_HEADER_BYTES + PACKET_HEADER_BYTES + 4, fraction);

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
