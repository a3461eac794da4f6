// The decode benchmark's XTCE rows: the decoder compiled from the shipped mission's XTCE against today's
// compiled frame codec on the same frames (both check the CRC and read every parameter to engineering values),
// and the time to load a mission of 100 spacecraft sharing one 500-parameter XTCE.
import type { FrameCodec } from '../../shared/codec';
import type { XtceFrameDecoder } from '../../shared/mission/frameDecoder';
import { CRC_BYTES, crc16CcittFalse, TF_HEADER_BYTES } from '../../shared/codec';
import { loadMissionFrom } from '../../shared/mission/loader';
import { PacketDecoder } from '../../shared/xtce/decoder';
import { SHIPPED_MISSION } from '../../server/mission/shipped';
import { syntheticMissionFiles } from '../workloads/syntheticMission';

export function xtceDecoder(): PacketDecoder {
  const database = SHIPPED_MISSION.databases.get('ortaq.xml')!;
  return new PacketDecoder(database.containerByName.get('/Ortaq/CCSDSPacket')!, database.parameters.length);
}

/** CRC, then the packet through the XTCE decoder: what an XTCE-driven ingest does per frame. */
export function xtcePass(
  decoder: PacketDecoder,
  frames: readonly Uint8Array[],
): { decoded: number; checksum: number } {
  let decoded = 0;
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const crcOffset = frame.length - CRC_BYTES;
    if (crc16CcittFalse(frame, 0, crcOffset) !== ((frame[crcOffset]! << 8) | frame[crcOffset + 1]!)) continue;
    const result = decoder.decode(frame, TF_HEADER_BYTES, crcOffset);
    if (!result.ok) continue;
    decoded++;
    const last = result.packet.eng[result.packet.eng.length - 1];
    checksum += typeof last === 'number' ? last : 1;
  }
  return { decoded, checksum };
}

// Two copies of one loop, the compiled codec's and the live path's, so that each call site sees one decoder
// (as ingest does) and neither pays for a polymorphic call or for inlining the other.
/** Frames through today's compiled frame codec. */
export function codecPass(
  codec: FrameCodec,
  frames: readonly Uint8Array[],
): { decoded: number; checksum: number } {
  let decoded = 0;
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) {
    const result = codec.decode(frames[i]!);
    if (!result.ok) continue;
    decoded++;
    checksum += result.frame.eng[result.frame.eng.length - 1] ?? 0;
  }
  return { decoded, checksum };
}

/** Frames through the live path's decoder generated from the XTCE. */
export function livePass(
  decoder: XtceFrameDecoder,
  frames: readonly Uint8Array[],
): { decoded: number; checksum: number } {
  let decoded = 0;
  let checksum = 0;
  for (let i = 0; i < frames.length; i++) {
    const result = decoder.decode(frames[i]!);
    if (!result.ok) continue;
    decoded++;
    checksum += result.frame.eng[result.frame.eng.length - 1] ?? 0;
  }
  return { decoded, checksum };
}

/** Milliseconds to load the made-up mission, once per sample. */
export function missionLoadMs(samples: number, parameters = 500, spacecraft = 100): number[] {
  const readFile = syntheticMissionFiles(parameters, spacecraft);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const loaded = loadMissionFrom(readFile);
    times.push(performance.now() - started);
    if (!loaded.dictionary) throw new Error(`synthetic mission did not load: ${loaded.problems[0]?.message}`);
    if (loaded.dictionary.spacecraft.length !== spacecraft)
      throw new Error('synthetic mission lost spacecraft');
  }
  return times;
}
