// FrameRecords as the ingest hands them to the archive: real frames, encoded with the bundled dictionary and
// decoded again, so the values a record carries are exactly what the archive reads back from its bytes.
import type { FrameRecord } from '../../server/archive/types';
import { FrameCodec, VC_PLAYBACK, VC_REALTIME, type FrameDecoder } from '../../shared/codec';
import { decodeForArchive } from '../../server/ingest/record';
import { DICTIONARY } from '../../server/mission/shipped';
import { packetParameters } from '../../shared/dictionary';
import type { EpochMs } from '../../shared/units';

const codec = new FrameCodec(DICTIONARY);
const scidOf = new Map(DICTIONARY.spacecraft.map((s) => [s.id, s.scid]));
const packetOf = new Map(DICTIONARY.packets.map((p) => [p.apid, p]));

export interface RecordSpec {
  sequenceCount: number;
  timeMs: number;
  spacecraftId?: string;
  /** Default 0x010, the EPS housekeeping packet. */
  apid?: number;
  stationId?: string;
  playback?: boolean;
  receivedMs?: number;
  ertMs?: number | null;
  snrDb?: number | null;
  /** Engineering values by parameter id; the packet's other parameters are 0. */
  values?: Readonly<Record<string, number>>;
}

export function encodedRecord(spec: RecordSpec): FrameRecord {
  const spacecraftId = spec.spacecraftId ?? 'kazeosat-1';
  const apid = spec.apid ?? 0x010;
  const packet = packetOf.get(apid);
  const scid = scidOf.get(spacecraftId);
  if (!packet || scid === undefined) throw new Error(`no such packet or spacecraft: ${apid} ${spacecraftId}`);
  const bytes = codec.encodeEngineering(
    {
      scid,
      vcid: spec.playback ? VC_PLAYBACK : VC_REALTIME,
      masterFrameCount: 0,
      virtualFrameCount: 0,
      apid,
      sequenceCount: spec.sequenceCount,
      timeMs: spec.timeMs as EpochMs,
    },
    packet.parameters.map((p) => spec.values?.[p.id] ?? 0),
  );
  const decoded = codec.decode(bytes);
  if (!decoded.ok) throw new Error(`test frame rejected: ${decoded.error}`);
  return {
    stationId: spec.stationId ?? 'astana',
    spacecraftId,
    apid,
    sequenceCount: decoded.frame.sequenceCount,
    timeMs: decoded.frame.timeMs,
    playback: spec.playback ?? false,
    receivedMs: spec.receivedMs ?? spec.timeMs,
    ertMs: spec.ertMs ?? null,
    snrDb: spec.snrDb ?? null,
    bytes,
    parameterIds: packetParameters(packet).map((p) => p.id),
    values: decoded.frame.eng,
  };
}

/** The engineering value a record carries for one parameter. */
export function valueOf(record: FrameRecord, parameterId: string): number {
  const index = record.parameterIds.indexOf(parameterId);
  if (index < 0) throw new Error(`${parameterId} is not in APID ${record.apid}`);
  return record.values[index]!;
}

/**
 * The record the ingest makes of a frame a station delivered (server/ingest/record.ts, so a string is marked
 * as not rolled up as ingest marks it), for tests on a mission other than the shipped one.
 */
export function deliveredRecord(
  decoder: FrameDecoder,
  stationId: string,
  bytes: Uint8Array,
  receivedMs: number,
): FrameRecord {
  const prepared = decodeForArchive({ codec: decoder, stationId }, {}, bytes, receivedMs, true);
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.record;
}
