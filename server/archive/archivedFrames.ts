// Parameter values read back from archived frames. The archive keeps each unique frame's bytes and no row per
// parameter: raw history and latest values decode the frames of the parameter's APID with the shared codec,
// which does ~3 M frames a second, so the ≤ maxPoints + 1 frames of a raw window cost well under a millisecond.
import { FrameCodec, type FrameDecoder } from '../../shared/codec';
import { packetParameters, type Dictionary } from '../../shared/dictionary';
import { DICTIONARY, SHIPPED_DECODER } from '../mission/shipped';
import type { RawSampleRow } from './historyPoints';

/** A frame as the history and latest-value queries read it from either archive. */
export interface ArchivedFrameRow {
  t: number;
  /** Playback flag: boolean from PostgreSQL, 0/1 from SQLite. */
  pb: boolean | number;
  bytes: Uint8Array;
}

/** Where a parameter's value is archived: the packet (APID) that carries it, and its place in that packet. */
export interface ParameterSlot {
  apid: number;
  index: number;
}

export interface FrameValues {
  parameterIds: readonly string[];
  values: readonly number[];
}

export class ArchivedFrames {
  private readonly codec: FrameDecoder;
  private readonly slots = new Map<string, ParameterSlot>();
  /** Every APID a frame of the archive may carry (the dictionary's packets). */
  readonly apids: readonly number[];

  /**
   * @param dictionary the one the frames were encoded with; the archive stores bytes, not layouts.
   * @param decoder reads them: the mission's XTCE decoder (the shipped mission's by default); a dictionary
   * given without its XTCE is read with the compiled codec.
   */
  constructor(dictionary: Dictionary = DICTIONARY, decoder?: FrameDecoder) {
    this.codec = decoder ?? (dictionary === DICTIONARY ? SHIPPED_DECODER : new FrameCodec(dictionary));
    for (const packet of dictionary.packets) {
      packetParameters(packet).forEach((parameter, index) => {
        this.slots.set(parameter.id, { apid: packet.apid, index });
      });
    }
    this.apids = dictionary.packets.map((packet) => packet.apid);
  }

  slotOf(parameterId: string): ParameterSlot | undefined {
    return this.slots.get(parameterId);
  }

  /**
   * One parameter's samples from frames of its APID, in the order given. A frame that no longer decodes
   * (bytes damaged on disk, or a dictionary whose layout changed) is skipped rather than misread, and so is a
   * value that is not a finite number (a float parameter may carry NaN): JSON has no such number, and the
   * rollups leave it out too.
   */
  *samples(rows: Iterable<ArchivedFrameRow>, slot: ParameterSlot): Iterable<RawSampleRow> {
    for (const row of rows) {
      const decoded = this.codec.decode(row.bytes);
      if (!decoded.ok || decoded.frame.apid !== slot.apid) continue;
      const v = decoded.frame.eng[slot.index];
      if (v !== undefined && Number.isFinite(v)) yield { t: row.t, v, pb: row.pb };
    }
  }

  /** The finite parameter values one frame carries (none when it does not decode). */
  values(bytes: Uint8Array): FrameValues {
    const decoded = this.codec.decode(bytes);
    const parameterIds: string[] = [];
    const values: number[] = [];
    if (!decoded.ok) return { parameterIds, values };
    packetParameters(decoded.frame.packet).forEach((parameter, i) => {
      const value = decoded.frame.eng[i]!;
      if (!Number.isFinite(value)) return;
      parameterIds.push(parameter.id);
      values.push(value);
    });
    return { parameterIds, values };
  }
}
