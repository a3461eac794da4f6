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
import { appendEvaluated, derivedEvaluators } from '../dictionary/derived';
import { TEXTS } from '../dictionary/texts';
import type { Dictionary, PacketDef, SpacecraftDef } from '../dictionary/types';
import type { CucFormat } from '../time/cuc';
import type { XtceContainer, XtceDatabase } from '../xtce/database';
import type { Evaluate } from '../expression';
import { PacketDecoder, type PacketValues } from '../xtce/decoder';
import { fitsArchiveTime, LinkForm } from './linkForm';
import { linkOf } from './linkChecks';
import type { LoadedMission } from './loader';
import { describedTimeCode, readsFixedList } from './packetLayout';

/** What a spacecraft's packets are read with: its XTCE database, packet container and packet time code. */
export interface SpacecraftPackets {
  scid: number;
  database: XtceDatabase;
  packetContainer: XtceContainer;
  /** The time code the packet container describes after the primary header (describedTimeCode). */
  packetTime: CucFormat;
}

/** How a decoded packet's values become the PacketDef's. */
interface PacketPlan {
  packet: PacketDef;
  /** Every packet of the container reads the same list, the packet's own values last: they are taken as read. */
  tail: boolean;
  /** Otherwise, each read value's place among the packet's by XTCE parameter index (−1: not the packet's). */
  positions: Int32Array;
  /** The packet's values are its container's own fields, in order (PacketDecoder.readOwn reads them). */
  own: boolean;
  /** The packet shows a string: its text is read as a string and becomes its code (TEXTS). */
  strings: boolean;
}

/** A packet plan with the derived values' evaluators of one spacecraft (its variants). */
interface SpacecraftPacket extends PacketPlan {
  derived: readonly Evaluate[];
}

interface SpacecraftPlan {
  spacecraft: SpacecraftDef;
  /**
   * Reads enumerations and booleans as numbers (no labels): the live path keeps the number and names it with
   * the dictionary's states, so every value is a plain number.
   */
  decoder: PacketDecoder;
  /** Every packet's values are its container's own fields: they are read straight into the frame's arrays. */
  own: boolean;
  /** By the container's number in the decoder (PacketDecoder.containers): an array load per frame. */
  packets: readonly (SpacecraftPacket | undefined)[];
  /** Set when the link's time code is not the archive form's 6 octets: the packet is rebuilt as it flew. */
  linkForm?: LinkForm;
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

/** The packet the loader made of each concrete container (known by the container's qualified name). */
export function packetsByContainer(root: XtceContainer, packets: readonly PacketDef[]) {
  const byName = new Map(packets.map((p) => [p.source?.qualifiedName ?? p.name, p]));
  const byContainer = new Map<XtceContainer, PacketDef>();
  for (const container of concreteContainers(root)) {
    const packet = byName.get(container.qualifiedName);
    if (packet) byContainer.set(container, packet);
  }
  return byContainer;
}

function packetPlans(
  root: XtceContainer,
  packets: readonly PacketDef[],
  database: XtceDatabase,
): Map<XtceContainer, PacketPlan> {
  const byQualifiedName = new Map(database.parameters.map((p) => [p.qualifiedName, p.index]));
  const plans = new Map<XtceContainer, PacketPlan>();
  for (const [container, packet] of packetsByContainer(root, packets)) {
    const positions = new Int32Array(database.parameters.length).fill(-1);
    packet.parameters.forEach((parameter, i) => {
      const index = parameter.source && byQualifiedName.get(parameter.source.qualifiedName);
      if (index !== undefined) positions[index] = i;
    });
    // "The packet's values are the last ones read" holds only when the packet shows every field read.
    const showsEveryField = container.entries.length === packet.parameters.length;
    const tail = readsFixedList(container, root) && showsEveryField;
    const strings = packet.parameters.some((p) => p.string);
    plans.set(container, { packet, tail, positions, own: tail && !strings, strings });
  }
  return plans;
}

/** Decodes archive-form frames with each spacecraft's XTCE. */
export class XtceFrameDecoder implements FrameDecoder {
  private readonly bySpacecraft: (SpacecraftPlan | undefined)[];

  constructor(dictionary: Dictionary, spacecraft: readonly SpacecraftPackets[]) {
    this.bySpacecraft = new Array<SpacecraftPlan | undefined>(MAX_SCID + 1).fill(undefined);
    // Spacecraft flying the same XTCE container share one decoder and its plans.
    const shared = new Map<
      XtceContainer,
      { decoder: PacketDecoder; plans: Map<XtceContainer, PacketPlan> }
    >();
    const forms = new Map<string, LinkForm>();
    for (const s of spacecraft) {
      const def = dictionary.spacecraft.find((d) => d.scid === s.scid);
      if (!def) continue;
      let plan = shared.get(s.packetContainer);
      if (!plan) {
        const plans = packetPlans(s.packetContainer, dictionary.packets, s.database);
        // Only the packets' own parameters are read: the header's are the frame codec's, read from the bytes.
        const wanted = new Set<number>();
        for (const { positions } of plans.values())
          positions.forEach((at, index) => {
            if (at >= 0) wanted.add(index);
          });
        const decoder = new PacketDecoder(s.packetContainer, s.database.parameters.length, {
          labels: false,
          wanted,
        });
        plan = { decoder, plans };
        shared.set(s.packetContainer, plan);
      }
      const plans = plan.plans;
      const packets = plan.decoder.containers.map((container) => {
        const p = plans.get(container);
        return p && { ...p, derived: derivedEvaluators(p.packet, def.id) };
      });
      const own = [...plan.plans.values()].every((p) => p.own);
      const entry: SpacecraftPlan = { spacecraft: def, decoder: plan.decoder, own, packets };
      if (!fitsArchiveTime(s.packetTime)) {
        const key = JSON.stringify(s.packetTime);
        let form = forms.get(key);
        if (!form) forms.set(key, (form = new LinkForm(s.packetTime)));
        entry.linkForm = form;
      }
      this.bySpacecraft[s.scid] = entry;
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

    // The XTCE describes the packet as it flew: with another time code, it is read from that form.
    const form = spacecraft.linkForm;
    const packetBytes = form ? form.rebuild(bytes, crcOffset) : crcOffset - TF_HEADER_BYTES;
    const decoder = spacecraft.decoder;
    const source = form ? form.bytes : bytes;
    const from = form ? 0 : TF_HEADER_BYTES;
    const to = form ? packetBytes : crcOffset;
    const raw: number[] = [];
    const eng: number[] = [];
    const error = spacecraft.own
      ? decoder.readOwn(source, from, to, raw, eng)
      : decoder.read(source, from, to);
    const read = decoder.values;
    const plan = error === undefined ? spacecraft.packets[read.containerNumber] : undefined;
    if (error === undefined ? !plan : error === 'no_match') return rejected('unknown_apid');
    const sequenceWord = u16(bytes, TF_HEADER_BYTES + 2);
    if (sequenceWord >>> 14 !== SEQUENCE_FLAGS_UNSEGMENTED) return rejected('bad_sequence_flags');
    // Bytes the packet's containers do not account for (beyond the padding of its last octet), or an entry
    // past the end: the length is wrong.
    if (error !== undefined || !plan || (read.bitsRead + 7) >>> 3 !== packetBytes) {
      return rejected('bad_length');
    }

    const packet = plan.packet;
    if (!spacecraft.own || !decoder.appendedOwn) packetValues(plan, read, raw, eng);
    // The same function as the compiled codec's: derived values follow the packet's own, computed once here.
    appendEvaluated(plan.derived, eng, raw);
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

/**
 * Appends the packet's own values in its parameters' order, copied out of the decoder's buffers. A parameter
 * its include condition left out of this packet is NaN: no sample (nothing judged, shown or rolled up), as for
 * a derived value that is not a number. A string's text becomes its code (shared/dictionary/texts.ts).
 */
function packetValues(plan: PacketPlan, read: PacketValues, raw: number[], eng: number[]): void {
  const count = plan.packet.parameters.length;
  // Labels are off, so every value but a string's text is a number.
  const readRaw = read.raw as readonly number[];
  const readEng = read.eng as readonly number[];
  const strings = plan.strings;
  if (plan.tail) {
    for (let i = read.count - count; i < read.count; i++) {
      raw.push(strings ? numberOf(readRaw[i]!) : readRaw[i]!);
      eng.push(strings ? numberOf(readEng[i]!) : readEng[i]!);
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    raw.push(NaN);
    eng.push(NaN);
  }
  const parameters = read.parameters;
  for (let i = 0; i < read.count; i++) {
    const at = plan.positions[parameters[i]!.index]!;
    if (at < 0) continue;
    raw[at] = strings ? numberOf(readRaw[i]!) : readRaw[i]!;
    eng[at] = strings ? numberOf(readEng[i]!) : readEng[i]!;
  }
}

/** A value as the live path carries it: a number, or a text's code. */
function numberOf(value: number | string): number {
  return typeof value === 'string' ? TEXTS.learn(value) : value;
}

/** Each spacecraft's XTCE database and packet container, of a mission that can run. */
export function spacecraftPackets(loaded: Pick<LoadedMission, 'mission' | 'databases'>): SpacecraftPackets[] {
  return (loaded.mission?.spacecraft ?? []).flatMap((s) => {
    const database = loaded.databases.get(s.xtce);
    const packetContainer = database?.containerByName.get(s.packetContainer);
    if (!database || !packetContainer) return [];
    const packetTime = describedTimeCode(packetContainer, linkOf(s).packetTime);
    return [{ scid: s.scid, database, packetContainer, packetTime }];
  });
}

/** The live decoder of a mission that can run: each spacecraft's packets read with its own XTCE. */
export function missionFrameDecoder(
  loaded: Pick<LoadedMission, 'mission' | 'databases'> & { dictionary: Dictionary },
): XtceFrameDecoder {
  return new XtceFrameDecoder(loaded.dictionary, spacecraftPackets(loaded));
}
