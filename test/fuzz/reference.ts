// An independent, byte-by-byte statement of the documented decoding rules (README "Frame format"), used as
// the fuzz oracle: the codec must reach exactly the same verdict on every input.
import { REJECT_CODES, crc16CcittFalse, type RejectCode } from '../../shared/codec';
import type { Dictionary } from '../../shared/dictionary';
import { RAW_TYPE_BYTES } from '../../shared/codec';

export type Verdict = 'ok' | RejectCode;

export function createReference(dictionary: Dictionary): (bytes: Uint8Array) => Verdict {
  const scids = new Set(dictionary.spacecraft.map((s) => s.scid));
  const userBytes = new Map(
    dictionary.packets.map((p) => [p.apid, p.parameters.reduce((n, q) => n + RAW_TYPE_BYTES[q.type], 0)]),
  );
  const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
  return (b) => {
    // Six bytes each of transfer frame header, packet header and time, then two of CRC.
    if (b.length < 20) return 'too_short';
    if (12 + u16(b, 10) + 1 + 2 !== b.length) return 'bad_length';
    if (crc16CcittFalse(b, 0, b.length - 2) !== u16(b, b.length - 2)) return 'crc_mismatch';
    if (b[0]! >> 6 !== 0 || b[6]! >> 5 !== 0) return 'bad_version';
    if (!scids.has(u16(b, 0) >> 4)) return 'unknown_spacecraft';
    const expected = userBytes.get(u16(b, 6) & 0x7ff);
    if (expected === undefined) return 'unknown_apid';
    if (b[8]! >> 6 !== 3) return 'bad_sequence_flags';
    if (b.length !== 18 + expected + 2) return 'bad_length';
    return 'ok';
  };
}

export const VERDICTS: readonly Verdict[] = ['ok', ...REJECT_CODES];
