// Fast generation of realistic, unique frames for load generators: one encoded template per spacecraft,
// housekeeping packet and value variant (values inside their nominal limits, so the server's limit checking
// runs on every frame without raising alarms), patched per frame with its counters and time, and a fresh
// CRC. A station must produce 10,000s of frames a second without taking the server's CPU.
import { crc16CcittFalse, engineeringToRaw, FrameCodec, TIME_FRACTION_PER_S } from '../../shared/codec';
import type { Dictionary, PacketDef, ParameterDef } from '../../shared/dictionary';
import { epochMs } from '../../shared/units';
import { seededRandom, type Random } from '../harness/random';

const VARIANTS = 8;

function nominalValue(parameter: ParameterDef, random: Random): number {
  if (parameter.states) {
    const quiet = Object.keys(parameter.states)
      .map(Number)
      .filter((state) => parameter.alarmStates?.[state] === undefined);
    return quiet[Math.floor(random() * quiet.length)] ?? 0;
  }
  const band = parameter.limits?.yellow;
  if (band?.low !== undefined && band.high !== undefined) {
    const middle = (band.low + band.high) / 2;
    return middle + ((random() - 0.5) * (band.high - band.low)) / 4;
  }
  if (band?.high !== undefined) return band.high / 2;
  if (band?.low !== undefined) return band.low + Math.abs(band.low) * 0.5 + 1;
  return random() * 100;
}

export interface FrameKey {
  /** Index into the dictionary's spacecraft. */
  spacecraft: number;
  /** Index into the housekeeping packets. */
  packet: number;
  sequenceCount: number;
  timeMs: number;
}

export class FrameFactory {
  private readonly templates: Uint8Array[][][];
  readonly housekeeping: PacketDef[];

  constructor(
    readonly dictionary: Dictionary,
    seed = 1,
    /** Virtual channel of every frame: realtime by default, VC_PLAYBACK for a recorder dump. */
    vcid = 0,
  ) {
    const codec = new FrameCodec(dictionary);
    const random = seededRandom(seed);
    this.housekeeping = dictionary.packets.filter((packet) => packet.kind === 'housekeeping');
    this.templates = dictionary.spacecraft.map((spacecraft) =>
      this.housekeeping.map((packet) =>
        Array.from({ length: VARIANTS }, () =>
          codec.encode({
            scid: spacecraft.scid,
            vcid,
            masterFrameCount: 0,
            virtualFrameCount: 0,
            apid: packet.apid,
            sequenceCount: 0,
            timeMs: epochMs(0),
            raw: packet.parameters.map((p) => engineeringToRaw(p, nominalValue(p, random))),
          }),
        ),
      ),
    );
  }

  /** A new frame with the key's counters and time; the variant picks one of the templates' value sets. */
  frame(key: FrameKey, variant: number): Uint8Array {
    const template = this.templates[key.spacecraft]![key.packet]![variant % VARIANTS]!;
    const bytes = template.slice();
    bytes[2] = key.sequenceCount & 0xff;
    bytes[3] = (key.sequenceCount >> 8) & 0xff;
    bytes[8] = 0xc0 | ((key.sequenceCount >> 8) & 0x3f);
    bytes[9] = key.sequenceCount & 0xff;
    const seconds = Math.floor(key.timeMs / 1000);
    const fraction = Math.min(
      TIME_FRACTION_PER_S - 1,
      Math.round(((key.timeMs - seconds * 1000) * TIME_FRACTION_PER_S) / 1000),
    );
    bytes[12] = seconds >>> 24;
    bytes[13] = (seconds >>> 16) & 0xff;
    bytes[14] = (seconds >>> 8) & 0xff;
    bytes[15] = seconds & 0xff;
    bytes[16] = fraction >> 8;
    bytes[17] = fraction & 0xff;
    const crcOffset = bytes.length - 2;
    const crc = crc16CcittFalse(bytes, 0, crcOffset);
    bytes[crcOffset] = crc >> 8;
    bytes[crcOffset + 1] = crc & 0xff;
    return bytes;
  }
}

/**
 * The n-th frame of a telemetry stream: the fleet's spacecraft and housekeeping packets in turn, each series
 * at one sample per `periodMs`, starting at startMs. Streams with different `lane`s never share a key, so
 * stations given different lanes send disjoint frames and stations given the same lane send the same ones.
 */
export function streamKey(
  factory: FrameFactory,
  n: number,
  lane: number,
  startMs: number,
  periodMs = 1000,
): FrameKey {
  const spacecraftCount = factory.dictionary.spacecraft.length;
  const packetCount = factory.housekeeping.length;
  const series = spacecraftCount * packetCount;
  const tick = Math.floor(n / series);
  const within = n % series;
  return {
    spacecraft: within % spacecraftCount,
    packet: Math.floor(within / spacecraftCount),
    sequenceCount: tick & 0x3fff,
    // Lanes are interleaved in time a millisecond apart so that their keys differ.
    timeMs: startMs + tick * periodMs + lane,
  };
}
