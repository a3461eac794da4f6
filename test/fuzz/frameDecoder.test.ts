import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import { FrameCodec } from '../../shared/codec';
import { runFrameFuzz } from './frameFuzz';
import { createReference, VERDICTS } from './reference';
import { createRng } from './rng';
import { buildSeedFrames } from './seeds';

const FRAMES = 1_000_000;
const SEED = 20_260_425;

describe('frame decoder fuzz', () => {
  it('agrees with the documented rules on every seed frame', () => {
    const reference = createReference(DICTIONARY);
    const codec = new FrameCodec(DICTIONARY);
    const seeds = buildSeedFrames(DICTIONARY, createRng(1));
    expect(seeds.length).toBe(DICTIONARY.spacecraft.length * DICTIONARY.packets.length * 4);
    for (const seed of seeds) {
      expect(reference(seed)).toBe('ok');
      expect(codec.decode(seed).ok).toBe(true);
    }
  });

  it(
    `decodes or rejects ${FRAMES.toLocaleString('en')} mutated frames with a code, never throwing, in flat memory`,
    { timeout: 60_000 },
    () => {
      const report = runFrameFuzz(DICTIONARY, FRAMES, SEED);
      expect(report.failures).toEqual([]);
      expect(report.failureCount).toBe(0);
      // Every verdict is reached a fair number of times, so no check behind the CRC goes unexercised.
      for (const verdict of VERDICTS) expect(report.verdicts[verdict]).toBeGreaterThan(1000);
      expect(Object.values(report.verdicts).reduce((a, b) => a + b, 0)).toBe(FRAMES);
      // The decoder keeps nothing between frames: after a full collection the heap is where it started.
      expect(report.heapAfterBytes - report.heapBeforeBytes).toBeLessThan(4 * 1024 * 1024);
    },
  );
});
