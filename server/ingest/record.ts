// One frame, as one station delivered it, decoded into what the archive stores. The /ingest namespace and the
// in-process delivery of the simulator's fast-forward (local.ts) both go through here, so a frame is judged
// the same whichever way it came.
import type { FrameDecoder } from '../../shared/codec';
import { VC_PLAYBACK } from '../../shared/codec';
import { packetParameters, type PacketDef } from '../../shared/dictionary';
import type { FrameMeta, IngestErrorCode } from '../../shared/protocol/ingest';
import type { FrameRecord } from '../archive/types';

export type Prepared = { ok: true; record: FrameRecord } | { ok: false; error: IngestErrorCode };

// One array per packet, shared by every frame of it: no per-frame allocation, and the store can cache its
// integer ids by array identity.
const parameterIdCache = new WeakMap<PacketDef, readonly string[]>();
function parameterIdsOf(packet: PacketDef): readonly string[] {
  let ids = parameterIdCache.get(packet);
  if (!ids) {
    ids = Object.freeze(packetParameters(packet).map((p) => p.id));
    parameterIdCache.set(packet, ids);
  }
  return ids;
}

// The same per packet: the positions of its strings, which the rollups leave out (undefined: none).
const notRolledUpCache = new WeakMap<PacketDef, readonly boolean[] | null>();
function notRolledUpOf(packet: PacketDef): readonly boolean[] | undefined {
  let mask = notRolledUpCache.get(packet);
  if (mask === undefined) {
    const strings = packetParameters(packet).map((p) => p.string !== undefined);
    mask = strings.includes(true) ? Object.freeze(strings) : null;
    notRolledUpCache.set(packet, mask);
  }
  return mask ?? undefined;
}

export interface FrameSource {
  codec: FrameDecoder;
  stationId: string;
  /** The agreement's say on which spacecraft a station may deliver (default: any). */
  mayDeliver?: (stationId: string, spacecraftId: string) => boolean;
}

/** Decodes a frame into an archive record, or the reason it is refused. */
export function decodeForArchive(
  source: FrameSource,
  meta: FrameMeta,
  bytes: Uint8Array,
  receivedMs: number,
  /** True when `bytes` belongs to this frame alone (built by packet extraction): kept without a copy. */
  owned = false,
): Prepared {
  const result = source.codec.decode(bytes);
  if (!result.ok) return { ok: false, error: result.error };
  const frame = result.frame;
  const notRolledUp = notRolledUpOf(frame.packet);
  // Decided on the decoded spacecraft, the value the archive would store.
  if (source.mayDeliver && !source.mayDeliver(source.stationId, frame.spacecraft.id)) {
    return { ok: false, error: 'not_permitted' };
  }
  return {
    ok: true,
    record: {
      stationId: source.stationId,
      spacecraftId: frame.spacecraft.id,
      apid: frame.apid,
      sequenceCount: frame.sequenceCount,
      timeMs: frame.timeMs,
      playback: frame.vcid === VC_PLAYBACK,
      receivedMs,
      ertMs: meta.ert ?? null,
      snrDb: meta.snrDb ?? null,
      // A TM transfer frame's packet carries that frame's counts in its archive header (its VCID is set by
      // the caller: the archive form keeps only realtime or playback).
      link: { vcid: frame.vcid, frameCount: frame.virtualFrameCount },
      // A copy unless owned: the socket's buffer may be a view on a larger message that must not be kept alive.
      bytes: owned ? bytes : Uint8Array.prototype.slice.call(bytes),
      parameterIds: parameterIdsOf(frame.packet),
      values: frame.eng,
      ...(notRolledUp ? { notRolledUp } : {}),
    },
  };
}
