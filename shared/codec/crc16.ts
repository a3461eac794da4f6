// CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor. Check value of "123456789" is
// 0x29B1. The decoder runs it over every byte of every frame, so it is computed eight bytes at a time
// ("slicing-by-8"): TABLES[k·256 + b] is the CRC contribution of byte b followed by k zero bytes, so the eight
// lookups of one step are independent of each other instead of a chain of eight dependent ones. On frames of
// 20–60 bytes this is about twice the speed of the byte-at-a-time table (see bench/benchmarks/decode.ts).

const SLICES = 8;

const TABLES = (() => {
  const tables = new Uint16Array(SLICES * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    tables[byte] = crc;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = tables[(k - 1) * 256 + byte]!;
      tables[k * 256 + byte] = ((previous << 8) & 0xffff) ^ tables[previous >> 8]!;
    }
  }
  return tables;
})();

export function crc16CcittFalse(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let crc = 0xffff;
  let i = start;
  for (; i + SLICES <= end; i += SLICES) {
    // The register's two bytes combine with the first two message bytes; the other six stand alone.
    const x = crc ^ ((bytes[i]! << 8) | bytes[i + 1]!);
    crc =
      t[7 * 256 + (x >> 8)]! ^
      t[6 * 256 + (x & 0xff)]! ^
      t[5 * 256 + bytes[i + 2]!]! ^
      t[4 * 256 + bytes[i + 3]!]! ^
      t[3 * 256 + bytes[i + 4]!]! ^
      t[2 * 256 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = ((crc << 8) & 0xffff) ^ t[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}
