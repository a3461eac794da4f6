import { describe, expect, it } from 'vitest';
import { FRAME_REJECT_CODES } from '../../shared/link';
import { LINK_FUZZ_LIMITS, runLinkFuzz } from './linkFuzz';

const SEQUENCES = 1_000_000;
const SEED = 20_261_202;

describe('TM link fuzz', () => {
  it(
    `decodes and extracts ${SEQUENCES.toLocaleString('en')} mutated frame sequences from four stations, never throwing, in flat memory`,
    { timeout: 120_000 },
    () => {
      const report = runLinkFuzz(SEQUENCES, SEED);
      expect(report.failures).toEqual([]);
      expect(report.failureCount).toBe(0);
      // Every rejection is reached, and most frames still get through to the extractor.
      for (const code of FRAME_REJECT_CODES) expect(report.rejected[code]).toBeGreaterThan(50);
      expect(report.accepted).toBeGreaterThan(report.frames / 2);
      expect(report.packets).toBeGreaterThan(SEQUENCES);
      // Unmutated sequences on a fresh context gave back exactly their packets (checked inside the run).
      expect(report.cleanSequences).toBeGreaterThan(SEQUENCES / 100);
      expect(report.maxContexts).toBeLessThanOrEqual(LINK_FUZZ_LIMITS.maxContexts);
      expect(report.maxHeldBytes).toBeLessThanOrEqual(LINK_FUZZ_LIMITS.maxPendingBytes);
      expect(report.heapAfterBytes - report.heapBeforeBytes).toBeLessThan(4 * 1024 * 1024);
    },
  );
});
