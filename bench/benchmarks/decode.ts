// Benchmark 1, decode: frames decoded, CRC-checked and converted to engineering values per second in one
// process, with 100,000 damaged frames mixed in that must be rejected without a single exception. Baseline:
// JSON.parse of the same content as JSON text, the obvious alternative wire format.
import { crc16CcittFalse, FrameCodec, type RejectCode } from '../../shared/codec';
import { DICTIONARY } from '../../server/mission/shipped';
import { randomInt, seededRandom, type Random } from '../harness/random';
import { latencyRow, rateRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';
import { crc16Bytewise } from '../workloads/crcBytewise';
import { damagedFrames, validFrames } from '../workloads/frames';
import { codecPass, livePass, missionLoadMs, xtceDecoder, xtcePass } from './xtceDecode';
import { SHIPPED_DECODER } from '../../server/mission/shipped';

const DAMAGED = 100_000;

interface PassResult {
  decoded: number;
  rejected: number;
  exceptions: number;
  checksum: number;
  rejections: Partial<Record<RejectCode, number>>;
}

function decodePass(codec: FrameCodec, stream: readonly Uint8Array[], countRejections: boolean): PassResult {
  const result: PassResult = { decoded: 0, rejected: 0, exceptions: 0, checksum: 0, rejections: {} };
  for (let i = 0; i < stream.length; i++) {
    try {
      const decoded = codec.decode(stream[i]!);
      if (decoded.ok) {
        result.decoded++;
        // Read an engineering value so the work cannot be optimised away.
        result.checksum += decoded.frame.eng[0] ?? 0;
      } else {
        result.rejected++;
        if (countRejections) result.rejections[decoded.error] = (result.rejections[decoded.error] ?? 0) + 1;
      }
    } catch {
      result.exceptions++;
    }
  }
  return result;
}

function jsonPass(texts: readonly string[]): number {
  let checksum = 0;
  for (let i = 0; i < texts.length; i++) {
    const parsed = JSON.parse(texts[i]!) as { raw: number[] };
    checksum += parsed.raw[0] ?? 0;
  }
  return checksum;
}

// Two copies of one loop, so that each call site sees one CRC function and neither pays for a polymorphic call.
function codecCrcPass(frames: readonly Uint8Array[]): number {
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    checksum ^= crc16CcittFalse(frame, 0, frame.length - 2);
  }
  return checksum;
}

function bytewiseCrcPass(frames: readonly Uint8Array[]): number {
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    checksum ^= crc16Bytewise(frame, 0, frame.length - 2);
  }
  return checksum;
}

/** The stream with the extra frames inserted at random positions, keeping the stream's own order. */
function mixIn(random: Random, stream: readonly Uint8Array[], extra: readonly Uint8Array[]): Uint8Array[] {
  const total = stream.length + extra.length;
  const isExtra = new Uint8Array(total);
  for (let placed = 0; placed < extra.length;) {
    const position = randomInt(random, total);
    if (isExtra[position] === 0) {
      isExtra[position] = 1;
      placed++;
    }
  }
  const mixed: Uint8Array[] = [];
  let s = 0;
  let e = 0;
  for (let i = 0; i < total; i++) mixed.push(isExtra[i] === 1 ? extra[e++]! : stream[s++]!);
  return mixed;
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return (performance.now() - started) / 1000;
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const distinct = context.quick ? 50_000 : 100_000;
  const repeats = context.quick ? 4 : 10;
  const samples = context.quick ? 5 : 15;
  const codec = new FrameCodec(DICTIONARY);
  const random = seededRandom(7);

  const { inputs, frames } = validFrames(codec, DICTIONARY, random, distinct);
  const damaged = damagedFrames(frames, random, DAMAGED);
  // Frames are read in arrival order, as a station's batches are, with the damaged ones at random places:
  // a shuffled stream would measure cache misses on a working set no real ingest has.
  const order: number[] = [];
  for (let r = 0; r < repeats; r++) for (let i = 0; i < distinct; i++) order.push(i);
  const validStream = order.map((i) => frames[i]!);
  const mixed = mixIn(random, validStream, damaged);
  const texts = order.map((i) => JSON.stringify(inputs[i]!));
  const crcBytes = validStream.reduce((sum, frame) => sum + frame.length - 2, 0);
  context.log(`${validStream.length} valid + ${DAMAGED} damaged frames, ${samples} samples`);

  const decodeRates: number[] = [];
  const jsonRates: number[] = [];
  const crcRates: number[] = [];
  const bytewiseRates: number[] = [];
  const xtceRates: number[] = [];
  const codecSameFrameRates: number[] = [];
  const xtce = xtceDecoder();
  const liveRates: number[] = [];
  let exceptions = 0;
  let check = 0;
  let last: PassResult | undefined;
  // Interleaved so that load from other processes on the shared machine hits codec and baseline alike.
  for (let s = -2; s < samples; s++) {
    let pass: PassResult | undefined;
    const decodeS = timed(() => (pass = decodePass(codec, mixed, false)));
    const jsonS = timed(() => (check += jsonPass(texts)));
    const crcS = timed(() => (check += codecCrcPass(validStream)));
    const bytewiseS = timed(() => (check += bytewiseCrcPass(validStream)));
    let xtceDecoded = 0;
    const xtceS = timed(() => (xtceDecoded = xtcePass(xtce, validStream).decoded));
    const codecS = timed(() => (check += codecPass(codec, validStream).checksum));
    const liveS = timed(() => (check += livePass(SHIPPED_DECODER, validStream).checksum));
    if (xtceDecoded !== validStream.length) throw new Error(`XTCE decoder read ${xtceDecoded} valid frames`);
    exceptions += pass!.exceptions;
    check += pass!.checksum;
    if (s < 0) continue; // warm-up
    decodeRates.push(pass!.decoded / decodeS);
    jsonRates.push(texts.length / jsonS);
    crcRates.push(crcBytes / crcS);
    bytewiseRates.push(crcBytes / bytewiseS);
    xtceRates.push(validStream.length / xtceS);
    codecSameFrameRates.push(validStream.length / codecS);
    liveRates.push(validStream.length / liveS);
    last = pass;
  }
  const census = decodePass(codec, damaged, true);
  exceptions += census.exceptions;
  context.log(`checksum ${check.toFixed(3)}; damaged frames rejected: ${JSON.stringify(census.rejections)}`);
  if (last && last.decoded !== validStream.length) throw new Error(`decoded ${last.decoded} valid frames`);

  const bench = 'decode';
  const workload = `${distinct / 1000}k distinct frames ×${repeats} + ${DAMAGED / 1000}k damaged, in order`;
  const jsonMedian = rateRow({ bench, metric: '', workload, unit: '' }, jsonRates).median;
  const bytewiseMedian = rateRow({ bench, metric: '', workload, unit: '' }, bytewiseRates).median;
  const codecMedian = rateRow({ bench, metric: '', workload, unit: '' }, codecSameFrameRates).median;
  const loadMs = missionLoadMs(context.quick ? 3 : 7);
  return [
    rateRow(
      {
        bench,
        metric: 'decode + CRC + engineering values',
        workload,
        unit: 'frames/s',
        target: { value: 2_000_000, better: 'higher', on: 'median' },
        baseline: { name: 'JSON.parse same content', median: jsonMedian },
      },
      decodeRates,
    ),
    valueRow(
      {
        bench,
        metric: 'exceptions on damaged frames',
        workload: `${DAMAGED / 1000}k random, truncated, bit-flipped, every pass`,
        unit: 'count',
        target: { value: 0, better: 'lower', on: 'median' },
        note: `rejections by code: ${JSON.stringify(census.rejections)}`,
      },
      exceptions,
    ),
    rateRow(
      {
        bench,
        metric: 'CRC-16/CCITT-FALSE',
        workload: 'the valid frames, header + data',
        unit: 'bytes/s',
        baseline: { name: 'byte-at-a-time table', median: bytewiseMedian },
      },
      crcRates,
    ),
    rateRow(
      {
        bench,
        metric: 'XTCE-generated decoder: CRC + packet + engineering values',
        workload: `the ${validStream.length / 1000}k valid frames, mission/ortaq.xml`,
        unit: 'packets/s',
        target: { value: 2_000_000, better: 'higher', on: 'median' },
        baseline: { name: "today's compiled frame codec, same frames", median: codecMedian },
        note: 'goal: ratio ≥ 0.5 (within 2× of the compiled codec)',
      },
      xtceRates,
    ),
    rateRow(
      {
        bench,
        metric: "live path's frame decoder generated from the XTCE: CRC + packet + values (what ingest runs)",
        workload: `the ${validStream.length / 1000}k valid frames, mission/ortaq.xml`,
        unit: 'packets/s',
        target: { value: 2_000_000, better: 'higher', on: 'median' },
        baseline: { name: "today's compiled frame codec, same frames", median: codecMedian },
        note: 'goal: ratio ≥ 0.5 (within 2× of the compiled codec)',
      },
      liveRates,
    ),
    latencyRow(
      {
        bench,
        metric: 'mission load: 100 spacecraft sharing one 500-parameter XTCE',
        workload: 'mission.yaml + XTCE text in memory, read, resolved, checked, to a Dictionary',
        unit: 'ms',
        target: { value: 2000, better: 'lower', on: 'median' },
      },
      loadMs,
    ),
  ];
}
