// TM transfer frame decoder (CCSDS 132.0-B). Checks a frame against its spacecraft's physical channel and
// returns its header fields and where its data field lies; it never throws and never copies the frame. The
// first applicable code in FRAME_REJECT_CODES order wins: fields needed to find the spacecraft's layout are
// checked before the FECF that protects them, so a corrupted header may show as an earlier code.
import { crc16CcittFalse } from '../codec/crc16';
import {
  FECF_BYTES,
  TF_PRIMARY_HEADER_BYTES,
  dataFieldBytes,
  type PhysicalChannelConfig,
  type VcRole,
} from './config';

export const FRAME_REJECT_CODES = [
  /** Fewer octets than a primary header. */
  'too_short',
  /** Transfer frame version number is not 0 (TM). */
  'bad_frame_version',
  /** No physical channel is configured for the SCID. */
  'unknown_spacecraft',
  /** Not the spacecraft's fixed frame length. */
  'wrong_frame_length',
  /** CRC-16-CCITT over the frame does not match its Frame Error Control Field. */
  'bad_fecf',
  /** The VCID is not one of the spacecraft's virtual channels. */
  'unknown_virtual_channel',
  /** The OCF flag disagrees with the channel's configuration. */
  'ocf_flag_mismatch',
  /** Secondary header flag, version or length disagrees with the configuration. */
  'bad_secondary_header',
  /** Synchronous (VCA) data or a segment length id other than 0b11: not a packet channel. */
  'bad_data_field_status',
  /** The First Header Pointer points past the data field (and is not 0x7FE or 0x7FF). */
  'first_header_pointer_out_of_range',
] as const;
export type FrameRejectCode = (typeof FRAME_REJECT_CODES)[number];

/** First Header Pointer: no packet starts in this frame's data field. */
export const FHP_NO_PACKET_START = 0x7ff;
/** First Header Pointer: the data field holds only idle data. */
export const FHP_IDLE_ONLY = 0x7fe;

export interface TmFrame {
  version: number;
  scid: number;
  vcid: number;
  ocfFlag: boolean;
  masterFrameCount: number;
  virtualFrameCount: number;
  secondaryHeaderFlag: boolean;
  syncFlag: boolean;
  packetOrderFlag: boolean;
  segmentLengthId: number;
  firstHeaderPointer: number;
  role: VcRole;
  /** Offset and length of the frame secondary header's data (after its identification octet); 0 if none. */
  secondaryHeaderOffset: number;
  secondaryHeaderLength: number;
  /** Data field as [start, end) offsets into the frame. */
  dataStart: number;
  dataEnd: number;
  /** The 32-bit Operational Control Field, or -1 when the frame carries none. */
  ocf: number;
}

export type TmFrameResult = { ok: true; frame: TmFrame } | { ok: false; error: FrameRejectCode };

/** One spacecraft's channel, precomputed for the hot path. */
interface CompiledChannel {
  config: PhysicalChannelConfig;
  roleByVcid: (VcRole | undefined)[];
  ocfByVcid: boolean[];
  dataStart: number;
  /** End of the data field by VCID (it depends on whether the channel has an OCF). */
  dataEndByVcid: number[];
}

const REJECTED = Object.fromEntries(
  FRAME_REJECT_CODES.map((error) => [error, Object.freeze({ ok: false, error })]),
) as Record<FrameRejectCode, TmFrameResult>;

const MAX_SCID = 0x3ff;

/** Looks up each spacecraft's physical channel by SCID in a dense table. */
export class LinkTable {
  private readonly bySCID: (CompiledChannel | undefined)[] = new Array(MAX_SCID + 1).fill(undefined);

  constructor(channels: Iterable<{ scid: number; link: PhysicalChannelConfig }>) {
    for (const { scid, link } of channels) {
      const roleByVcid = new Array<VcRole | undefined>(8).fill(undefined);
      const ocfByVcid = new Array<boolean>(8).fill(false);
      const dataStart = TF_PRIMARY_HEADER_BYTES + link.frameSecondaryHeaderBytes;
      const dataEndByVcid = new Array<number>(8).fill(0);
      for (const vc of link.virtualChannels) {
        roleByVcid[vc.vcid] = vc.role;
        ocfByVcid[vc.vcid] = vc.ocf;
        dataEndByVcid[vc.vcid] = dataStart + dataFieldBytes(link, vc.ocf);
      }
      this.bySCID[scid & MAX_SCID] = { config: link, roleByVcid, ocfByVcid, dataStart, dataEndByVcid };
    }
  }

  channel(scid: number): PhysicalChannelConfig | undefined {
    return this.bySCID[scid]?.config;
  }

  decode(bytes: Uint8Array): TmFrameResult {
    if (bytes.length < TF_PRIMARY_HEADER_BYTES) return REJECTED.too_short;
    const word0 = (bytes[0]! << 8) | bytes[1]!;
    if (word0 >>> 14 !== 0) return REJECTED.bad_frame_version;
    const scid = (word0 >>> 4) & MAX_SCID;
    const channel = this.bySCID[scid];
    if (!channel) return REJECTED.unknown_spacecraft;
    const config = channel.config;
    const length = bytes.length;
    if (length !== config.frameBytes) return REJECTED.wrong_frame_length;
    if (config.fecf) {
      const fecfOffset = length - FECF_BYTES;
      const fecf = (bytes[fecfOffset]! << 8) | bytes[fecfOffset + 1]!;
      if (crc16CcittFalse(bytes, 0, fecfOffset) !== fecf) return REJECTED.bad_fecf;
    }
    const vcid = (word0 >>> 1) & 0x7;
    const role = channel.roleByVcid[vcid];
    if (!role) return REJECTED.unknown_virtual_channel;
    const ocfFlag = (word0 & 1) === 1;
    if (ocfFlag !== channel.ocfByVcid[vcid]) return REJECTED.ocf_flag_mismatch;

    const status = (bytes[4]! << 8) | bytes[5]!;
    const secondaryHeaderFlag = (status & 0x8000) !== 0;
    const secondaryHeaderBytes = config.frameSecondaryHeaderBytes;
    let secondaryHeaderOffset = 0;
    let secondaryHeaderLength = 0;
    if (secondaryHeaderFlag !== secondaryHeaderBytes > 0) return REJECTED.bad_secondary_header;
    if (secondaryHeaderFlag) {
      const id = bytes[TF_PRIMARY_HEADER_BYTES]!;
      // Identification octet: version 00, then the header length less one (identification octet included).
      if (id >>> 6 !== 0 || (id & 0x3f) + 1 !== secondaryHeaderBytes) return REJECTED.bad_secondary_header;
      secondaryHeaderOffset = TF_PRIMARY_HEADER_BYTES + 1;
      secondaryHeaderLength = secondaryHeaderBytes - 1;
    }
    const syncFlag = (status & 0x4000) !== 0;
    const segmentLengthId = (status >>> 11) & 0x3;
    if (syncFlag || segmentLengthId !== 0b11) return REJECTED.bad_data_field_status;

    const dataStart = channel.dataStart;
    const dataEnd = channel.dataEndByVcid[vcid]!;
    const firstHeaderPointer = status & 0x7ff;
    if (firstHeaderPointer < FHP_IDLE_ONLY && dataStart + firstHeaderPointer >= dataEnd) {
      return REJECTED.first_header_pointer_out_of_range;
    }
    const ocf = ocfFlag
      ? ((bytes[dataEnd]! << 24) |
          (bytes[dataEnd + 1]! << 16) |
          (bytes[dataEnd + 2]! << 8) |
          bytes[dataEnd + 3]!) >>>
        0
      : -1;
    return {
      ok: true,
      frame: {
        version: 0,
        scid,
        vcid,
        ocfFlag,
        masterFrameCount: bytes[2]!,
        virtualFrameCount: bytes[3]!,
        secondaryHeaderFlag,
        syncFlag,
        packetOrderFlag: (status & 0x2000) !== 0,
        segmentLengthId,
        firstHeaderPointer,
        role,
        secondaryHeaderOffset,
        secondaryHeaderLength,
        dataStart,
        dataEnd,
        ocf,
      },
    };
  }
}
