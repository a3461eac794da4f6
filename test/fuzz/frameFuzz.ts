// The frame decoder fuzz: seeded, bounded, replayable. Used by the test suite (a short run) and by
// `npm run fuzz` (as long as asked).
import { packetParameters } from '../../shared/dictionary/derived';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { FrameCodec, REJECT_CODES, crc16CcittFalse, type DecodeResult } from '../../shared/codec';
import type { Dictionary } from '../../shared/dictionary';
import { MAX_SEQUENCE_COUNT, MAX_VCID } from '../../shared/codec';
import { MUTATORS, atOddOffset } from './mutators';
import { createReference, type Verdict } from './reference';
import { createRng } from './rng';
import { buildSeedFrames } from './seeds';

export interface FuzzFailure {
  index: number;
  hex: string;
  problem: string;
}

export interface FuzzReport {
  count: number;
  seed: number;
  verdicts: Record<Verdict, number>;
  /** Inputs that threw, were misjudged or decoded into an impossible frame; the first few only. */
  failures: FuzzFailure[];
  failureCount: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
}

const MAX_KEPT_FAILURES = 20;

/** The V8 garbage collector, exposed at run time so heap readings do not depend on node flags. */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const toHex = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 64)).toString('hex');

/** What a decoded frame must satisfy whatever the input; returns a problem or null. */
function checkDecoded(codec: FrameCodec, bytes: Uint8Array, result: DecodeResult & { ok: true }) {
  const f = result.frame;
  const n = bytes.length;
  if (codec.frameBytes(f.apid) !== n) return 'decoded with a length that is not its APID length';
  if (crc16CcittFalse(bytes, 0, n - 2) !== ((bytes[n - 2]! << 8) | bytes[n - 1]!)) return 'decoded a bad CRC';
  if (f.spacecraft.scid !== f.scid || f.packet.apid !== f.apid) return 'spacecraft or packet mismatch';
  // Measured values, then those derived from them.
  const expected = packetParameters(f.packet).length;
  if (f.raw.length !== expected || f.eng.length !== f.raw.length) return 'value count';
  if (f.vcid > MAX_VCID || f.sequenceCount > MAX_SEQUENCE_COUNT) return 'header field out of range';
  if (!Number.isFinite(f.timeMs) || f.timeMs < 0) return 'time out of range';
  return null;
}

export function runFrameFuzz(dictionary: Dictionary, count: number, seed: number): FuzzReport {
  const gc = exposeGc();
  const rng = createRng(seed);
  const codec = new FrameCodec(dictionary);
  const reference = createReference(dictionary);
  const seeds = buildSeedFrames(dictionary, rng);
  const verdicts = Object.fromEntries(['ok', ...REJECT_CODES].map((v) => [v, 0])) as Record<Verdict, number>;
  const failures: FuzzFailure[] = [];
  let failureCount = 0;
  const fail = (index: number, bytes: Uint8Array, problem: string) => {
    failureCount++;
    if (failures.length < MAX_KEPT_FAILURES) failures.push({ index, hex: toHex(bytes), problem });
  };

  gc();
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) {
    const bytes = atOddOffset(rng, rng.pick(MUTATORS)(rng, rng.pick(seeds), rng.pick(seeds)));
    let result: DecodeResult;
    try {
      result = codec.decode(bytes);
    } catch (error) {
      fail(i, bytes, `threw ${String(error)}`);
      continue;
    }
    const verdict: Verdict = result.ok ? 'ok' : result.error;
    verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
    const expected = reference(bytes);
    if (verdict !== expected) fail(i, bytes, `decoder said ${verdict}, the rules say ${expected}`);
    else if (result.ok) {
      const problem = checkDecoded(codec, bytes, result);
      if (problem) fail(i, bytes, problem);
    } else if (!REJECT_CODES.includes(result.error)) fail(i, bytes, `unknown code ${String(result.error)}`);
  }
  gc();
  const heapAfterBytes = process.memoryUsage().heapUsed;
  return { count, seed, verdicts, failures, failureCount, heapBeforeBytes, heapAfterBytes };
}
