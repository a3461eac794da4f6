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
