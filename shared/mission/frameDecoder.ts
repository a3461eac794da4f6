// The live path's decoder, generated from the loaded mission's XTCE. The archive's envelope around each
// packet (6-octet transfer frame header, CRC-16; see shared/codec/layout.ts) is Ortaq's own and checked
// here as the compiled frame codec checks it; the space packet inside is read by the PacketDecoder built
// from the spacecraft's XTCE file and packet container, so what the mission file says is what ingest,
// catch-up and history read. Rejections keep the frame codec's codes and precedence.
import {
  CRC_BYTES,
  MAX_APID,
  MAX_SCID,
  MAX_SEQUENCE_COUNT,
  MAX_VCID,
  MIN_FRAME_BYTES,
  PACKET_HEADER_BYTES,
  SEQUENCE_FLAGS_UNSEGMENTED,
  TF_HEADER_BYTES,
} from '../codec/layout';
import { crc16CcittFalse } from '../codec/crc16';
import { packetTimeMs, u16, type DecodeResult, type FrameDecoder, type RejectCode } from '../codec/frame';
import { appendDerived } from '../dictionary/derived';
import type { Dictionary, PacketDef, SpacecraftDef } from '../dictionary/types';
import type { XtceContainer, XtceDatabase } from '../xtce/database';
import { PacketDecoder } from '../xtce/decoder';
import type { LoadedMission } from './loader';

/** What a spacecraft's packets are read with: its XTCE database and packet container. */
export interface SpacecraftPackets {
  scid: number;
  database: XtceDatabase;
  packetContainer: XtceContainer;
}

interface SpacecraftPlan {
  spacecraft: SpacecraftDef;
  /**
   * Reads enumerations and booleans as numbers (no labels): the live path keeps the number and names it with
   * the dictionary's states, so every value is a plain number.
   */
  decoder: PacketDecoder;
  packets: ReadonlyMap<XtceContainer, PacketDef>;
}

const REJECTED = new Map<RejectCode, DecodeResult>();
function rejected(error: RejectCode): DecodeResult {
  let result = REJECTED.get(error);
  if (!result) REJECTED.set(error, (result = Object.freeze({ ok: false, error })));
  return result;
}

/** Concrete containers below the packet container, in the order the mission loader made packets of them. */
function concreteContainers(root: XtceContainer): XtceContainer[] {
  const found: XtceContainer[] = [];
  const visit = (container: XtceContainer) => {
    for (const child of container.derived) {
      if (!child.abstract) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export function packetsByContainer(root: XtceContainer, packets: readonly PacketDef[]) {
  const byContainer = new Map<XtceContainer, PacketDef>();
  for (const container of concreteContainers(root)) {
    // The loader made a packet of each concrete container it accepted, chosen by one == of the APID.
    const apid = container.base?.restriction[0]?.value;
    const packet = packets.find((p) => p.apid === apid && p.name === container.name);
    if (packet) byContainer.set(container, packet);
  }
  return byContainer;
}

/** Decodes archive-form frames with each spacecraft's XTCE. */
export class XtceFrameDecoder implements FrameDecoder {
  private readonly bySpacecraft: (SpacecraftPlan | undefined)[];

  constructor(dictionary: Dictionary, spacecraft: readonly SpacecraftPackets[]) {
    this.bySpacecraft = new Array<SpacecraftPlan | undefined>(MAX_SCID + 1).fill(undefined);
    // Spacecraft flying the same XTCE container share one decoder and its plans.
    const shared = new Map<XtceContainer, Omit<SpacecraftPlan, 'spacecraft'>>();
    for (const s of spacecraft) {
      const def = dictionary.spacecraft.find((d) => d.scid === s.scid);
      if (!def) continue;
      let plan = shared.get(s.packetContainer);
      if (!plan) {
        plan = {
          decoder: new PacketDecoder(s.packetContainer, s.database.parameters.length, { labels: false }),
          packets: packetsByContainer(s.packetContainer, dictionary.packets),
        };
        shared.set(s.packetContainer, plan);
      }
      this.bySpacecraft[s.scid] = { spacecraft: def, ...plan };
    }
  }

  decode(bytes: Uint8Array): DecodeResult {
    const length = bytes.length;
    if (length < MIN_FRAME_BYTES) return rejected('too_short');
    const packetDataLength = u16(bytes, TF_HEADER_BYTES + 4);
    if (TF_HEADER_BYTES + PACKET_HEADER_BYTES + packetDataLength + 1 + CRC_BYTES !== length) {
      return rejected('bad_length');
    }
    const crcOffset = length - CRC_BYTES;
    if (crc16CcittFalse(bytes, 0, crcOffset) !== u16(bytes, crcOffset)) return rejected('crc_mismatch');
    const tfWord = u16(bytes, 0);
    const packetWord = u16(bytes, TF_HEADER_BYTES);
    if (tfWord >>> 14 !== 0 || packetWord >>> 13 !== 0) return rejected('bad_version');
    const scid = (tfWord >>> 4) & MAX_SCID;
    const spacecraft = this.bySpacecraft[scid];
    if (!spacecraft) return rejected('unknown_spacecraft');

    const result = spacecraft.decoder.decode(bytes, TF_HEADER_BYTES, crcOffset);
    const packet = result.ok ? spacecraft.packets.get(result.packet.container) : undefined;
    if (result.ok ? !packet : result.error === 'no_match') return rejected('unknown_apid');
    const sequenceWord = u16(bytes, TF_HEADER_BYTES + 2);
    if (sequenceWord >>> 14 !== SEQUENCE_FLAGS_UNSEGMENTED) return rejected('bad_sequence_flags');
    // Bytes the packet's containers do not account for (beyond the padding of its last octet), or an entry
    // past the end: the length is wrong.
    if (!result.ok || !packet || (result.packet.bitsRead + 7) >>> 3 !== crcOffset - TF_HEADER_BYTES) {
      return rejected('bad_length');
    }

    // The packet's own parameters are the last entries read: the header's come first. The loader admits
    // only numeric parameters, so with labels off every value is a number.
    const from = result.packet.eng.length - packet.parameters.length;
    const raw = result.packet.raw.slice(from) as number[];
    const eng = result.packet.eng.slice(from) as number[];
    // The same function as the compiled codec's: derived values follow the packet's own, computed once here.
    appendDerived(packet, eng, raw);
    return {
      ok: true,
      frame: {
        scid,
        vcid: (tfWord >>> 1) & MAX_VCID,
        masterFrameCount: bytes[2]!,
        virtualFrameCount: bytes[3]!,
        apid: packetWord & MAX_APID,
        sequenceCount: sequenceWord & MAX_SEQUENCE_COUNT,
        timeMs: packetTimeMs(bytes),
        spacecraft: spacecraft.spacecraft,
        packet,
        raw,
        eng,
      },
    };
  }
}

/** Each spacecraft's XTCE database and packet container, of a mission that can run. */
export function spacecraftPackets(loaded: Pick<LoadedMission, 'mission' | 'databases'>): SpacecraftPackets[] {
  return (loaded.mission?.spacecraft ?? []).flatMap((s) => {
    const database = loaded.databases.get(s.xtce);
    const packetContainer = database?.containerByName.get(s.packetContainer);
    return database && packetContainer ? [{ scid: s.scid, database, packetContainer }] : [];
  });
}

/** The live decoder of a mission that can run: each spacecraft's packets read with its own XTCE. */
export function missionFrameDecoder(
  loaded: Pick<LoadedMission, 'mission' | 'databases'> & { dictionary: Dictionary },
): XtceFrameDecoder {
  return new XtceFrameDecoder(loaded.dictionary, spacecraftPackets(loaded));
}
