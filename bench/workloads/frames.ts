// Seeded frame corpora: valid frames of every spacecraft and packet, and the damaged frames a noisy link
// delivers (random bytes, truncations, bit flips).
import type { FrameCodec, FrameInput } from '../../shared/codec';
import type { Dictionary, RawType } from '../../shared/dictionary';
import { epochMs } from '../../shared/units';
import { pick, randomInt, type Random } from '../harness/random';

const RAW_SPAN: Record<RawType, (random: Random) => number> = {
  u8: (random) => randomInt(random, 0x100),
  u16: (random) => randomInt(random, 0x1_0000),
  u32: (random) => randomInt(random, 0x1_0000_0000),
  i16: (random) => randomInt(random, 0x1_0000) - 0x8000,
  i32: (random) => randomInt(random, 0x1_0000_0000) - 0x8000_0000,
  f32: (random) => Math.fround((random() - 0.5) * 2000),
  f64: (random) => (random() - 0.5) * 1e12,
};

/** 2026-11-01T00:00:00Z: frame times start here and advance one second per frame. */
export const CORPUS_EPOCH_MS = 1_793_491_200_000;

export function randomFrameInput(dictionary: Dictionary, random: Random, index: number): FrameInput {
  const spacecraft = pick(random, dictionary.spacecraft);
  const packet = pick(random, dictionary.packets);
  return {
    scid: spacecraft.scid,
    vcid: randomInt(random, 2),
    masterFrameCount: index & 0xff,
    virtualFrameCount: (index >> 8) & 0xff,
    apid: packet.apid,
    sequenceCount: index & 0x3fff,
    timeMs: epochMs(CORPUS_EPOCH_MS + index * 1000 + randomInt(random, 1000)),
    raw: packet.parameters.map((parameter) => RAW_SPAN[parameter.type](random)),
  };
}

/** Valid frames as views into one buffer, the way a packed batch arrives. */
export function validFrames(codec: FrameCodec, dictionary: Dictionary, random: Random, count: number) {
  const inputs: FrameInput[] = [];
  const encoded: Uint8Array[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const input = randomFrameInput(dictionary, random, i);
    const bytes = codec.encode(input);
    inputs.push(input);
    encoded.push(bytes);
    total += bytes.length;
  }
  const buffer = new Uint8Array(total);
  let offset = 0;
  const frames = encoded.map((bytes) => {
    buffer.set(bytes, offset);
    offset += bytes.length;
    return buffer.subarray(offset - bytes.length, offset);
  });
  return { inputs, frames };
}

/** A third each: random bytes of random length, truncated valid frames, valid frames with one bit flipped. */
export function damagedFrames(valid: readonly Uint8Array[], random: Random, count: number): Uint8Array[] {
  const damaged: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const source = pick(random, valid);
    switch (i % 3) {
      case 0:
        damaged.push(Uint8Array.from({ length: randomInt(random, 96) }, () => randomInt(random, 256)));
        break;
      case 1:
        damaged.push(source.slice(0, randomInt(random, source.length)));
        break;
      default: {
        const flipped = source.slice();
        const bit = randomInt(random, flipped.length * 8);
        flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
        damaged.push(flipped);
      }
    }
  }
  return damaged;
}
