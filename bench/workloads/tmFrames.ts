// Fixed-length TM transfer frames as a spacecraft's frame generator makes them (shared/link's writer): the
// packet sizes are drawn so that a 1115-octet frame carries about eight packets, some spanning two frames.
import {
  DEFAULT_LINK,
  TmFrameWriter,
  archivePacketToLink,
  type PhysicalChannelConfig,
} from '../../shared/link';
import { LINKS } from '../../server/mission/shipped';
import { randomInt, type Random } from '../harness/random';
import type { FrameFactory } from './frameFactory';

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
): (n: number) => Uint8Array {
  const spacecraft = lane % factory.dictionary.spacecraft.length;
  const def = factory.dictionary.spacecraft[spacecraft]!;
  // Each spacecraft flies the physical channel and packet time code its mission.yaml gives it.
  const link = LINKS.get(def.id) ?? DEFAULT_LINK;
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
