// The simulator's encoder, generated from the loaded mission's XTCE: the mirror of frameDecoder.ts. Each
// spacecraft's packets are written from its own XTCE file and packet container — every field in its own
// encoding, after the inverse of its calibration (shared/xtce/encoder.ts) — inside Ortaq's archive-form
// envelope (transfer frame header, primary and time secondary header, CRC-16), so a spacecraft flies whatever
// the loader accepts and the ground reads back the values it was given.
import { crc16CcittFalse } from '../codec/crc16';
import { writeFrameHeaders, type FrameEncoder, type FrameHeader } from '../codec/frame';
import { CRC_BYTES, MAX_SCID, PACKET_HEADER_BYTES, USER_DATA_OFFSET } from '../codec/layout';
import { cucBytes } from '../time/cuc';
import type { Dictionary, PacketDef } from '../dictionary/types';
import { TEXTS } from '../dictionary/texts';
import type { XtceContainer, XtceParameter } from '../xtce/database';
import { PacketEncoder } from '../xtce/encoder';
import { packetsByContainer, spacecraftPackets, type SpacecraftPackets } from './frameDecoder';
import type { LoadedMission } from './loader';

/** The longest space packet (a 16-bit length field): the scratch packet every encoding is written into. */
const MAX_PACKET_BYTES = PACKET_HEADER_BYTES + 0x1_0000;

interface PacketPlan {
  encoder: PacketEncoder;
  /** Position in the packet's measured parameters, by XTCE parameter index. */
  positions: Map<number, number>;
}

interface SpacecraftPlans {
  byPacket: Map<PacketDef, PacketPlan>;
  /** The first packet of each APID, for a caller that names only the APID. */
  byApid: Map<number, PacketPlan>;
  /** Octets of the link's time code, which the XTCE describes after the primary header. */
  timeBytes: number;
}

/** Encodes archive-form frames with each spacecraft's XTCE. */
export class XtceFrameEncoder implements FrameEncoder {
  private readonly bySpacecraft: (SpacecraftPlans | undefined)[];
  private readonly scratch = new Uint8Array(MAX_PACKET_BYTES);

  constructor(dictionary: Dictionary, spacecraft: readonly SpacecraftPackets[]) {
    this.bySpacecraft = new Array<SpacecraftPlans | undefined>(MAX_SCID + 1).fill(undefined);
    const shared = new Map<XtceContainer, Omit<SpacecraftPlans, 'timeBytes'>>();
    for (const s of spacecraft) {
      let plans = shared.get(s.packetContainer);
      if (!plans) {
        plans = { byPacket: new Map(), byApid: new Map() };
        for (const [container, packet] of packetsByContainer(s.packetContainer, dictionary.packets)) {
          const plan = planOf(container, packet, s.database.parameters);
          plans.byPacket.set(packet, plan);
          if (!plans.byApid.has(packet.apid)) plans.byApid.set(packet.apid, plan);
        }
        shared.set(s.packetContainer, plans);
      }
      this.bySpacecraft[s.scid] = { ...plans, timeBytes: cucBytes(s.packetTime) };
    }
  }

  /** Throws on an unknown spacecraft or packet: a programming error on the sending side, not bad input. */
  encodeEngineering(header: FrameHeader, values: readonly number[], packet?: PacketDef): Uint8Array {
    const plans = this.bySpacecraft[header.scid];
    const plan = packet ? plans?.byPacket.get(packet) : plans?.byApid.get(header.apid);
    if (!plans || !plan) throw new Error(`encode: no packet ${header.apid} for SCID ${header.scid}`);
    const scratch = this.scratch;
    // The whole packet as it flies, header fields and the values its restriction criteria ask for (the
    // packet id of a secondary header) included; the archive form then replaces the primary header and the
    // time code with its own.
    const end = plan.encoder.encode(
      (parameter) => {
        const at = plan.positions.get(parameter.index);
        if (at === undefined) return undefined;
        // A string's value is its text's code: the text is written (unknown to the book: an empty text).
        return parameter.type.encoding.kind === 'string' ? (TEXTS.textOf(values[at]!) ?? '') : values[at];
      },
      scratch,
      0,
      0,
    );
    if (end < 0) throw new Error(`encode: packet ${header.apid} does not fit a space packet`);
    const packetBytes = (end + 7) >>> 3;
    const bodyAt = PACKET_HEADER_BYTES + plans.timeBytes;
    const userDataBytes = Math.max(0, packetBytes - bodyAt);
    const bytes = new Uint8Array(USER_DATA_OFFSET + userDataBytes + CRC_BYTES);
    writeFrameHeaders(new DataView(bytes.buffer), header, userDataBytes);
    bytes.set(scratch.subarray(bodyAt, bodyAt + userDataBytes), USER_DATA_OFFSET);
    scratch.fill(0, 0, Math.max(packetBytes, bodyAt));
    const crcOffset = bytes.length - CRC_BYTES;
    const crc = crc16CcittFalse(bytes, 0, crcOffset);
    bytes[crcOffset] = crc >>> 8;
    bytes[crcOffset + 1] = crc & 0xff;
    return bytes;
  }
}

function planOf(
  container: XtceContainer,
  packet: PacketDef,
  parameters: readonly XtceParameter[],
): PacketPlan {
  const byName = new Map(parameters.map((p) => [p.qualifiedName, p.index]));
  const positions = new Map<number, number>();
  packet.parameters.forEach((parameter, i) => {
    const index = parameter.source && byName.get(parameter.source.qualifiedName);
    if (index !== undefined) positions.set(index, i);
  });
  return { encoder: new PacketEncoder(container), positions };
}

/** The simulator's encoder for a mission that can run: each spacecraft's packets written with its own XTCE. */
export function missionFrameEncoder(
  loaded: Pick<LoadedMission, 'mission' | 'databases'> & { dictionary: Dictionary },
): XtceFrameEncoder {
  return new XtceFrameEncoder(loaded.dictionary, spacecraftPackets(loaded));
}
