// Space packet primary header (CCSDS 133.0-B) fields read from a packet's first six octets.
import { IDLE_APID, SPACE_PACKET_HEADER_BYTES } from './config';

export const packetVersion = (bytes: Uint8Array, at = 0): number => bytes[at]! >>> 5;
export const packetApid = (bytes: Uint8Array, at = 0): number => ((bytes[at]! & 0x7) << 8) | bytes[at + 1]!;
export const packetSequenceFlags = (bytes: Uint8Array, at = 0): number => bytes[at + 2]! >>> 6;
export const packetSequenceCount = (bytes: Uint8Array, at = 0): number =>
  ((bytes[at + 2]! & 0x3f) << 8) | bytes[at + 3]!;
export const packetHasSecondaryHeader = (bytes: Uint8Array, at = 0): boolean => (bytes[at]! & 0x08) !== 0;
/** Whole packet length in octets, from the packet data length field (which counts data octets less one). */
export const packetTotalBytes = (bytes: Uint8Array, at = 0): number =>
  SPACE_PACKET_HEADER_BYTES + ((bytes[at + 4]! << 8) | bytes[at + 5]!) + 1;
export const isIdlePacket = (bytes: Uint8Array, at = 0): boolean => packetApid(bytes, at) === IDLE_APID;
