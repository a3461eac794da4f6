// Byte layout of an Ortaq frame: a CCSDS TM transfer frame (132.0-B) carrying exactly one CCSDS space packet
// (133.0-B) with a 6-byte time secondary header, then a CRC-16 frame error control field. Big-endian.
import type { RawType } from '../dictionary/types';

export const TF_HEADER_BYTES = 6;
export const PACKET_HEADER_BYTES = 6;
export const SECONDARY_HEADER_BYTES = 6;
export const CRC_BYTES = 2;
/** Offset of the packet's user data (the APID's parameters). */
export const USER_DATA_OFFSET = TF_HEADER_BYTES + PACKET_HEADER_BYTES + SECONDARY_HEADER_BYTES;
/** The smallest frame that holds every header and the CRC. */
export const MIN_FRAME_BYTES = USER_DATA_OFFSET + CRC_BYTES;

/** Data field status: no secondary header, no sync, packet order 0, segment length id 0b11, first header 0. */
export const DATA_FIELD_STATUS = 0b0001_1000_0000_0000;
/** Sequence flags 0b11: an unsegmented packet. */
export const SEQUENCE_FLAGS_UNSEGMENTED = 0b11;

export const MAX_SCID = 0x3ff;
export const MAX_VCID = 0x7;
export const MAX_APID = 0x7ff;
export const MAX_SEQUENCE_COUNT = 0x3fff;

/** Virtual channels Ortaq uses. */
export const VC_REALTIME = 0;
export const VC_PLAYBACK = 1;

export const RAW_TYPE_BYTES: Record<RawType, number> = {
  u8: 1,
  u16: 2,
  u32: 4,
  i16: 2,
  i32: 4,
  f32: 4,
  f64: 8,
};

/** Fraction of a second in the secondary header: 1/65536 s. */
export const TIME_FRACTION_PER_S = 65_536;
