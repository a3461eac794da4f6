// The SQLite side of receptions per packet (server/archive/packetReceptions.ts): one row per station that
// delivered a packet, written in the transaction that archives the packet, read back per spacecraft window.
import type Database from 'better-sqlite3';
import type { ReceivedPacket } from '../../../shared/protocol/receptions';
import { groupReceptions, type PacketReceptionRow } from '../packetReceptions';
import type { FrameRecord, PacketReceptionQuery } from '../types';
import type { NameIds } from './names';

interface QueryParams {
  sc: number;
  from: number;
  to: number;
  station: number | null;
  apid: number | null;
  seq: number | null;
  limit: number;
}

type RawRow = Omit<PacketReceptionRow, 'station' | 'archived'> & { station: number; archived: number };

export class SqlitePacketReceptions {
  private readonly insert;
  private readonly select;
  private readonly prune;

  constructor(
    db: Database.Database,
    private readonly names: NameIds,
  ) {
    // A station that sends a packet again (a resend, a repeated frame) keeps its first reception.
    this.insert = db.prepare<
      [
        number,
        number,
        number,
        number,
        number,
        number,
        number | null,
        number | null,
        number | null,
        number | null,
      ]
    >(
      `INSERT OR IGNORE INTO packet_receptions (sc, t, apid, seq, station, recv, ert, snr, vc, fc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // The packets first (a window of the key, narrowed), then all their receptions: a station filter picks
    // the packets that station heard and still shows who else heard them.
    this.select = db.prepare<[QueryParams], RawRow>(
      `WITH keys AS (
         SELECT DISTINCT t, apid, seq FROM packet_receptions
         WHERE sc = @sc AND t >= @from AND t <= @to AND (@station IS NULL OR station = @station)
           AND (@apid IS NULL OR apid = @apid) AND (@seq IS NULL OR seq = @seq)
         ORDER BY t, apid, seq LIMIT @limit
       )
       SELECT r.t, r.apid, r.seq, r.station, r.recv, r.ert, r.snr, r.vc, r.fc,
         COALESCE(f.station = r.station, 0) AS archived
       FROM keys k JOIN packet_receptions r ON r.sc = @sc AND r.t = k.t AND r.apid = k.apid AND r.seq = k.seq
       LEFT JOIN frames f ON f.sc = @sc AND f.apid = r.apid AND f.t = r.t AND f.seq = r.seq
       ORDER BY r.t, r.apid, r.seq, r.recv, r.station`,
    );
    this.prune = db.prepare('DELETE FROM packet_receptions WHERE sc = ? AND t < ?');
  }

  add(sc: number, station: number, frame: FrameRecord): void {
    this.insert.run(
      sc,
      frame.timeMs,
      frame.apid,
      frame.sequenceCount,
      station,
      frame.receivedMs,
      frame.ertMs,
      frame.snrDb,
      frame.link?.vcid ?? null,
      frame.link?.frameCount ?? null,
    );
  }

  query(query: PacketReceptionQuery): ReceivedPacket[] {
    const sc = this.names.find('spacecraft', query.spacecraftId);
    const station = query.stationId === undefined ? null : this.names.find('station', query.stationId);
    if (sc === undefined || station === undefined) return [];
    const rows = this.select.all({
      sc,
      from: query.fromMs,
      to: query.toMs,
      station,
      apid: query.apid ?? null,
      seq: query.sequenceCount ?? null,
      limit: query.limit,
    });
    return groupReceptions(
      rows.map((r) => ({ ...r, station: this.names.nameOf(r.station), archived: r.archived === 1 })),
    );
  }

  pruneBefore(sc: number, cutoffMs: number): void {
    this.prune.run(sc, cutoffMs);
  }
}
