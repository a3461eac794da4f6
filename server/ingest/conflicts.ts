// Evidence when stations disagree. Any station may deliver any spacecraft (that is the point of sharing), and
// the archive keeps the first delivery of a packet key (spacecraft, APID, sequence count, packet time). When a
// later delivery of the same key carries different bytes, neither silently wins: the conflict is reported with
// both stations. Deliveries are remembered by a digest of their bytes for the most recent MAX_REMEMBERED keys
// (stations hearing one pass deliver within minutes of each other); older keys are forgotten, oldest first.
import { hash, randomUUID } from 'node:crypto';
import type { TelemetryEvent } from '../../shared/protocol/api';
import type { FrameRecord } from '../archive/types';

export const MAX_REMEMBERED = 100_000;

export interface FrameConflict {
  spacecraftId: string;
  apid: number;
  sequenceCount: number;
  timeMs: number;
  /** The station whose delivery the archive holds. */
  archivedStationId: string;
  /** The station that delivered different bytes for the same key. */
  conflictingStationId: string;
}

interface Delivery {
  stationId: string;
  digest: string;
  /** Where in the ring this key was last remembered: an older slot of the same key evicts nothing. */
  slot: number;
}

const keyOf = (f: FrameRecord) => `${f.spacecraftId}/${f.apid}/${f.sequenceCount}/${f.timeMs}`;
// The one-shot hash: a Hash object per frame cost 3–4 times as much.
const digestOf = (bytes: Uint8Array) => hash('sha256', bytes, 'base64');

export class ConflictDetector {
  private readonly deliveries = new Map<string, Delivery>();
  /**
   * Keys in the order they were remembered, oldest overwritten first. Not the Map's own order: taking a
   * Map's first key after many deletions walks every deleted entry before it (V8 keeps them until it
   * rehashes), so at 100 k keys each eviction cost up to a millisecond and conflict checking took 40 % of
   * the ingest's CPU.
   */
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly maxRemembered = MAX_REMEMBERED) {
    this.ring = new Array<string | undefined>(maxRemembered).fill(undefined);
  }

  /** Called for every committed frame, `isNew` as the archive answered; a conflict when the bytes differ. */
  observe(frame: FrameRecord, isNew: boolean): FrameConflict | null {
    const key = keyOf(frame);
    if (isNew) {
      this.remember(key, frame.stationId, digestOf(frame.bytes));
      return null;
    }
    const archived = this.deliveries.get(key);
    if (!archived || archived.digest === digestOf(frame.bytes)) return null;
    return {
      spacecraftId: frame.spacecraftId,
      apid: frame.apid,
      sequenceCount: frame.sequenceCount,
      timeMs: frame.timeMs,
      archivedStationId: archived.stationId,
      conflictingStationId: frame.stationId,
    };
  }

  private remember(key: string, stationId: string, digest: string): void {
    const slot = this.next;
    this.next = (slot + 1) % this.maxRemembered;
    const evicted = this.ring[slot];
    if (evicted !== undefined && this.deliveries.get(evicted)?.slot === slot) this.deliveries.delete(evicted);
    this.ring[slot] = key;
    this.deliveries.set(key, { stationId, digest, slot });
  }
}

/** Event code of two stations delivering different bytes for the same packet. */
export const FRAME_CONFLICT = 'FRAME_CONFLICT';

/** Two stations delivered different bytes for one packet key: both named, the archived delivery first. */
export function frameConflictEvent(conflict: FrameConflict, receivedMs: number): TelemetryEvent {
  const packet = `APID ${conflict.apid} seq ${conflict.sequenceCount} at ${new Date(conflict.timeMs).toISOString()}`;
  return {
    id: randomUUID(),
    spacecraftId: conflict.spacecraftId,
    timeMs: receivedMs,
    source: 'ground',
    severity: 'warning',
    code: FRAME_CONFLICT,
    text:
      `stations ${conflict.archivedStationId} and ${conflict.conflictingStationId} delivered different bytes ` +
      `for ${packet}; the archive keeps ${conflict.archivedStationId}'s`,
  };
}
