import { describe, expect, it } from 'vitest';
import {
  LEAP_SECONDS,
  TAI1958_TO_UNIX_S,
  UNIX_CUC_4_2,
  cucPField,
  decodeCuc,
  encodeCuc,
  taiMinusUtcAtUtc,
  type CucFormat,
} from '../../shared/time';
import { DICTIONARY } from '../../server/mission/shipped';
import { FrameCodec, TF_HEADER_BYTES, PACKET_HEADER_BYTES } from '../../shared/codec';

const TAI_4_2: CucFormat = { epoch: 'tai1958', coarseOctets: 4, fineOctets: 2 };

/** A T-field written by hand: big-endian coarse seconds then fine binary fractions. */
function tField(coarse: number, coarseOctets: number, fine: number, fineOctets: number): Uint8Array {
  const bytes = new Uint8Array(coarseOctets + fineOctets);
  for (let i = 0; i < coarseOctets; i++) bytes[i] = Math.floor(coarse / 256 ** (coarseOctets - 1 - i)) % 256;
  for (let i = 0; i < fineOctets; i++)
    bytes[coarseOctets + i] = Math.floor(fine / 256 ** (fineOctets - 1 - i)) % 256;
  return bytes;
}

describe('CUC time codes', () => {
  it('reads the packet time of the frames Ortaq already archives (Unix epoch, 4+2 octets)', () => {
    const codec = new FrameCodec(DICTIONARY);
    const packet = DICTIONARY.packets[0]!;
    const timeMs = Date.parse('2026-05-01T12:34:56.789Z');
    const frame = codec.encode({
      scid: DICTIONARY.spacecraft[0]!.scid,
      vcid: 0,
      masterFrameCount: 0,
      virtualFrameCount: 0,
      apid: packet.apid,
      sequenceCount: 1,
      timeMs: timeMs as never,
      raw: packet.parameters.map(() => 0),
    });
    const decoded = decodeCuc(frame, TF_HEADER_BYTES + PACKET_HEADER_BYTES, UNIX_CUC_4_2);
    expect(Math.round(decoded)).toBe(timeMs);
  });

  it('takes leap seconds out of TAI counts from the 1958 epoch', () => {
    // 2017-01-01T00:00:00Z: 37 s of TAI − UTC.
    const utcMs = Date.parse('2017-01-01T00:00:00Z');
    const taiCount = utcMs / 1000 + TAI1958_TO_UNIX_S + 37;
    expect(decodeCuc(tField(taiCount, 4, 0, 2), 0, TAI_4_2)).toBe(utcMs);
    // One second earlier in TAI is the inserted 2016-12-31T23:59:60, which Unix time shows as 00:00:00 again.
    expect(decodeCuc(tField(taiCount - 1, 4, 0, 2), 0, TAI_4_2)).toBe(utcMs);
    expect(decodeCuc(tField(taiCount - 2, 4, 0, 2), 0, TAI_4_2)).toBe(utcMs - 1000);
    // Before 1972 the 1972 offset holds; in 2000 it was 32 s.
    expect(taiMinusUtcAtUtc(Date.parse('2000-06-01T00:00:00Z'))).toBe(32);
    expect(LEAP_SECONDS.at(-1)!.taiMinusUtcS).toBe(37);
  });

  it('round-trips every coarse and fine width on both epochs to within one fine tick', () => {
    const cases: [CucFormat['epoch'], number, number][] = [
      ['tai1958', 4, Date.parse('2026-03-04T05:06:07.125Z')],
      ['utc1970', 4, Date.parse('2026-03-04T05:06:07.125Z')],
      // Narrow coarse fields only reach a little past their epoch, as on a clock reset at launch.
      ['utc1970', 3, 9_000_000_123],
      ['utc1970', 2, 60_000_321],
      ['utc1970', 1, 200_999],
    ];
    for (const [epoch, coarseOctets, utcMs] of cases) {
      for (let fineOctets = 0; fineOctets <= 3; fineOctets++) {
        const format = { epoch, coarseOctets, fineOctets };
        const bytes = new Uint8Array(coarseOctets + fineOctets + 1);
        expect(encodeCuc(utcMs, bytes, 1, format)).toBe(true);
        const tick = 1000 / 2 ** (8 * fineOctets);
        expect(Math.abs(decodeCuc(bytes, 1, format) - utcMs)).toBeLessThanOrEqual(tick / 2 + 1e-6);
      }
    }
  });

  it('reads short coarse fields as the spacecraft writes them, and says NaN or false when bytes are missing', () => {
    const oneOctet: CucFormat = { epoch: 'utc1970', coarseOctets: 1, fineOctets: 1 };
    expect(decodeCuc(Uint8Array.of(200, 0x80), 0, oneOctet)).toBe(200_500);
    expect(decodeCuc(Uint8Array.of(200), 0, oneOctet)).toBeNaN();
    expect(decodeCuc(Uint8Array.of(1, 2, 3), -1, oneOctet)).toBeNaN();
    expect(encodeCuc(Date.parse('2026-01-01T00:00:00Z'), new Uint8Array(2), 0, oneOctet)).toBe(false);
    expect(encodeCuc(NaN, new Uint8Array(8), 0, UNIX_CUC_4_2)).toBe(false);
    expect(encodeCuc(0, new Uint8Array(3), 0, UNIX_CUC_4_2)).toBe(false);
  });

  it('carries a fine fraction that rounds up to a whole second into the coarse count', () => {
    const bytes = new Uint8Array(6);
    expect(encodeCuc(1999.99999, bytes, 0, UNIX_CUC_4_2)).toBe(true);
    expect(Array.from(bytes)).toEqual([0, 0, 0, 2, 0, 0]);
  });

  it('describes each format with its P-field octet', () => {
    expect(cucPField(TAI_4_2)).toBe(0b0001_1110);
    expect(cucPField(UNIX_CUC_4_2)).toBe(0b0010_1110);
  });
});
