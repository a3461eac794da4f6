// Valid frames to mutate: every APID of every spacecraft, with each header field at its extremes and raw
// values at the edges of their types (including NaN and infinities for floats, which are valid bit patterns).
import { FrameCodec, MAX_SEQUENCE_COUNT, MAX_VCID, type FrameHeader } from '../../shared/codec';
import type { Dictionary, RawType } from '../../shared/dictionary';
import { epochMs } from '../../shared/units';
import type { Rng } from './rng';

const EXTREMES: Record<RawType, readonly number[]> = {
  u8: [0, 1, 0x7f, 0xff],
  u16: [0, 1, 0x7fff, 0xffff],
  u32: [0, 1, 0x7fff_ffff, 0xffff_ffff],
  i16: [-0x8000, -1, 0, 0x7fff],
  i32: [-0x8000_0000, -1, 0, 0x7fff_ffff],
  f32: [0, -0, 3.4028234663852886e38, -3.4028234663852886e38, NaN, Infinity, -Infinity, 1e-45],
  f64: [0, -0, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, Infinity, -Infinity, Number.MIN_VALUE],
};

/** Largest packet time the 6-byte secondary header can carry: u32 seconds plus 65535/65536 s. */
const MAX_TIME_MS = 0xffff_ffff * 1000 + 999;

function extremeHeader(rng: Rng, scid: number, apid: number): FrameHeader {
  return {
    scid,
    vcid: rng.pick([0, 1, MAX_VCID]),
    masterFrameCount: rng.pick([0, 255]),
    virtualFrameCount: rng.pick([0, 255]),
    apid,
    sequenceCount: rng.pick([0, 1, MAX_SEQUENCE_COUNT]),
    timeMs: epochMs(rng.pick([0, 1, 1_790_000_000_000, MAX_TIME_MS])),
  };
}

export function buildSeedFrames(dictionary: Dictionary, rng: Rng): Uint8Array[] {
  const codec = new FrameCodec(dictionary);
  const seeds: Uint8Array[] = [];
  for (const spacecraft of dictionary.spacecraft) {
    for (const packet of dictionary.packets) {
      for (let variant = 0; variant < 4; variant++) {
        const raw = packet.parameters.map((p) =>
          variant === 0 ? 0 : rng.pick(EXTREMES[p.type].filter((v) => variant === 3 || !Number.isNaN(v))),
        );
        seeds.push(codec.encode({ ...extremeHeader(rng, spacecraft.scid, packet.apid), raw }));
      }
    }
  }
  return seeds;
}
