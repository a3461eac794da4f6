// How a packet's fields are read: from an entry of the container tree, or from a flat plan. A flat plan is a
// container of plain parameters (a fixed list read one after another: no include condition, container
// reference or location from the container's start; CompiledContainer.simpleBits ≥ 0) laid out as typed
// arrays, one slot per field: its bit offset from the container's start, width, how it is read and how its
// engineering value is made. The decoder reads such a container in one loop over numbers, where the tree
// walker goes through an entry object per field (objects of several shapes, so each property load is
// polymorphic). The enums live here, beside the code that reads them, so that they compile to literals.
import type { XtceParameter } from './database';
import type { CompiledContainer, CompiledEntry } from './compile';
import { taiToUtcMs } from './time';
import { readBits } from './values';

/** Byte-aligned fields read inline (0 = through the entry's reader). */
export const enum Fast {
  None = 0,
  U8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  F64 = 7,
  /** Unsigned, 3 to 6 whole bytes (a 48-bit CUC time, typically). */
  UBytes = 8,
}

/** How the engineering value is made from the raw one. */
export const enum Eng {
  /** raw × scale + offset (no calibrator, or a first-degree polynomial). */
  Linear = 0,
  /** Seconds from the Unix epoch to ms: (raw × scale + offset) × 1000, as epochSecondsToUtcMs('UNIX'). */
  UnixTime = 1,
  /** The raw value itself (an enumeration or boolean when labels are not wanted). */
  Raw = 2,
  /** Through the type's converter. */
  Other = 3,
  /**
   * Seconds from an epoch that counts TAI (1958 TAI, GPS, J2000) to UTC ms: taiToUtcMs(epochMs + (raw × scale +
   * offset) × 1000), as epochSecondsToUtcMs.
   */
  TaiTime = 4,
}

/** What a flat plan does with a field. */
export const enum Slot {
  /** Neither wanted nor read by a condition: NaN without reading (DecoderOptions.wanted). */
  Skip = 0,
  /** A number made without a converter: read and calibrated from the plan's arrays. */
  Number = 1,
  /** Read through its entry (a string, or a value made by the type's converter): see FlatPlan.general. */
  General = 2,
}

export interface FlatPlan {
  /** Bits the container's fields span: one bounds check for them all. */
  bits: number;
  count: number;
  /** Each field's first bit, from the container's start. */
  at: Int32Array;
  width: Int32Array;
  slot: Uint8Array;
  fast: Uint8Array;
  /** 1 for an unsigned integer: read with readBits where it is not a whole aligned field. */
  unsigned: Uint8Array;
  eng: Uint8Array;
  scale: Float64Array;
  offset: Float64Array;
  /** For Eng.TaiTime: the epoch on the TAI scale, ms from 1970. */
  epochMs: Float64Array;
  /** Fields read through their entries (Slot.General), by position in the container. */
  general: Int32Array;
  /** Fields a condition reads (the decoder keeps them by parameter index), by position in the container. */
  kept: Int32Array;
  /**
   * The container is one a packet ends in (concrete, no derived container) and every field is of Slot.Number:
   * PacketDecoder.readOwn appends its values straight to the caller's arrays.
   */
  direct: boolean;
  entries: readonly CompiledEntry[];
  parameters: readonly XtceParameter[];
}

function slotOf(entry: CompiledEntry): Slot {
  if (entry.skip) return Slot.Skip;
  return entry.numeric ? Slot.Number : Slot.General;
}

function flatPlan(container: CompiledContainer, bits: number): FlatPlan {
  const entries = container.entries;
  const count = entries.length;
  const positions = (keep: (e: CompiledEntry) => boolean) =>
    Int32Array.from(entries.flatMap((e, i) => (keep(e) ? [i] : [])));
  const plan: FlatPlan = {
    bits,
    count,
    at: new Int32Array(count),
    width: new Int32Array(count),
    slot: new Uint8Array(count),
    fast: new Uint8Array(count),
    unsigned: new Uint8Array(count),
    eng: new Uint8Array(count),
    scale: new Float64Array(count),
    offset: new Float64Array(count),
    epochMs: new Float64Array(count),
    general: positions((e) => slotOf(e) === Slot.General),
    kept: positions((e) => e.kept),
    direct:
      !container.container.abstract &&
      container.derived.length === 0 &&
      entries.every((e) => slotOf(e) === Slot.Number),
    entries,
    parameters: entries.map((e) => e.parameter!),
  };
  let at = 0;
  entries.forEach((entry, i) => {
    at += entry.offsetBits;
    plan.at[i] = at;
    plan.width[i] = entry.bits;
    plan.slot[i] = slotOf(entry);
    plan.fast[i] = entry.fast;
    plan.unsigned[i] = entry.unsigned ? 1 : 0;
    plan.eng[i] = entry.eng;
    plan.scale[i] = entry.scale;
    plan.offset[i] = entry.offset;
    plan.epochMs[i] = entry.epochMs;
    at += entry.bits;
  });
  return plan;
}

/** Gives every container of plain parameters in the tree its flat plan (after skipUnwanted has marked it). */
export function attachFlatPlans(root: CompiledContainer): void {
  const seen = new Set<CompiledContainer>();
  const visit = (container: CompiledContainer) => {
    if (seen.has(container)) return;
    seen.add(container);
    if (container.simpleBits >= 0) container.flat = flatPlan(container, container.simpleBits);
    for (const derived of container.derived) visit(derived.compiled);
  };
  visit(root);
}

// Floats go through an 8-byte scratch buffer: copying 4 or 8 bytes is cheaper than a DataView per packet.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

export function readAligned(b: Uint8Array, o: number, fast: Fast, bytes: number): number {
  switch (fast) {
    case Fast.F32:
      scratch[0] = b[o]!;
      scratch[1] = b[o + 1]!;
      scratch[2] = b[o + 2]!;
      scratch[3] = b[o + 3]!;
      return scratchView.getFloat32(0);
    case Fast.F64:
      for (let k = 0; k < 8; k++) scratch[k] = b[o + k]!;
      return scratchView.getFloat64(0);
    case Fast.UBytes: {
      let value = 0;
      for (let k = 0; k < bytes; k++) value = value * 256 + b[o + k]!;
      return value;
    }
    case Fast.U8:
      return b[o]!;
    case Fast.U16:
      return (b[o]! << 8) | b[o + 1]!;
    case Fast.I16:
      return (((b[o]! << 8) | b[o + 1]!) << 16) >> 16;
    case Fast.U32:
      return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    default:
      return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
  }
}

/** A field's raw value at bit `at` of the packet starting at byte `start` (bounds checked by the caller). */
export function readField(
  entry: CompiledEntry,
  bytes: Uint8Array,
  start: number,
  at: number,
): number | string {
  if ((at & 7) === 0 && entry.fast !== Fast.None)
    return readAligned(bytes, start + (at >>> 3), entry.fast, entry.fastBytes);
  // Header fields (version, flags, APID, sequence count) are unsigned and not whole bytes: no closure call.
  if (entry.unsigned) return readBits(bytes, start, at, entry.bits);
  return entry.read!(bytes, start, at);
}

/** The raw value of field i of a flat plan of Slot.Number whose container starts at bit `position`. */
function flatRaw(plan: FlatPlan, i: number, bytes: Uint8Array, start: number, position: number): number {
  const bit = position + plan.at[i]!;
  const kind = plan.fast[i]!;
  if ((bit & 7) === 0 && kind !== Fast.None)
    return readAligned(bytes, start + (bit >>> 3), kind, plan.width[i]! >>> 3);
  if (plan.unsigned[i] === 1) return readBits(bytes, start, bit, plan.width[i]!);
  return plan.entries[i]!.read!(bytes, start, bit) as number;
}

/** The engineering value of field i of a flat plan of Slot.Number. */
function flatEng(plan: FlatPlan, i: number, raw: number): number {
  const calibration = plan.eng[i]!;
  if (calibration === Eng.Linear) return raw * plan.scale[i]! + plan.offset[i]!;
  if (calibration === Eng.UnixTime) return (raw * plan.scale[i]! + plan.offset[i]!) * 1000;
  if (calibration === Eng.TaiTime)
    return taiToUtcMs(plan.epochMs[i]! + (raw * plan.scale[i]! + plan.offset[i]!) * 1000);
  return raw;
}

/**
 * Writes the numbers of a flat plan's container, read from bit `position`, to raw[n + i] and eng[n + i] for
 * its i-th field (bounds checked by the caller). A field of Slot.General gets NaN here, to be overwritten by
 * the caller through its entry: every slot is written in order, so the arrays never get holes.
 */
export function readFlatNumbers(
  plan: FlatPlan,
  bytes: Uint8Array,
  start: number,
  position: number,
  raw: (number | string)[],
  eng: (number | string)[],
  n: number,
): void {
  const { count, slot } = plan;
  for (let i = 0; i < count; i++) {
    if (slot[i] !== Slot.Number) {
      raw[n + i] = NaN;
      eng[n + i] = NaN;
      continue;
    }
    const value = flatRaw(plan, i, bytes, start, position);
    raw[n + i] = value;
    eng[n + i] = flatEng(plan, i, value);
  }
}

/**
 * Appends the values of a flat plan's container whose fields are all of Slot.Number (FlatPlan.direct), read
 * from bit `position`, to raw and eng (bounds checked by the caller).
 */
export function appendFlatNumbers(
  plan: FlatPlan,
  bytes: Uint8Array,
  start: number,
  position: number,
  raw: number[],
  eng: number[],
): void {
  for (let i = 0; i < plan.count; i++) {
    const value = flatRaw(plan, i, bytes, start, position);
    raw.push(value);
    eng.push(flatEng(plan, i, value));
  }
}

/** A numeric entry's raw value at bit `at` (bounds checked by the caller). */
export function entryRaw(entry: CompiledEntry, bytes: Uint8Array, start: number, at: number): number {
  return readField(entry, bytes, start, at) as number;
}

/** A numeric entry's engineering value. */
export function entryEngNumber(entry: CompiledEntry, raw: number): number {
  if (entry.eng === Eng.Linear) return raw * entry.scale + entry.offset;
  if (entry.eng === Eng.UnixTime) return (raw * entry.scale + entry.offset) * 1000;
  if (entry.eng === Eng.TaiTime) return taiToUtcMs(entry.epochMs + (raw * entry.scale + entry.offset) * 1000);
  return raw;
}

/** Any entry's engineering value. */
export function entryEng(entry: CompiledEntry, raw: number | string): number | string {
  switch (entry.eng) {
    case Eng.Linear:
      return (raw as number) * entry.scale + entry.offset;
    case Eng.UnixTime:
    case Eng.TaiTime:
      return entryEngNumber(entry, raw as number);
    case Eng.Raw:
      return raw;
    default:
      return entry.toEng!(raw);
  }
}
