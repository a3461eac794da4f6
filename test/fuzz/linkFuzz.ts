// The TM link fuzz: seeded, replayable sequences of transfer frames built by the test encoder, mutated
// (frames lost, repeated, reordered, bits flipped with the FECF fixed or not, pointers and counters rewritten,
// lengths changed, random bytes) and fed as several stations through the decoder and the packet extractor.
// Used by the test suite and by `npm run fuzz:link -- [count] [seed]`.
import { crc16CcittFalse } from '../../shared/codec/crc16';
import {
  DEFAULT_LINK,
  FRAME_REJECT_CODES,
  LinkTable,
  PacketExtractor,
  emptyLinkCounts,
  packetTotalBytes,
  physicalChannelSchema,
  type ExtractorLimits,
  type PhysicalChannelConfig,
} from '../../shared/link';
import { packetsToFrames, spacePacket, toHex, type ChannelSpec } from '../helpers/tmFrames';
import { exposeGc } from './frameFuzz';
import { createRng, type Rng } from './rng';

interface Spacecraft {
  scid: number;
  link: PhysicalChannelConfig;
}

const SPACECRAFT: Spacecraft[] = [
  { scid: 101, link: DEFAULT_LINK },
  // Smaller frames too: more frames per second of fuzz, and layouts the fleet default does not exercise.
  {
    scid: 300,
    link: physicalChannelSchema.parse({
      frameBytes: 128,
      fecf: false,
      frameSecondaryHeaderBytes: 4,
      virtualChannels: [
        { vcid: 0, role: 'realtime' },
        { vcid: 2, role: 'playback', ocf: true },
      ],
      packetTime: DEFAULT_LINK.packetTime,
      maxPacketBytes: 1024,
    }),
  },
  {
    scid: 1023,
    link: physicalChannelSchema.parse({ ...DEFAULT_LINK, frameBytes: 64, maxPacketBytes: 512 }),
  },
];

const STATIONS = ['astana', 'ankara', 'baku', 'tashkent'];
export const LINK_FUZZ_LIMITS: ExtractorLimits = {
  maxContexts: 24,
  maxPendingBytes: 64 * 1024,
  staleWindowFrames: 32,
  newPassAfterMs: 60_000,
};

interface SeedSequence {
  spacecraft: Spacecraft;
  fecf: boolean;
  frames: Uint8Array[];
  packets: string[];
}

function channelOf(spacecraft: Spacecraft, rng: Rng): ChannelSpec {
  const vc = rng.pick(spacecraft.link.virtualChannels);
  return {
    scid: spacecraft.scid,
    vcid: vc.vcid,
    frameBytes: spacecraft.link.frameBytes,
    fecf: spacecraft.link.fecf,
    ocf: vc.ocf ? rng.int(2 ** 32) : undefined,
    secondaryHeaderBytes: spacecraft.link.frameSecondaryHeaderBytes,
    firstVcCount: rng.int(256),
  };
}

function buildSeeds(rng: Rng, count: number): SeedSequence[] {
  const seeds: SeedSequence[] = [];
  for (let i = 0; i < count; i++) {
    const spacecraft = rng.pick(SPACECRAFT);
    const channel = channelOf(spacecraft, rng);
    const maxData = Math.min(spacecraft.link.maxPacketBytes - 6, spacecraft.link.frameBytes * 2);
    const packets = Array.from({ length: rng.between(1, 6) }, (_, n) =>
      spacePacket({ apid: rng.int(0x7ff), sequenceCount: n, data: rng.between(1, maxData) }),
    );
    seeds.push({
      spacecraft,
      fecf: spacecraft.link.fecf,
      frames: packetsToFrames(channel, packets),
      packets: packets.map(toHex),
    });
  }
  return seeds;
}

// The fast CRC from shared/ here: the fuzz needs frames past the FECF, the CRC itself is checked elsewhere.
function refixFecf(frame: Uint8Array): void {
  if (frame.length < 8) return;
  const crc = crc16CcittFalse(frame, 0, frame.length - 2);
  frame[frame.length - 2] = crc >> 8;
  frame[frame.length - 1] = crc & 0xff;
}

type Mutator = (rng: Rng, frames: Uint8Array[], fecf: boolean) => Uint8Array[];

const copyAt = (frames: Uint8Array[], index: number): Uint8Array => (frames[index] = frames[index]!.slice());

const MUTATORS: Mutator[] = [
  (rng, frames) => frames.filter((_, i) => i !== rng.int(frames.length)), // a lost frame
  (rng, frames) => {
    const i = rng.int(frames.length);
    return [...frames.slice(0, i + 1), ...frames.slice(i)]; // a repeat
  },
  (rng, frames) => {
    const i = rng.int(frames.length);
    const j = rng.int(frames.length);
    const swapped = frames.slice();
    [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
    return swapped;
  },
  (rng, frames, fecf) => {
    const frame = copyAt(frames, rng.int(frames.length));
    for (let n = rng.between(1, 4); n > 0; n--) frame[rng.int(frame.length)]! ^= 1 << rng.int(8);
    if (fecf && rng.chance(0.7)) refixFecf(frame); // past the FECF: the extractor must cope with any content
    return frames;
  },
  (rng, frames, fecf) => {
    const frame = copyAt(frames, rng.int(frames.length));
    const fhp = rng.chance(0.3) ? rng.pick([0, 0x7fe, 0x7ff, 0x7fd]) : rng.int(frame.length);
    frame[4] = (frame[4]! & 0xf8) | (fhp >> 8);
    frame[5] = fhp & 0xff;
    if (fecf) refixFecf(frame);
    return frames;
  },
  (rng, frames, fecf) => {
    const frame = copyAt(frames, rng.int(frames.length));
    frame[3] = rng.int(256); // a counter jump
    if (fecf) refixFecf(frame);
    return frames;
  },
  (rng, frames) => {
    const i = rng.int(frames.length);
    const frame = frames[i]!;
    frames[i] = rng.chance(0.5)
      ? frame.subarray(0, rng.int(frame.length))
      : Uint8Array.of(...frame, rng.int(256));
    return frames;
  },
  (rng, frames) => {
    const length = rng.chance(0.5) ? frames[0]!.length : rng.int(200);
    frames[rng.int(frames.length)] = Uint8Array.from({ length }, () => rng.int(256));
    return frames;
  },
  (rng, frames, fecf) => {
    // Packet headers inside the data field rewritten: lengths that overrun, versions, idle APIDs.
    const frame = copyAt(frames, rng.int(frames.length));
    const at = 6 + rng.int(Math.max(1, frame.length - 12));
    frame[at] = rng.pick([0x07, 0xe0, 0x08, rng.int(256)]);
    frame[at + 1] = rng.int(256);
    if (fecf) refixFecf(frame);
    return frames;
  },
];

export interface LinkFuzzReport {
  sequences: number;
  frames: number;
  accepted: number;
  rejected: Record<string, number>;
  packets: number;
  cleanSequences: number;
  failures: string[];
  failureCount: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  maxContexts: number;
  maxHeldBytes: number;
}

export function runLinkFuzz(count: number, seed: number): LinkFuzzReport {
  const gc = exposeGc();
  const rng = createRng(seed);
  const table = new LinkTable(SPACECRAFT);
  const maxPacketBytes = new Map(SPACECRAFT.map((s) => [s.scid, s.link.maxPacketBytes]));
  const extractor = new PacketExtractor(LINK_FUZZ_LIMITS);
  const seeds = buildSeeds(rng, 400);
  const report: LinkFuzzReport = {
    sequences: count,
    frames: 0,
    accepted: 0,
    rejected: Object.fromEntries(FRAME_REJECT_CODES.map((code) => [code, 0])),
    packets: 0,
    cleanSequences: 0,
    failures: [],
    failureCount: 0,
    heapBeforeBytes: 0,
    heapAfterBytes: 0,
    maxContexts: 0,
    maxHeldBytes: 0,
  };
  const fail = (index: number, problem: string) => {
    report.failureCount++;
    if (report.failures.length < 20) report.failures.push(`sequence ${index}: ${problem}`);
  };
  let nowMs = 0;
  const counts = emptyLinkCounts();

  const feed = (index: number, frames: readonly Uint8Array[], stationId: string, keep: boolean) => {
    const got: string[] = [];
    let ertMs = rng.chance(0.5) ? nowMs : NaN;
    for (const bytes of frames) {
      report.frames++;
      nowMs += 1;
      ertMs += rng.int(3);
      try {
        const decoded = table.decode(bytes);
        if (!decoded.ok) {
          report.rejected[decoded.error] = (report.rejected[decoded.error] ?? 0) + 1;
          continue;
        }
        report.accepted++;
        const limit = maxPacketBytes.get(decoded.frame.scid)!;
        const packets = extractor.push(
          { stationId, ertMs, nowMs, maxPacketBytes: limit },
          decoded.frame,
          bytes,
          counts,
        );
        for (const packet of packets) {
          report.packets++;
          if (packet.length < 7 || packet.length !== packetTotalBytes(packet) || packet.length > limit) {
            fail(index, `packet of ${packet.length} octets says ${packetTotalBytes(packet)}`);
          }
          if (packet[0]! >>> 5 !== 0) fail(index, 'packet version not 0');
          if (keep) got.push(toHex(packet));
        }
      } catch (error) {
        fail(index, `threw ${String(error)} on ${toHex(bytes.subarray(0, 16))}`);
        return null;
      }
      report.maxContexts = Math.max(report.maxContexts, extractor.contextCount);
      report.maxHeldBytes = Math.max(report.maxHeldBytes, extractor.heldBytes);
    }
    return got;
  };

  gc();
  report.heapBeforeBytes = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) {
    const seedSequence = rng.pick(seeds);
    if (rng.chance(0.02)) {
      // Unmutated on a fresh context: every packet comes back, in order.
      report.cleanSequences++;
      extractor.forgetStation('clean');
      const got = feed(i, seedSequence.frames, 'clean', true);
      if (got && got.join() !== seedSequence.packets.join())
        fail(i, 'a clean sequence lost or changed packets');
      continue;
    }
    let frames = seedSequence.frames.slice();
    for (let n = rng.between(1, 3); n > 0 && frames.length > 0; n--) {
      frames = rng.pick(MUTATORS)(rng, frames, seedSequence.fecf);
    }
    feed(i, frames, rng.pick(STATIONS), false);
  }
  extractor.evictIdle(nowMs + 1);
  gc();
  report.heapAfterBytes = process.memoryUsage().heapUsed;
  return report;
}
