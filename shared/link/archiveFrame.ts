// A packet extracted from TM frames, in the form Ortaq archives: one packet in a transfer frame header with a
// CRC (shared/codec's layout), with packet time as 4+2 octets of Unix time. The archive, the catch-up and
// the replay all decode that one form, whatever frame length and time code the spacecraft flies.
import { crc16CcittFalse } from '../codec/crc16';
import { decodeCuc, encodeCuc, UNIX_CUC_4_2, type CucFormat } from '../time/cuc';
import type { LeapSecondEntry } from '../time/leapSeconds';
import { LEAP_SECONDS } from '../time/leapSeconds';
import { SPACE_PACKET_HEADER_BYTES } from './config';
import type { TmFrame } from './transferFrame';

const ARCHIVE_HEADER_BYTES = 6;
const ARCHIVE_TIME_BYTES = 6;
/** Data field status of an archive frame: segment length id 0b11, first header pointer 0. */
const ARCHIVE_DATA_FIELD_STATUS = 0x1800;

/**
 * The archive frame of a packet completed in `frame`, or null when the packet is too short to hold its time
 * code or the time cannot be written as Unix time.
 */
export function packetToArchiveFrame(
  packet: Uint8Array,
  frame: Pick<TmFrame, 'scid' | 'vcid' | 'masterFrameCount' | 'virtualFrameCount'>,
  time: CucFormat,
  leapSeconds: readonly LeapSecondEntry[] = LEAP_SECONDS,
): Uint8Array | null {
  const timeBytes = time.coarseOctets + time.fineOctets;
  const userData = packet.length - SPACE_PACKET_HEADER_BYTES - timeBytes;
  if (userData < 0) return null;
  const out = new Uint8Array(
    ARCHIVE_HEADER_BYTES + SPACE_PACKET_HEADER_BYTES + ARCHIVE_TIME_BYTES + userData + 2,
  );
  out[0] = (frame.scid >> 4) & 0x3f;
  out[1] = ((frame.scid & 0xf) << 4) | ((frame.vcid & 0x7) << 1);
  out[2] = frame.masterFrameCount;
  out[3] = frame.virtualFrameCount;
  out[4] = ARCHIVE_DATA_FIELD_STATUS >> 8;
  out[5] = ARCHIVE_DATA_FIELD_STATUS & 0xff;
  out.set(packet.subarray(0, 4), ARCHIVE_HEADER_BYTES);
  const dataLength = ARCHIVE_TIME_BYTES + userData - 1;
  out[ARCHIVE_HEADER_BYTES + 4] = dataLength >> 8;
  out[ARCHIVE_HEADER_BYTES + 5] = dataLength & 0xff;
  const timeAt = ARCHIVE_HEADER_BYTES + SPACE_PACKET_HEADER_BYTES;
  const sameTimeCode =
    time.epoch === UNIX_CUC_4_2.epoch &&
    time.coarseOctets === UNIX_CUC_4_2.coarseOctets &&
    time.fineOctets === UNIX_CUC_4_2.fineOctets;
  if (sameTimeCode)
    out.set(packet.subarray(SPACE_PACKET_HEADER_BYTES, SPACE_PACKET_HEADER_BYTES + 6), timeAt);
  else {
    const utcMs = decodeCuc(packet, SPACE_PACKET_HEADER_BYTES, time, leapSeconds);
    if (!encodeCuc(utcMs, out, timeAt, UNIX_CUC_4_2)) return null;
  }
  out.set(packet.subarray(SPACE_PACKET_HEADER_BYTES + timeBytes), timeAt + ARCHIVE_TIME_BYTES);
  const crcAt = out.length - 2;
  const crc = crc16CcittFalse(out, 0, crcAt);
  out[crcAt] = crc >> 8;
  out[crcAt + 1] = crc & 0xff;
  return out;
}

/**
 * The reverse for the spacecraft's side: a space packet in the archive's form (6-octet primary header, 4+2
 * octets of Unix time, user data) rewritten with the link's packet time code, its length field adjusted.
 * Null when the packet is too short or its time cannot be written in that code.
 */
export function archivePacketToLink(
  packet: Uint8Array,
  time: CucFormat,
  leapSeconds: readonly LeapSecondEntry[] = LEAP_SECONDS,
): Uint8Array | null {
  const userData = packet.length - SPACE_PACKET_HEADER_BYTES - ARCHIVE_TIME_BYTES;
  if (userData < 0) return null;
  const timeBytes = time.coarseOctets + time.fineOctets;
  const out = new Uint8Array(SPACE_PACKET_HEADER_BYTES + timeBytes + userData);
  out.set(packet.subarray(0, 4), 0);
  const dataLength = timeBytes + userData - 1;
  out[4] = dataLength >> 8;
  out[5] = dataLength & 0xff;
  const utcMs = decodeCuc(packet, SPACE_PACKET_HEADER_BYTES, UNIX_CUC_4_2, leapSeconds);
  if (!encodeCuc(utcMs, out, SPACE_PACKET_HEADER_BYTES, time, leapSeconds)) return null;
  out.set(
    packet.subarray(SPACE_PACKET_HEADER_BYTES + ARCHIVE_TIME_BYTES),
    SPACE_PACKET_HEADER_BYTES + timeBytes,
  );
  return out;
}
