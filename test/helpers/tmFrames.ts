// A TM transfer frame encoder written from CCSDS 132.0-B / 133.0-B for the tests, independent of the one in
// shared/link: its own bit-by-bit CRC, its own packing of a packet stream into data fields. Tests build
// frames with it and check what the decoder and extractor make of them.

/** CRC-16-CCITT as 132.0-B defines the FECF (poly 0x1021, preset all ones), one bit at a time. */
export function fecfBitwise(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i]! << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export interface PacketSpec {
  apid: number;
  sequenceCount?: number;
  /** Octets after the primary header (secondary header included). */
  data: Uint8Array | number;
  version?: number;
  /** Secondary header flag; idle packets carry none (133.0-B). Default true. */
  secondaryHeader?: boolean;
}

/** A space packet; `data` as octets, or a length filled with a pattern derived from APID and count. */
export function spacePacket(spec: PacketSpec): Uint8Array {
  const count = spec.sequenceCount ?? 0;
  const data =
    typeof spec.data === 'number'
      ? Uint8Array.from({ length: spec.data }, (_, i) => (i * 31 + spec.apid + count * 7) & 0xff)
      : spec.data;
  const packet = new Uint8Array(6 + data.length);
  packet[0] =
    ((spec.version ?? 0) << 5) | (spec.secondaryHeader === false ? 0 : 0x08) | ((spec.apid >> 8) & 0x7);
  packet[1] = spec.apid & 0xff;
  packet[2] = 0xc0 | ((count >> 8) & 0x3f);
  packet[3] = count & 0xff;
  packet[4] = ((data.length - 1) >> 8) & 0xff;
  packet[5] = (data.length - 1) & 0xff;
  packet.set(data, 6);
  return packet;
}

/** An idle packet (APID 2047, no secondary header) of the given total length, filled with 0x55. */
export function idleSpacePacket(totalBytes: number): Uint8Array {
  return spacePacket({
    apid: 0x7ff,
    secondaryHeader: false,
    data: new Uint8Array(totalBytes - 6).fill(0x55),
  });
}

export interface FrameSpec {
  scid: number;
  vcid: number;
  mcCount?: number;
  vcCount: number;
  firstHeaderPointer: number;
  /** Exactly the data field's octets. */
  data: Uint8Array;
  frameBytes: number;
  fecf?: boolean;
  /** The 32-bit OCF word, or undefined for a frame without one. */
  ocf?: number;
  /** Whole frame secondary header length (identification octet included); 0 or undefined for none. */
  secondaryHeaderBytes?: number;
  /** Overrides for hostile frames. */
  version?: number;
  syncFlag?: boolean;
  segmentLengthId?: number;
}

export function tmFrame(spec: FrameSpec): Uint8Array {
  const frame = new Uint8Array(spec.frameBytes);
  const hasOcf = spec.ocf !== undefined;
  const secondary = spec.secondaryHeaderBytes ?? 0;
  const word0 = ((spec.version ?? 0) << 14) | (spec.scid << 4) | (spec.vcid << 1) | (hasOcf ? 1 : 0);
  frame[0] = word0 >> 8;
  frame[1] = word0 & 0xff;
  frame[2] = (spec.mcCount ?? spec.vcCount) & 0xff;
  frame[3] = spec.vcCount & 0xff;
  const status =
    (secondary > 0 ? 0x8000 : 0) |
    (spec.syncFlag ? 0x4000 : 0) |
    ((spec.segmentLengthId ?? 3) << 11) |
    spec.firstHeaderPointer;
  frame[4] = status >> 8;
  frame[5] = status & 0xff;
  if (secondary > 0) frame[6] = secondary - 1;
  const dataStart = 6 + secondary;
  const trailer = (hasOcf ? 4 : 0) + (spec.fecf === false ? 0 : 2);
  if (dataStart + spec.data.length + trailer !== spec.frameBytes) {
    throw new Error(`data field of ${spec.data.length} does not fit a ${spec.frameBytes}-octet frame`);
  }
  frame.set(spec.data, dataStart);
  if (hasOcf) new DataView(frame.buffer).setUint32(dataStart + spec.data.length, spec.ocf! >>> 0);
  if (spec.fecf !== false) {
    const crc = fecfBitwise(frame, spec.frameBytes - 2);
    frame[spec.frameBytes - 2] = crc >> 8;
    frame[spec.frameBytes - 1] = crc & 0xff;
  }
  return frame;
}

export interface ChannelSpec {
  scid: number;
  vcid: number;
  frameBytes: number;
  fecf?: boolean;
  ocf?: number;
  secondaryHeaderBytes?: number;
  firstVcCount?: number;
}

export function dataFieldLength(channel: ChannelSpec): number {
  return (
    channel.frameBytes -
    6 -
    (channel.secondaryHeaderBytes ?? 0) -
    (channel.ocf !== undefined ? 4 : 0) -
    (channel.fecf === false ? 0 : 2)
  );
}

/**
 * Cuts a stream of packets into consecutive frames of one virtual channel, the last one padded with an idle
 * packet (which spills into one more frame when the room left is under the 7 octets an idle packet needs).
 */
export function packetsToFrames(channel: ChannelSpec, packets: readonly Uint8Array[]): Uint8Array[] {
  const length = dataFieldLength(channel);
  const starts: number[] = [];
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const packet of packets) {
    starts.push(total);
    parts.push(packet);
    total += packet.length;
  }
  let padding = (length - (total % length)) % length;
  if (padding > 0 && padding < 7) padding += length; // an idle packet is at least 7 octets
  if (padding > 0) {
    starts.push(total);
    parts.push(idleSpacePacket(padding));
    total += padding;
  }
  const stream = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    stream.set(part, at);
    at += part.length;
  }
  const frames: Uint8Array[] = [];
  for (let index = 0; index * length < total; index++) {
    const from = index * length;
    const first = starts.find((s) => s >= from && s < from + length);
    frames.push(
      tmFrame({
        ...channel,
        vcCount: (channel.firstVcCount ?? 0) + index,
        firstHeaderPointer: first === undefined ? 0x7ff : first - from,
        data: stream.subarray(from, from + length),
      }),
    );
  }
  return frames;
}

/** An idle frame: First Header Pointer 0x7FE, data field of fill. */
export function idleTmFrame(channel: ChannelSpec, vcCount: number): Uint8Array {
  return tmFrame({
    ...channel,
    vcCount,
    firstHeaderPointer: 0x7fe,
    data: new Uint8Array(dataFieldLength(channel)).fill(0x55),
  });
}

export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
