// The spacecraft side of the link: packs space packets into fixed-length TM transfer frames of one master
// channel, as a spacecraft's frame generator does (used by the simulator and the benchmarks). Packets span
// frames when they do not fit; `flush` closes a frame with an idle packet so nothing waits for more traffic;
// `idleFrame` sends an OID frame. Counters wrap at 256 as on the wire. Throws only on a programming error
// (a VCID the channel does not have, a packet longer than the channel allows).
import { crc16CcittFalse } from '../codec/crc16';
import {
  FECF_BYTES,
  IDLE_APID,
  SPACE_PACKET_HEADER_BYTES,
  TF_PRIMARY_HEADER_BYTES,
  dataFieldBytes,
  type PhysicalChannelConfig,
} from './config';
import { FHP_IDLE_ONLY, FHP_NO_PACKET_START } from './transferFrame';

/** CLCW of a COP-1 FARM with nothing to report: version 0, COP in effect 1, all flags clear, N(R) 0. */
export const NOMINAL_CLCW = 0x0100_0000;
const MIN_IDLE_PACKET_BYTES = SPACE_PACKET_HEADER_BYTES + 1;
/** Fill pattern of an idle frame's data field and of idle packets' data. */
const IDLE_FILL = 0x55;

interface VcWriter {
  vcid: number;
  ocf: boolean;
  frameCount: number;
  /** The frame being filled, or null between frames. */
  frame: Uint8Array | null;
  at: number;
  dataStart: number;
  dataEnd: number;
  firstHeader: number;
}

export class TmFrameWriter {
  private masterFrameCount = 0;
  private readonly writers: (VcWriter | undefined)[] = new Array(8).fill(undefined);
  /** Operational Control Field word of the next frame that carries one. */
  clcw = NOMINAL_CLCW;

  constructor(
    private readonly scid: number,
    private readonly config: PhysicalChannelConfig,
  ) {
    for (const vc of config.virtualChannels) {
      const dataStart = TF_PRIMARY_HEADER_BYTES + config.frameSecondaryHeaderBytes;
      this.writers[vc.vcid] = {
        vcid: vc.vcid,
        ocf: vc.ocf,
        frameCount: 0,
        frame: null,
        at: 0,
        dataStart,
        dataEnd: dataStart + dataFieldBytes(config, vc.ocf),
        firstHeader: FHP_NO_PACKET_START,
      };
    }
  }

  /** Adds a packet to a virtual channel; returns the frames it completed (often none, sometimes several). */
  write(vcid: number, packet: Uint8Array): Uint8Array[] {
    if (packet.length > this.config.maxPacketBytes) throw new Error(`packet of ${packet.length} octets`);
    const writer = this.writer(vcid);
    const done: Uint8Array[] = [];
    let from = 0;
    while (from < packet.length) {
      const frame = this.open(writer);
      if (from === 0 && writer.firstHeader === FHP_NO_PACKET_START) {
        writer.firstHeader = writer.at - writer.dataStart;
      }
      const take = Math.min(packet.length - from, writer.dataEnd - writer.at);
      frame.set(packet.subarray(from, from + take), writer.at);
      writer.at += take;
      from += take;
      if (writer.at === writer.dataEnd) done.push(this.close(writer));
    }
    return done;
  }

  /** Closes the channel's open frame with idle fill; returns the frames that took (none if none was open). */
  flush(vcid: number): Uint8Array[] {
    const writer = this.writer(vcid);
    if (!writer.frame) return [];
    const room = writer.dataEnd - writer.at;
    // An idle packet needs 7 octets; with less room it spills into one more frame, itself closed with idle.
    const first = this.write(vcid, idlePacket(Math.max(room, MIN_IDLE_PACKET_BYTES)));
    if (!writer.frame) return first;
    return [...first, ...this.write(vcid, idlePacket(writer.dataEnd - writer.at))];
  }

  /** An idle frame (First Header Pointer 0x7FE) on a virtual channel, typically the idle channel. */
  idleFrame(vcid: number): Uint8Array {
    const writer = this.writer(vcid);
    const frame = this.open(writer);
    frame.fill(IDLE_FILL, writer.dataStart, writer.dataEnd);
    writer.firstHeader = FHP_IDLE_ONLY;
    writer.at = writer.dataEnd;
    return this.close(writer);
  }

  private writer(vcid: number): VcWriter {
    const writer = this.writers[vcid];
    if (!writer) throw new Error(`virtual channel ${vcid} is not configured`);
    return writer;
  }

  private open(writer: VcWriter): Uint8Array {
    if (writer.frame) return writer.frame;
    writer.frame = new Uint8Array(this.config.frameBytes);
    writer.at = writer.dataStart;
    writer.firstHeader = FHP_NO_PACKET_START;
    return writer.frame;
  }

  private close(writer: VcWriter): Uint8Array {
    const frame = writer.frame!;
    frame[0] = (this.scid >>> 4) & 0x3f;
    frame[1] = ((this.scid & 0xf) << 4) | (writer.vcid << 1) | (writer.ocf ? 1 : 0);
    frame[2] = this.masterFrameCount;
    frame[3] = writer.frameCount;
    const secondaryHeader = this.config.frameSecondaryHeaderBytes > 0;
    // Secondary header flag, sync 0, packet order 0, segment length id 0b11, First Header Pointer.
    const status = (secondaryHeader ? 0x8000 : 0) | (0b11 << 11) | writer.firstHeader;
    frame[4] = status >>> 8;
    frame[5] = status & 0xff;
    if (secondaryHeader) frame[TF_PRIMARY_HEADER_BYTES] = this.config.frameSecondaryHeaderBytes - 1;
    if (writer.ocf) {
      const o = writer.dataEnd;
      frame[o] = this.clcw >>> 24;
      frame[o + 1] = (this.clcw >>> 16) & 0xff;
      frame[o + 2] = (this.clcw >>> 8) & 0xff;
      frame[o + 3] = this.clcw & 0xff;
    }
    if (this.config.fecf) {
      const fecfAt = frame.length - FECF_BYTES;
      const crc = crc16CcittFalse(frame, 0, fecfAt);
      frame[fecfAt] = crc >>> 8;
      frame[fecfAt + 1] = crc & 0xff;
    }
    this.masterFrameCount = (this.masterFrameCount + 1) & 0xff;
    writer.frameCount = (writer.frameCount + 1) & 0xff;
    writer.frame = null;
    return frame;
  }
}

/** An idle packet (APID 2047) of the given total length, at least 7 octets. */
export function idlePacket(totalBytes: number): Uint8Array {
  const packet = new Uint8Array(totalBytes).fill(IDLE_FILL);
  const dataLength = totalBytes - SPACE_PACKET_HEADER_BYTES - 1;
  packet[0] = IDLE_APID >>> 8;
  packet[1] = IDLE_APID & 0xff;
  packet[2] = 0xc0; // unsegmented, sequence count 0
  packet[3] = 0;
  packet[4] = dataLength >>> 8;
  packet[5] = dataLength & 0xff;
  return packet;
}
