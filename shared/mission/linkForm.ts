// A mission's XTCE describes its packets as they fly: the primary header, then the link's time code (CCSDS
// 301.0-B CUC, shared/time/cuc.ts), then the rest. The archive keeps every packet with its time as 4+2 octets
// of Unix time (shared/link/archiveFrame.ts), so when a spacecraft's time code has another length its
// archived packets are rebuilt as they flew before the XTCE reads them; otherwise they are read in place.
import { packetTimeMs } from '../codec/frame';
import { CRC_BYTES, PACKET_HEADER_BYTES, SECONDARY_HEADER_BYTES, TF_HEADER_BYTES } from '../codec/layout';
import { MAX_SPACE_PACKET_BYTES } from '../link/config';
import { cucBytes, encodeCuc, type CucFormat } from '../time/cuc';

/** True when the time code is as long as the archive's: fields after it sit where the XTCE says. */
export function fitsArchiveTime(format: CucFormat): boolean {
  return cucBytes(format) === SECONDARY_HEADER_BYTES;
}

/** One rebuilt packet at a time, in a buffer the size of the largest space packet (allocated once). */
export class LinkForm {
  readonly bytes = new Uint8Array(MAX_SPACE_PACKET_BYTES);
  private readonly timeBytes: number;

  constructor(private readonly time: CucFormat) {
    this.timeBytes = cucBytes(time);
  }

  /** Rebuilds the packet of a checked archive frame into `bytes`; returns its length in octets. */
  rebuild(frame: Uint8Array, crcOffset: number): number {
    const out = this.bytes;
    const bodyAt = TF_HEADER_BYTES + PACKET_HEADER_BYTES + SECONDARY_HEADER_BYTES;
    const body = Math.max(0, Math.min(crcOffset, frame.length - CRC_BYTES) - bodyAt);
    const length = PACKET_HEADER_BYTES + this.timeBytes + body;
    out.set(frame.subarray(TF_HEADER_BYTES, TF_HEADER_BYTES + 4), 0);
    const dataLength = length - PACKET_HEADER_BYTES - 1;
    out[4] = (dataLength >>> 8) & 0xff;
    out[5] = dataLength & 0xff;
    // A time the code cannot hold (it was archived from this code, so only a damaged frame) reads as zero.
    if (!encodeCuc(packetTimeMs(frame), out, PACKET_HEADER_BYTES, this.time))
      out.fill(0, PACKET_HEADER_BYTES, PACKET_HEADER_BYTES + this.timeBytes);
    out.set(frame.subarray(bodyAt, bodyAt + body), PACKET_HEADER_BYTES + this.timeBytes);
    return length;
  }
}
