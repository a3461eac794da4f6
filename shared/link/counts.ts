// What the link layer counts per frame, per station and per virtual channel. Documented for operators in
// docs/link.md; the ingest adds them up per station and channel.

export const LINK_COUNT_CODES = [
  /** Frames accepted by the decoder and handed to extraction. */
  'frames',
  /** Frames whose First Header Pointer says idle data only (0x7FE). */
  'idle_frames',
  /** Frames missing before this one, from the gap in the virtual channel frame count. */
  'lost_frames',
  /** Frames already seen or older than the last one (a station's resend): only whole packets read. */
  'repeated_frames',
  /** Idle packets (APID 2047) dropped. */
  'idle_packets',
  /** A packet in reassembly discarded because frames were lost in the middle of it. */
  'packets_lost_in_gap',
  /** A packet in reassembly discarded because it does not end where the First Header Pointer says. */
  'header_pointer_mismatch',
  /** A packet length field beyond what the spacecraft's packets can be: the rest of the frame skipped. */
  'packet_too_long',
  /** A packet version other than 0 where a packet should start: the rest of the frame skipped. */
  'bad_packet_version',
] as const;
export type LinkCountCode = (typeof LINK_COUNT_CODES)[number];
export type LinkCounts = Record<LinkCountCode, number>;

export function emptyLinkCounts(): LinkCounts {
  return {
    frames: 0,
    idle_frames: 0,
    lost_frames: 0,
    repeated_frames: 0,
    idle_packets: 0,
    packets_lost_in_gap: 0,
    header_pointer_mismatch: 0,
    packet_too_long: 0,
    bad_packet_version: 0,
  };
}

export function addLinkCounts(into: LinkCounts, from: LinkCounts): void {
  for (const code of LINK_COUNT_CODES) into[code] += from[code];
}
