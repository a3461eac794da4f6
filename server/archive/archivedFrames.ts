// Parameter values read back from archived frames. The archive keeps each unique frame's bytes and no row per
// parameter: raw history and latest values decode the frames of the parameter's APIDs (every packet carrying
// it) with the shared codec, which does ~3 M frames a second, so the ≤ maxPoints + 1 frames of a raw window
// cost well under a millisecond.
import { FrameCodec, type FrameDecoder } from '../../shared/codec';
import { packetParameters, type Dictionary, type ParameterDef } from '../../shared/dictionary';
import { DICTIONARY, SHIPPED_DECODER } from '../mission/shipped';
import type { RawSampleRow } from './historyPoints';
import type { LatestValue } from './types';

/**
 * Older frames of one spacecraft and APID read at most, at a restart, for parameters the newest packet left
 * out (an include condition, another packet on the same APID); one such packet a minute is hours back.
 */
export const LATEST_WALK_FRAMES = 500;

/** A frame as the history and latest-value queries read it from either archive. */
export interface ArchivedFrameRow {
  t: number;
  /** Playback flag: boolean from PostgreSQL, 0/1 from SQLite. */
  pb: boolean | number;
  bytes: Uint8Array;
}

/**
 * Where a parameter's value is archived: the APID the archive files its packet under, the packet (several may
 * share an APID, told apart by a secondary header field) and its place in that packet.
 */
export interface ParameterSlot {
  apid: number;
  packet: string;
  index: number;
}

/** Every place a parameter is archived: one packet, or each of the packets that include its container. */
export interface ParameterSlots {
  /** The APIDs those packets are filed under, each once: the frames its history reads. */
  apids: readonly number[];
  slots: readonly ParameterSlot[];
}

export interface FrameValues {
  parameterIds: readonly string[];
  values: readonly number[];
}

export class ArchivedFrames {
  private readonly codec: FrameDecoder;
  private readonly slots = new Map<string, ParameterSlots>();
  /** Every APID a frame of the archive may carry (the dictionary's packets). */
  readonly apids: readonly number[];
  /** The parameters that the packets filed under each APID carry between them. */
  private readonly parametersOfApid = new Map<number, Set<string>>();

  /**
   * @param dictionary the one the frames were encoded with; the archive stores bytes, not layouts.
   * @param decoder reads them: the mission's XTCE decoder (the shipped mission's by default); a dictionary
   * given without its XTCE is read with the compiled codec.
   */
  constructor(dictionary: Dictionary = DICTIONARY, decoder?: FrameDecoder) {
    this.codec = decoder ?? (dictionary === DICTIONARY ? SHIPPED_DECODER : new FrameCodec(dictionary));
    for (const packet of dictionary.packets) {
      const ofApid = this.parametersOfApid.get(packet.apid) ?? new Set();
      packetParameters(packet).forEach((parameter, index) => {
        const known = this.slots.get(parameter.id);
        const slot = { apid: packet.apid, packet: packet.name, index };
        const apids = known?.apids.includes(packet.apid)
          ? known.apids
          : [...(known?.apids ?? []), packet.apid];
        this.slots.set(parameter.id, { apids, slots: [...(known?.slots ?? []), slot] });
        ofApid.add(parameter.id);
      });
      this.parametersOfApid.set(packet.apid, ofApid);
    }
    this.apids = [...new Set(dictionary.packets.map((packet) => packet.apid))];
  }

  slotsOf(parameterId: string): ParameterSlots | undefined {
    return this.slots.get(parameterId);
  }

  /**
   * One parameter's samples from frames of its APIDs, in the order given: each frame of a packet carrying it
   * is a sample. A frame that no longer decodes (bytes damaged on disk, or a dictionary whose layout changed)
   * is skipped rather than misread, and so is a value that is not a finite number (a float parameter may
   * carry NaN): JSON has no such number, and the rollups leave it out too.
   */
  *samples(rows: Iterable<ArchivedFrameRow>, place: ParameterSlots): Iterable<RawSampleRow> {
    for (const row of rows) {
      const decoded = this.codec.decode(row.bytes);
      if (!decoded.ok) continue;
      const frame = decoded.frame;
      const slot = place.slots.find((s) => s.apid === frame.apid && s.packet === frame.packet.name);
      if (!slot) continue;
      const v = frame.eng[slot.index];
      if (v !== undefined && Number.isFinite(v)) yield { t: row.t, v, pb: row.pb };
    }
  }

  /** The finite parameter values one frame carries (none when it does not decode). */
  values(bytes: Uint8Array): FrameValues {
    return this.valuesWhere(bytes, () => true);
  }

  /** The values of one frame that its minute rollups took when it was ingested: every finite one but texts. */
  rolledUpValues(bytes: Uint8Array): FrameValues {
    return this.valuesWhere(bytes, (parameter) => parameter.string === undefined);
  }

  private valuesWhere(bytes: Uint8Array, taken: (parameter: ParameterDef) => boolean): FrameValues {
    const decoded = this.codec.decode(bytes);
    const parameterIds: string[] = [];
    const values: number[] = [];
    if (!decoded.ok) return { parameterIds, values };
    packetParameters(decoded.frame.packet).forEach((parameter, i) => {
      const value = decoded.frame.eng[i]!;
      if (!Number.isFinite(value) || !taken(parameter)) return;
      parameterIds.push(parameter.id);
      values.push(value);
    });
    return { parameterIds, values };
  }

  /** Whether `count` values are every parameter the packets of `apid` carry. */
  carriesAll(apid: number, count: number): boolean {
    return count >= (this.parametersOfApid.get(apid)?.size ?? 0);
  }

  /**
   * The current value of each parameter of one spacecraft and APID, from its frames newest first (at most
   * LATEST_WALK_FRAMES of them): the newest frame that carries a parameter gives its value, so a packet that
   * left one out does not hide what an older packet said. Reading stops once every parameter has a value.
   */
  newestValues(spacecraftId: string, apid: number, newestFirst: Iterable<ArchivedFrameRow>): LatestValue[] {
    const found = new Map<string, LatestValue>();
    let read = 0;
    for (const row of newestFirst) {
      const { parameterIds, values } = this.values(row.bytes);
      parameterIds.forEach((parameterId, i) => {
        if (!found.has(parameterId))
          found.set(parameterId, { spacecraftId, parameterId, timeMs: row.t, value: values[i]! });
      });
      if (this.carriesAll(apid, found.size) || ++read >= LATEST_WALK_FRAMES) break;
    }
    return [...found.values()];
  }
}

/**
 * The newest of each spacecraft's parameter among values read per APID: a parameter that packets of two
 * APIDs carry has a newest value in each, and the later packet time is its current value.
 */
export function newestOfEach(values: Iterable<LatestValue>): LatestValue[] {
  const newest = new Map<string, LatestValue>();
  for (const value of values) {
    const key = `${value.spacecraftId}\u0000${value.parameterId}`;
    const held = newest.get(key);
    if (!held || value.timeMs > held.timeMs) newest.set(key, value);
  }
  return [...newest.values()];
}
