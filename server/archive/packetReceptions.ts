// Receptions per packet as both archives read them back: flat rows, one per station that delivered a packet,
// in packet order, grouped here into one entry per packet. Pure.
import type { PacketReception, ReceivedPacket } from '../../shared/protocol/receptions';

/** One row of the packet receptions tables joined with the archived frame's first station. */
export interface PacketReceptionRow {
  t: number;
  apid: number;
  seq: number;
  station: string;
  recv: number;
  ert: number | null;
  snr: number | null;
  vc: number | null;
  fc: number | null;
  archived: boolean;
}

/** Rows ordered by packet (t, apid, seq), then receive time: one entry per packet, receptions in order. */
export function groupReceptions(rows: readonly PacketReceptionRow[]): ReceivedPacket[] {
  const packets: ReceivedPacket[] = [];
  let last: ReceivedPacket | undefined;
  for (const row of rows) {
    if (!last || last.timeMs !== row.t || last.apid !== row.apid || last.sequenceCount !== row.seq) {
      last = { apid: row.apid, sequenceCount: row.seq, timeMs: row.t, receptions: [] };
      packets.push(last);
    }
    const reception: PacketReception = {
      stationId: row.station,
      receivedMs: row.recv,
      ertMs: row.ert,
      snrDb: row.snr,
      vcid: row.vc,
      frameCount: row.fc,
      archived: row.archived,
    };
    last.receptions.push(reception);
  }
  return packets;
}
