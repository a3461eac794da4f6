// The simulator's encoder, generated from the loaded mission's XTCE: the mirror of frameDecoder.ts. Each
// spacecraft's packets are written from its own XTCE file and packet container — every field in its own
// encoding, after the inverse of its calibration (shared/xtce/encoder.ts) — inside Ortaq's archive-form
// envelope (transfer frame header, primary and time secondary header, CRC-16), so a spacecraft flies whatever
// the loader accepts and the ground reads back the values it was given.
import { crc16CcittFalse } from '../codec/crc16';
import { writeFrameHeaders, type FrameEncoder, type FrameHeader } from '../codec/frame';
import {
  CRC_BYTES,
  MAX_SCID,
  PACKET_HEADER_BYTES,
  SECONDARY_HEADER_BYTES,
  USER_DATA_OFFSET,
} from '../codec/layout';
import type { Dictionary, PacketDef } from '../dictionary/types';
import type { XtceContainer, XtceParameter } from '../xtce/database';
import { PacketEncoder } from '../xtce/encoder';
import { packetsByContainer, spacecraftPackets, type SpacecraftPackets } from './frameDecoder';
import type { LoadedMission } from './loader';

const HEADER_BITS = (PACKET_HEADER_BYTES + SECONDARY_HEADER_BYTES) * 8;
/** The longest space packet (a 16-bit length field): the scratch packet every encoding is written into. */
const MAX_PACKET_BYTES = PACKET_HEADER_BYTES + 0x1_0000;

interface PacketPlan {
  encoder: PacketEncoder;
  /** Position in the packet's measured parameters, by XTCE parameter index. */
  positions: Map<number, number>;
}

/** Encodes archive-form frames with each spacecraft's XTCE. */
export class XtceFrameEncoder implements FrameEncoder {
  private readonly bySpacecraft: (Map<number, PacketPlan> | undefined)[];
  private readonly scratch = new Uint8Array(MAX_PACKET_BYTES);

  constructor(dictionary: Dictionary, spacecraft: readonly SpacecraftPackets[]) {
    this.bySpacecraft = new Array<Map<number, PacketPlan> | undefined>(MAX_SCID + 1).fill(undefined);
    const shared = new Map<XtceContainer, Map<number, PacketPlan>>();
    for (const s of spacecraft) {
      let plans = shared.get(s.packetContainer);
      if (!plans) {
        plans = new Map();
        for (const [container, packet] of packetsByContainer(s.packetContainer, dictionary.packets))
          plans.set(packet.apid, planOf(container, s.packetContainer, packet, s.database.parameters));
        shared.set(s.packetContainer, plans);
      }
      this.bySpacecraft[s.scid] = plans;
    }
  }

  /** Throws on an unknown spacecraft or APID: a programming error on the sending side, not bad input. */
  encodeEngineering(header: FrameHeader, values: readonly number[]): Uint8Array {
    const plan = this.bySpacecraft[header.scid]?.get(header.apid);
    if (!plan) throw new Error(`encode: no packet ${header.apid} for SCID ${header.scid}`);
    const scratch = this.scratch;
    const end = plan.encoder.encode(
      (parameter) => {
        const at = plan.positions.get(parameter.index);
        return at === undefined ? undefined : values[at];
      },
      scratch,
      0,
      HEADER_BITS,
    );
    if (end < 0) throw new Error(`encode: packet ${header.apid} does not fit a space packet`);
    const packetBytes = (end + 7) >>> 3;
    const userDataBytes = packetBytes - HEADER_BITS / 8;
    const bytes = new Uint8Array(USER_DATA_OFFSET + userDataBytes + CRC_BYTES);
    writeFrameHeaders(new DataView(bytes.buffer), header, userDataBytes);
    bytes.set(scratch.subarray(HEADER_BITS / 8, packetBytes), USER_DATA_OFFSET);
    scratch.fill(0, 0, packetBytes);
    const crcOffset = bytes.length - CRC_BYTES;
    const crc = crc16CcittFalse(bytes, 0, crcOffset);
    bytes[crcOffset] = crc >>> 8;
    bytes[crcOffset + 1] = crc & 0xff;
    return bytes;
  }
}

function planOf(
  container: XtceContainer,
  packetContainer: XtceContainer,
  packet: PacketDef,
  parameters: readonly XtceParameter[],
): PacketPlan {
  const byName = new Map(parameters.map((p) => [p.qualifiedName, p.index]));
  const positions = new Map<number, number>();
  packet.parameters.forEach((parameter, i) => {
    const index = parameter.source && byName.get(parameter.source.qualifiedName);
    if (index !== undefined) positions.set(index, i);
  });
  return { encoder: new PacketEncoder(container, packetContainer), positions };
}

/** The simulator's encoder for a mission that can run: each spacecraft's packets written with its own XTCE. */
export function missionFrameEncoder(
  loaded: Pick<LoadedMission, 'mission' | 'databases'> & { dictionary: Dictionary },
): XtceFrameEncoder {
  return new XtceFrameEncoder(loaded.dictionary, spacecraftPackets(loaded));
}
