// A test ground station: a stock socket.io client on /ingest, and frames built from the dictionary.
import { io, type Socket } from 'socket.io-client';
import { epochMs } from '../../shared/units';
import { FrameCodec, VC_PLAYBACK, VC_REALTIME } from '../../shared/codec';
import { APID, indexDictionary } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import {
  INGEST_NAMESPACE,
  type BatchAck,
  type BatchFrame,
  type FrameAck,
  type FrameMeta,
  type IngestClientEvents,
  type IngestServerEvents,
} from '../../shared/protocol/ingest';

export type StationSocket = Socket<IngestServerEvents, IngestClientEvents>;

export const codec = new FrameCodec(DICTIONARY);
export const dictionaryIndex = indexDictionary(DICTIONARY);

/** Connects a station; resolves when connected, rejects with the connect_error message. */
export function connectStation(url: string, stationId: string, token: string): Promise<StationSocket> {
  const socket: StationSocket = io(`${url}${INGEST_NAMESPACE}`, {
    auth: { stationId, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function sendFrame(socket: StationSocket, bytes: Uint8Array, meta: FrameMeta = {}): Promise<FrameAck> {
  return socket.timeout(5000).emitWithAck('frame', meta, bytes);
}

export function sendBatch(socket: StationSocket, batch: BatchFrame[]): Promise<BatchAck> {
  return socket.timeout(5000).emitWithAck('frames', batch);
}

export interface FrameSpec {
  spacecraftId?: string;
  apid?: number;
  sequenceCount: number;
  timeMs: number;
  playback?: boolean;
  /** Engineering values by parameter id; the rest are nominal defaults. */
  values?: Record<string, number>;
}

/** Nominal engineering values: in the middle of every limit band, enums at their first non-alarm state. */
const NOMINAL: Record<string, number> = {
  'eps.batt_voltage': 30,
  'eps.batt_current': 1,
  'eps.batt_soc': 85,
  'eps.batt_temp': 18,
  'eps.bus_voltage': 28,
  'adcs.q0': 1,
  'adcs.mode': 2,
  'comms.storage_fill': 20,
  'comms.tx_temp': 20,
  'obc.mode': 1,
  'obc.temp': 20,
  'thermal.payload_temp': 20,
  'payload.focal_plane_temp': 20,
  'payload.mode': 1,
};

export function buildFrame(spec: FrameSpec): Uint8Array {
  const spacecraft = dictionaryIndex.spacecraftById.get(spec.spacecraftId ?? 'kazeosat-1')!;
  const apid = spec.apid ?? APID.EPS;
  const packet = dictionaryIndex.packetsByApid.get(apid)![0]!;
  const values = packet.parameters.map((p) => spec.values?.[p.id] ?? NOMINAL[p.id] ?? 0);
  return codec.encodeEngineering(
    {
      scid: spacecraft.scid,
      vcid: spec.playback ? VC_PLAYBACK : VC_REALTIME,
      masterFrameCount: spec.sequenceCount & 0xff,
      virtualFrameCount: spec.sequenceCount & 0xff,
      apid,
      sequenceCount: spec.sequenceCount,
      timeMs: epochMs(spec.timeMs),
    },
    values,
  );
}
