// Fixed-length TM transfer frames as a spacecraft's frame generator makes them (shared/link's writer): the
// packet sizes are drawn so that a 1115-octet frame carries about eight packets, some spanning two frames.
import {
  DEFAULT_LINK,
  TmFrameWriter,
  archivePacketToLink,
  type PhysicalChannelConfig,
} from '../../shared/link';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireMission } from '../../server/mission/folder';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import { randomInt, type Random } from '../harness/random';
import { FrameFactory } from './frameFactory';
import { STREAM_START_MS } from './ingestRun';
import { writeSyntheticMission } from './syntheticMission';

export interface TmFrameStream {
  frames: Uint8Array[];
  /** Non-idle packets started in the stream (all complete but possibly the last). */
  packets: number;
}

/** A packet with a plausible primary header and a data field of `dataBytes` octets. */
function packet(apid: number, sequenceCount: number, dataBytes: number, random: Random): Uint8Array {
  const bytes = new Uint8Array(6 + dataBytes);
  bytes[0] = 0x08 | (apid >> 8);
  bytes[1] = apid & 0xff;
  bytes[2] = 0xc0 | ((sequenceCount >> 8) & 0x3f);
  bytes[3] = sequenceCount & 0xff;
  bytes[4] = (dataBytes - 1) >> 8;
  bytes[5] = (dataBytes - 1) & 0xff;
  for (let i = 6; i < bytes.length; i += 7) bytes[i] = randomInt(random, 256);
  return bytes;
}

export function tmFrameStream(
  random: Random,
  frameCount: number,
  packetBytes: { min: number; max: number },
  link: PhysicalChannelConfig = DEFAULT_LINK,
  scid = 101,
): TmFrameStream {
  const writer = new TmFrameWriter(scid, link);
  const frames: Uint8Array[] = [];
  let packets = 0;
  while (frames.length < frameCount) {
    const size = packetBytes.min + randomInt(random, packetBytes.max - packetBytes.min + 1);
    frames.push(...writer.write(0, packet(16 + (packets % 7) * 16, packets & 0x3fff, size - 6, random)));
    packets++;
  }
  frames.length = frameCount;
  return { frames, packets };
}

/**
 * A station's stream of TM frames carrying the fleet's housekeeping packets (decodable with the dictionary):
 * lane `lane` flies one spacecraft, a packet a second per APID, a millisecond apart from other lanes so that
 * lanes never share a packet key. Stateful: call with n = 0, 1, 2, … in order.
 */
export function housekeepingTmLane(
  factory: FrameFactory,
  lane: number,
  startMs: number,
  onPacket: () => void = () => undefined,
  links: ReadonlyMap<string, PhysicalChannelConfig> = LINKS,
): (n: number) => Uint8Array {
  const spacecraft = lane % factory.dictionary.spacecraft.length;
  const def = factory.dictionary.spacecraft[spacecraft]!;
  // Each spacecraft flies the physical channel and packet time code its mission.yaml gives it.
  const link = links.get(def.id) ?? DEFAULT_LINK;
  const writer = new TmFrameWriter(def.scid, link);
  const packetCount = factory.housekeeping.length;
  const ready: Uint8Array[] = [];
  let m = 0;
  return () => {
    while (ready.length === 0) {
      const tick = Math.floor(m / packetCount);
      const key = {
        spacecraft,
        packet: m % packetCount,
        sequenceCount: tick & 0x3fff,
        timeMs: startMs + tick * 1000 + lane,
      };
      const oneFrame = factory.frame(key, m);
      const packet = archivePacketToLink(oneFrame.subarray(6, oneFrame.length - 2), link.packetTime)!;
      ready.push(...writer.write(0, packet));
      onPacket();
      m++;
    }
    return ready.shift()!;
  };
}

/**
 * Which housekeeping the TM ingest rows carry: `fleet` is the shipped fleet's own packets (3–12 values,
 * 19–49 octets: ~38 to a frame); `hk130` is a made-up mission whose housekeeping packets carry 59 16-bit,
 * calibrated, limit-checked values each (130 octets: about eight to a 1115-octet frame, as the issue asks).
 */
export type TmWorkload = 'fleet' | 'hk130';

/** Values in an hk130 packet: 6 + 6 header octets + 59 × 2 = 130 octets. */
export const HK130_VALUES = 59;
const HK130_PACKETS = 6;
const HK130_SPACECRAFT = 8;

export interface TmLaneSource {
  /** The n-th frame of a lane (ask in order per lane). */
  frame: (lane: number, n: number) => Uint8Array;
  packetsPerFrame: () => number;
  /** The mission folder the server must load (made up in a temporary folder), or none for the shipped one. */
  missionDir?: string;
}

export function tmLaneSource(workload: TmWorkload): TmLaneSource {
  let missionDir: string | undefined;
  let mission = { dictionary: DICTIONARY, links: LINKS };
  if (workload === 'hk130') {
    missionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-hk130-'));
    writeSyntheticMission(missionDir, HK130_VALUES * HK130_PACKETS, HK130_SPACECRAFT, HK130_VALUES);
    mission = requireMission(missionDir);
  }
  const factory = new FrameFactory(mission.dictionary);
  const lanes = new Map<number, (n: number) => Uint8Array>();
  let frames = 0;
  let packets = 0;
  return {
    frame: (lane, n) => {
      let next = lanes.get(lane);
      if (!next) {
        next = housekeepingTmLane(factory, lane, STREAM_START_MS, () => packets++, mission.links);
        lanes.set(lane, next);
      }
      frames++;
      return next(n);
    },
    packetsPerFrame: () => packets / Math.max(1, frames),
    ...(missionDir ? { missionDir } : {}),
  };
}
