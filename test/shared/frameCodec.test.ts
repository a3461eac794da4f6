import { describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import { FrameCodec, REJECT_CODES, type FrameHeader } from '../../shared/codec/frame';
import { crc16CcittFalse } from '../../shared/codec/crc16';
import { epochMs } from '../../shared/units';
import { hexBytes } from '../helpers/bytes';

const codec = new FrameCodec(DICTIONARY);

// Golden vectors written out by hand from the field layout; CRCs from an independent bit-by-bit CRC.
// KazEOSat-1 (SCID 101), VC 0, MC 7, VC count 3, EVENT packet (APID 0x0F0), sequence 42,
// time 1 800 000 000.5 s, event AOS (5), severity INFO (0), argument 45.5 (f32 0x42360000).
const GOLDEN_EVENT = hexBytes(`
  0650 07 03 1800
  08F0 C02A 000C
  6B49D200 8000
  0005 00 42360000
  C268`);
// İMECE (SCID 203), VC 1 (playback), MC 255, VC count 16, OBC_HK (APID 0x040), sequence 16383,
// time 1 800 000 001 s; mode NOMINAL, uptime 86400 s, 2 reboots, −5.50 °C, CPU 37 %.
const GOLDEN_OBC = hexBytes(`
  0CB2 FF 10 1800
  0840 FFFF 000F
  6B49D201 0000
  01 00015180 0002 FDDA 25
  D058`);

function header(overrides: Partial<FrameHeader> = {}): FrameHeader {
  return {
    scid: 101,
    vcid: 0,
    masterFrameCount: 1,
    virtualFrameCount: 1,
    apid: APID.EPS,
    sequenceCount: 1,
    timeMs: epochMs(1_790_000_000_123),
    ...overrides,
  };
}

/** Recomputes the CRC after a test changes header bytes, so the intended rejection is the one reached. */
function withFreshCrc(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const crc = crc16CcittFalse(copy, 0, copy.length - 2);
  copy[copy.length - 2] = crc >> 8;
  copy[copy.length - 1] = crc & 0xff;
  return copy;
}

describe('FrameCodec golden vectors', () => {
  it('decodes the hand-written event frame field by field', () => {
    const result = codec.decode(GOLDEN_EVENT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const frame = result.frame;
    expect(frame.spacecraft.id).toBe('kazeosat-1');
    expect(frame).toMatchObject({
      scid: 101,
      vcid: 0,
      masterFrameCount: 7,
      virtualFrameCount: 3,
      apid: 0x0f0,
      sequenceCount: 42,
      timeMs: 1_800_000_000_500,
    });
    expect(frame.packet.name).toBe('EVENT');
    expect(frame.raw).toEqual([5, 0, 45.5]);
  });

  it('decodes the hand-written playback OBC frame with scaled engineering values', () => {
    const result = codec.decode(GOLDEN_OBC);
    if (!result.ok) throw new Error(result.error);
    expect(result.frame.spacecraft.id).toBe('imece');
    expect(result.frame.vcid).toBe(1);
    expect(result.frame.sequenceCount).toBe(0x3fff);
    expect(result.frame.timeMs).toBe(1_800_000_001_000);
    expect(result.frame.raw).toEqual([1, 86400, 2, -550, 37]);
    expect(result.frame.eng[3]).toBeCloseTo(-5.5, 10);
  });

  it('encodes exactly the hand-written bytes', () => {
    const encoded = codec.encode({
      scid: 101,
      vcid: 0,
      masterFrameCount: 7,
      virtualFrameCount: 3,
      apid: 0x0f0,
      sequenceCount: 42,
      timeMs: epochMs(1_800_000_000_500),
      raw: [5, 0, 45.5],
    });
    expect(Buffer.from(encoded).toString('hex')).toBe(Buffer.from(GOLDEN_EVENT).toString('hex'));
    const obc = codec.encode({
      scid: 203,
      vcid: 1,
      masterFrameCount: 255,
      virtualFrameCount: 16,
      apid: 0x040,
      sequenceCount: 0x3fff,
      timeMs: epochMs(1_800_000_001_000),
      raw: [1, 86400, 2, -550, 37],
    });
    expect(Buffer.from(obc).toString('hex')).toBe(Buffer.from(GOLDEN_OBC).toString('hex'));
  });
});

describe('FrameCodec round trips', () => {
  for (const packet of DICTIONARY.packets) {
    it(`round-trips every parameter of ${packet.name} through engineering values`, () => {
      const values = packet.parameters.map((p, i) => {
        if (p.states) return Number(Object.keys(p.states)[0]);
        const base = p.limits?.yellow?.low ?? p.limits?.yellow?.high ?? 1;
        return p.type.startsWith('u') ? Math.abs(base) + i : base + i;
      });
      const bytes = codec.encodeEngineering(header({ apid: packet.apid, sequenceCount: 777 }), values);
      expect(bytes.length).toBe(codec.frameBytes(packet.apid));
      const result = codec.decode(bytes);
      if (!result.ok) throw new Error(result.error);
      expect(result.frame.apid).toBe(packet.apid);
      expect(result.frame.sequenceCount).toBe(777);
      expect(result.frame.timeMs).toBe(1_790_000_000_123);
      // Measured values first; the packet's derived values follow them (test/mission/derived.test.ts).
      packet.parameters.forEach((parameter, i) => {
        const value = result.frame.eng[i]!;
        // Integer types lose at most half a scale step; f32 keeps ~7 significant digits.
        const tolerance =
          parameter.type === 'f32' ? Math.abs(values[i]!) * 1e-6 : parameter.scale / 2 + 1e-12;
        expect(Math.abs(value - values[i]!)).toBeLessThanOrEqual(tolerance);
      });
    });
  }

  it('keeps every millisecond of the packet time', () => {
    for (let ms = 0; ms < 1000; ms += 7) {
      const bytes = codec.encodeEngineering(header({ timeMs: epochMs(1_790_000_000_000 + ms) }), []);
      const result = codec.decode(bytes);
      if (!result.ok) throw new Error(result.error);
      expect(result.frame.timeMs).toBe(1_790_000_000_000 + ms);
    }
  });

  it('clamps engineering values outside the raw type instead of wrapping', () => {
    const soc = DICTIONARY.packets[0]!.parameters.findIndex((p) => p.id === 'eps.batt_soc');
    const values = new Array<number>(DICTIONARY.packets[0]!.parameters.length).fill(0);
    values[soc] = 1e9;
    const result = codec.decode(codec.encodeEngineering(header(), values));
    if (!result.ok) throw new Error(result.error);
    expect(result.frame.raw[soc]).toBe(0xffff);
  });
});

describe('FrameCodec rejections', () => {
  const good = codec.encodeEngineering(header(), []);

  it('lists the codes in precedence order', () => {
    expect(REJECT_CODES).toEqual([
      'too_short',
      'bad_length',
      'crc_mismatch',
      'bad_version',
      'unknown_spacecraft',
      'unknown_apid',
      'bad_sequence_flags',
    ]);
  });

  it('too_short: fewer bytes than the headers and CRC', () => {
    expect(codec.decode(good.subarray(0, 19))).toEqual({ ok: false, error: 'too_short' });
    expect(codec.decode(new Uint8Array(0))).toEqual({ ok: false, error: 'too_short' });
  });

  it('bad_length: the packet length field disagrees with the bytes received', () => {
    expect(codec.decode(good.subarray(0, good.length - 1))).toEqual({ ok: false, error: 'bad_length' });
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    expect(codec.decode(longer)).toEqual({ ok: false, error: 'bad_length' });
  });

  it('bad_length wins over a CRC mismatch, which wins over the header checks', () => {
    const broken = good.slice(0, good.length - 1);
    broken[0] = 0xff; // version bits set as well
    expect(codec.decode(broken)).toEqual({ ok: false, error: 'bad_length' });
    const corrupt = good.slice();
    corrupt[0] = 0xc0 | corrupt[0]!; // bad version, but the CRC no longer matches either
    expect(codec.decode(corrupt)).toEqual({ ok: false, error: 'crc_mismatch' });
  });

  it('crc_mismatch: any single bit flip in the frame', () => {
    for (let bit = 0; bit < good.length * 8; bit += 5) {
      const flipped = good.slice();
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
      const result = codec.decode(flipped);
      expect(result.ok).toBe(false);
    }
    const payloadFlip = good.slice();
    payloadFlip[20] = payloadFlip[20]! ^ 0x01;
    expect(codec.decode(payloadFlip)).toEqual({ ok: false, error: 'crc_mismatch' });
  });

  it('bad_version: transfer frame or packet version not 0', () => {
    const tf = good.slice();
    tf[0] = tf[0]! | 0x40;
    expect(codec.decode(withFreshCrc(tf))).toEqual({ ok: false, error: 'bad_version' });
    const packet = good.slice();
    packet[6] = packet[6]! | 0x20;
    expect(codec.decode(withFreshCrc(packet))).toEqual({ ok: false, error: 'bad_version' });
  });

  it('bad_version wins over an unknown spacecraft', () => {
    const bytes = codec.encodeEngineering(header({ scid: 1000 }), []);
    const both = bytes.slice();
    both[0] = both[0]! | 0x80;
    expect(codec.decode(withFreshCrc(both))).toEqual({ ok: false, error: 'bad_version' });
  });

  it('unknown_spacecraft: a SCID not in the dictionary', () => {
    expect(codec.decode(codec.encodeEngineering(header({ scid: 1000 }), []))).toEqual({
      ok: false,
      error: 'unknown_spacecraft',
    });
  });

  it('unknown_apid: an APID not in the dictionary, before sequence flags', () => {
    const bytes = good.slice();
    bytes[7] = 0x7f; // APID 0x07F
    bytes[8] = bytes[8]! & 0x3f; // and sequence flags 0b00
    expect(codec.decode(withFreshCrc(bytes))).toEqual({ ok: false, error: 'unknown_apid' });
  });

  it('bad_sequence_flags: a segmented packet', () => {
    const bytes = good.slice();
    bytes[8] = (bytes[8]! & 0x3f) | 0x40;
    expect(codec.decode(withFreshCrc(bytes))).toEqual({ ok: false, error: 'bad_sequence_flags' });
  });

  it('bad_length again: consistent framing whose user data does not fit the APID', () => {
    // An ADCS-sized body declared as EPS: lengths agree with each other, not with the EPS layout.
    const adcs = codec.encodeEngineering(header({ apid: APID.ADCS }), []);
    const relabelled = adcs.slice();
    relabelled[7] = APID.EPS & 0xff;
    expect(codec.decode(withFreshCrc(relabelled))).toEqual({ ok: false, error: 'bad_length' });
  });

  it('never throws on random bytes', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256));
      const result = codec.decode(bytes);
      if (!result.ok) expect(REJECT_CODES).toContain(result.error);
    }
  });
});
