// The physical channel of one spacecraft: how its TM transfer frames (CCSDS 132.0-B) are laid out. These are
// the "managed parameters" of the standard, fixed for a mission phase; the mission folder gives them per
// spacecraft under `link:`, and DEFAULT_LINK is what today's fleet flies.
import { z } from 'zod';
import { cucFormatSchema, UNIX_CUC_4_2 } from '../time/cuc';

/** 132.0-B caps a TM transfer frame at 2048 octets. */
export const MAX_TM_FRAME_BYTES = 2048;
export const TF_PRIMARY_HEADER_BYTES = 6;
export const OCF_BYTES = 4;
export const FECF_BYTES = 2;
export const SPACE_PACKET_HEADER_BYTES = 6;
/** 133.0-B: a packet data field of at most 65 536 octets after the 6-octet header. */
export const MAX_SPACE_PACKET_BYTES = SPACE_PACKET_HEADER_BYTES + 65_536;
/** APID reserved for idle packets. */
export const IDLE_APID = 0x7ff;
/** Largest frame secondary header: a 6-bit length field counts octets after the identification octet. */
export const MAX_FRAME_SECONDARY_HEADER_BYTES = 64;

/**
 * `realtime`: housekeeping as it happens. `playback`: dumps of data recorded onboard (stored at packet time,
 * never moving current values). `idle`: the channel that carries only idle frames.
 */
export const VC_ROLES = ['realtime', 'playback', 'idle'] as const;
export type VcRole = (typeof VC_ROLES)[number];

export const virtualChannelSchema = z.strictObject({
  vcid: z.number().int().min(0).max(7),
  role: z.enum(VC_ROLES),
  /** Frames of this channel carry a 4-octet Operational Control Field (the CLCW of COP-1). */
  ocf: z.boolean().default(false),
});
export type VirtualChannelConfig = z.infer<typeof virtualChannelSchema>;

export const physicalChannelSchema = z
  .strictObject({
    /** Every frame of the spacecraft is exactly this long. */
    frameBytes: z.number().int().min(16).max(MAX_TM_FRAME_BYTES),
    /** A 2-octet Frame Error Control Field (CRC-16-CCITT) ends each frame. */
    fecf: z.boolean(),
    /** Whole frame secondary header, identification octet included; 0 = none. */
    frameSecondaryHeaderBytes: z.number().int().min(0).max(MAX_FRAME_SECONDARY_HEADER_BYTES),
    virtualChannels: z.array(virtualChannelSchema).min(1).max(8),
    /** Time code of the packets' secondary header, right after the packet primary header. */
    packetTime: cucFormatSchema,
    /** Longest packet reassembly will hold; a longer length field is treated as corruption. */
    maxPacketBytes: z.number().int().min(7).max(MAX_SPACE_PACKET_BYTES).default(8192),
  })
  .superRefine((config, context) => {
    const vcids = config.virtualChannels.map((vc) => vc.vcid);
    if (new Set(vcids).size !== vcids.length) {
      context.addIssue({ code: 'custom', path: ['virtualChannels'], message: 'a VCID is listed twice' });
    }
    if (config.frameSecondaryHeaderBytes === 1) {
      context.addIssue({
        code: 'custom',
        path: ['frameSecondaryHeaderBytes'],
        message: 'a frame secondary header holds its identification octet and at least one data octet',
      });
    }
    if (dataFieldBytes(config, true) < 1) {
      context.addIssue({ code: 'custom', path: ['frameBytes'], message: 'no room left for a data field' });
    }
  });
export type PhysicalChannelConfig = z.infer<typeof physicalChannelSchema>;

/** Octets of the transfer frame data field, with or without an OCF. */
export function dataFieldBytes(
  config: Pick<PhysicalChannelConfig, 'frameBytes' | 'fecf' | 'frameSecondaryHeaderBytes'>,
  ocf: boolean,
): number {
  return (
    config.frameBytes -
    TF_PRIMARY_HEADER_BYTES -
    config.frameSecondaryHeaderBytes -
    (ocf ? OCF_BYTES : 0) -
    (config.fecf ? FECF_BYTES : 0)
  );
}

/**
 * Today's fleet: 1115-octet frames (a Reed–Solomon interleave-5 codeblock less its check symbols) with an
 * FECF; VC 0 realtime with the CLCW, VC 1 playback, VC 7 idle; packet time as 4+2 octets of Unix time.
 */
export const DEFAULT_LINK: PhysicalChannelConfig = physicalChannelSchema.parse({
  frameBytes: 1115,
  fecf: true,
  frameSecondaryHeaderBytes: 0,
  virtualChannels: [
    { vcid: 0, role: 'realtime', ocf: true },
    { vcid: 1, role: 'playback', ocf: false },
    { vcid: 7, role: 'idle', ocf: false },
  ],
  packetTime: UNIX_CUC_4_2,
  maxPacketBytes: 8192,
});
