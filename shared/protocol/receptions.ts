// Who heard each archived packet: the archive keeps a packet once, keyed by spacecraft, APID, sequence count
// and packet time, and beside it one reception per station that delivered it whole.

/** One station's delivery of one packet. */
export interface PacketReception {
  stationId: string;
  /** When the server received it (server clock), ms since the epoch. */
  receivedMs: number;
  /** Earth-receive time the station reported, or null. */
  ertMs: number | null;
  snrDb: number | null;
  /**
   * The transfer frame that completed the packet at this station: its virtual channel and virtual channel
   * frame count (0…255). Null for a packet archived before receptions were kept per packet.
   */
  vcid: number | null;
  frameCount: number | null;
  /** This station's copy is the one the archive holds (it was committed first). */
  archived: boolean;
}

export interface ReceivedPacket {
  apid: number;
  sequenceCount: number;
  /** Packet time, ms since the epoch. */
  timeMs: number;
  /** In the order the server received them. */
  receptions: PacketReception[];
}

export interface PacketReceptionsResponse {
  spacecraftId: string;
  from: number;
  to: number;
  /** Packets in packet-time order (then APID and sequence count), at most `limit`. */
  packets: ReceivedPacket[];
  /** True when the window holds more packets than `limit`: ask again from the last one's time. */
  truncated: boolean;
}
