import { describe, expect, it } from 'vitest';
import { crc16CcittFalse } from '../../shared/codec/crc16';

describe('crc16CcittFalse', () => {
  it('gives the catalogue check value 0x29B1 for "123456789"', () => {
    expect(crc16CcittFalse(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  it('is 0xFFFF (the initial value) over no bytes', () => {
    expect(crc16CcittFalse(new Uint8Array(0))).toBe(0xffff);
  });

  it('covers only the given range', () => {
    const bytes = new TextEncoder().encode('xx123456789yy');
    expect(crc16CcittFalse(bytes, 2, 11)).toBe(0x29b1);
  });
});

describe('crc16CcittFalse eight bytes at a time', () => {
  /** The definition, one bit at a time: independent of every table. */
  function bitwise(bytes: Uint8Array): number {
    let crc = 0xffff;
    for (const byte of bytes) {
      crc ^= byte << 8;
      for (let bit = 0; bit < 8; bit++)
        crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    return crc;
  }

  it('agrees with the bit-by-bit definition for every length from 0 to 70 and any start', () => {
    let seed = 99;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let length = 0; length <= 70; length++) {
      const bytes = Uint8Array.from({ length: length + 5 }, next);
      for (const start of [0, 1, 5]) {
        const end = Math.min(bytes.length, start + length);
        expect(crc16CcittFalse(bytes, start, end)).toBe(bitwise(bytes.subarray(start, end)));
      }
    }
  });
});
