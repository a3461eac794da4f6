// Evidence when stations disagree. Any station may deliver any spacecraft (that is the point of sharing), and
// the archive keeps the first delivery of a packet key (spacecraft, APID, sequence count, packet time). When a
// later delivery of the same key carries different bytes, neither silently wins: the conflict is reported with
// both stations. Deliveries are remembered by a digest of their bytes for the most recent MAX_REMEMBERED keys
// (stations hearing one pass deliver within minutes of each other); older keys are forgotten, oldest first.
import { createHash, randomUUID } from 'node:crypto';
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
}

const keyOf = (f: FrameRecord) => `${f.spacecraftId}/${f.apid}/${f.sequenceCount}/${f.timeMs}`;
const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

export class ConflictDetector {
  private readonly deliveries = new Map<string, Delivery>();

  constructor(private readonly maxRemembered = MAX_REMEMBERED) {}

  /** Called for every committed frame, `isNew` as the archive answered; a conflict when the bytes differ. */
  observe(frame: FrameRecord, isNew: boolean): FrameConflict | null {
    const key = keyOf(frame);
    if (isNew) {
      this.remember(key, { stationId: frame.stationId, digest: digestOf(frame.bytes) });
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

  private remember(key: string, delivery: Delivery): void {
    this.deliveries.delete(key);
    this.deliveries.set(key, delivery);
    // A Map iterates in insertion order: the first key is the oldest.
    if (this.deliveries.size > this.maxRemembered) {
      this.deliveries.delete(this.deliveries.keys().next().value!);
    }
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
