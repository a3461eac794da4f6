// Reassembly saved across a clean restart: each station's contexts (frame counts, the partial packet and
// its header octets so far) as JSON text, kept in the archive between a stop and the next start. Read back
// through a schema: a row that does not validate is dropped (that station resumes at the next First Header
// Pointer), never trusted and never a reason not to start.
import { z } from 'zod';
import {
  MAX_SPACE_PACKET_BYTES,
  SPACE_PACKET_HEADER_BYTES,
  type ContextSnapshot,
  type StationReassembly,
} from '../../shared/link';
import type { SavedReassembly } from '../archive/types';

const FORMAT = 1;
/** SCID (10 bits) × 8 + VCID. */
const MAX_CHANNEL = 1023 * 8 + 7;

const hex = (maxBytes: number) =>
  z
    .string()
    .max(maxBytes * 2)
    .regex(/^(?:[0-9a-f]{2})*$/)
    .transform((text) => Uint8Array.from(Buffer.from(text, 'hex')));
/** NaN (not known yet) travels as null: JSON has no NaN. */
const timeOrNaN = z
  .number()
  .nullable()
  .transform((value) => value ?? NaN);

const contextSchema = z
  .object({
    channel: z.number().int().min(0).max(MAX_CHANNEL),
    lastVcCount: z.number().int().min(-1).max(255),
    lastErtMs: timeOrNaN,
    lastHeardMs: timeOrNaN,
    pending: hex(MAX_SPACE_PACKET_BYTES).nullable(),
    pendingFilled: z.number().int().min(0),
    header: hex(SPACE_PACKET_HEADER_BYTES).refine((h) => h.length === SPACE_PACKET_HEADER_BYTES),
    headerFilled: z.number().int().min(0).max(SPACE_PACKET_HEADER_BYTES),
    lastUsedMs: z.number(),
  })
  .refine((c) => c.pendingFilled <= (c.pending?.length ?? 0), 'more octets filled than the packet holds');

const stateSchema = z.object({ format: z.literal(FORMAT), contexts: z.array(contextSchema).max(4096) });

const toHex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

export function encodeReassembly(snapshot: StationReassembly): SavedReassembly {
  const contexts = snapshot.contexts.map((c) => ({
    ...c,
    lastErtMs: finiteOrNull(c.lastErtMs),
    lastHeardMs: finiteOrNull(c.lastHeardMs),
    pending: c.pending && toHex(c.pending),
    header: toHex(c.header),
  }));
  return { stationId: snapshot.stationId, state: JSON.stringify({ format: FORMAT, contexts }) };
}

/** The station's reassembly, or null for text that is not a valid saved state. */
export function decodeReassembly(saved: SavedReassembly): StationReassembly | null {
  let json: unknown;
  try {
    json = JSON.parse(saved.state);
  } catch {
    return null;
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) return null;
  const contexts: ContextSnapshot[] = parsed.data.contexts;
  return { stationId: saved.stationId, contexts };
}
