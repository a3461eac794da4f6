// Checks of a spacecraft's `link:` section beyond its schema: what the ground needs of the physical channel
// to read the fleet's packets at all. Each problem names the path of the value it is about.
import { DEFAULT_LINK, SPACE_PACKET_HEADER_BYTES, type PhysicalChannelConfig } from '../link/config';
import { cucBytes, TAI1958_TO_UNIX_S, type CucFormat } from '../time/cuc';
import { RAW_TYPE_BYTES } from '../codec/layout';
import type { PacketDef } from '../dictionary/types';

/**
 * A fleet flying now must be able to date its packets well past today: a packet time code whose coarse
 * count cannot reach this instant would wrap within the mission's life. 2050 leaves two decades.
 */
export const PACKET_TIME_MUST_REACH_MS = Date.UTC(2050, 0, 1);

export type ReportAt = (path: (string | number)[], message: string) => void;

/** The physical channel a spacecraft flies: its `link:` section, or DEFAULT_LINK when it has none. */
export function linkOf(spacecraft: { link?: PhysicalChannelConfig | undefined }): PhysicalChannelConfig {
  return spacecraft.link ?? DEFAULT_LINK;
}

/** Checks that need only mission.yaml: a realtime channel to hear, a time code that reaches the future. */
export function checkLinkSection(
  link: PhysicalChannelConfig,
  at: (string | number)[],
  report: ReportAt,
): void {
  if (!link.virtualChannels.some((vc) => vc.role === 'realtime')) {
    report(
      [...at, 'virtualChannels'],
      'no realtime virtual channel: live telemetry would have nowhere to come',
    );
  }
  const { epoch, coarseOctets } = link.packetTime;
  const epochMs = epoch === 'utc1970' ? 0 : -TAI1958_TO_UNIX_S * 1000;
  const lastMs = epochMs + 2 ** (8 * coarseOctets) * 1000;
  if (lastMs < PACKET_TIME_MUST_REACH_MS) {
    report(
      [...at, 'packetTime', 'coarseOctets'],
      `${coarseOctets} coarse octets from the ${epoch} epoch count only to ${new Date(lastMs).toISOString().slice(0, 10)}`,
    );
  }
}

/** Octets of a packet on the link: primary header, the link's time code, then the parameters. */
export function packetBytesOnLink(packet: PacketDef, link: PhysicalChannelConfig): number {
  const body = packet.parameters.reduce((n, p) => n + RAW_TYPE_BYTES[p.type], 0);
  return SPACE_PACKET_HEADER_BYTES + cucBytes(link.packetTime) + body;
}

/**
 * The packet time is the link's time code, right after the primary header (133.0-B secondary header,
 * 301.0-B CUC): the packet container must describe at least that much, or its first fields would be read
 * from the time code's octets.
 */
export function checkTimeCodeFits(
  headerBits: number,
  time: CucFormat,
  at: (string | number)[],
  report: ReportAt,
): void {
  const needed = (SPACE_PACKET_HEADER_BYTES + cucBytes(time)) * 8;
  if (headerBits > 0 && headerBits < needed) {
    report(
      [...at, 'packetTime'],
      `the packet container holds ${headerBits} bits, but the primary header and this ${cucBytes(time)}-octet time code take ${needed}: describe the time code in the packet container (or mark it ortaq.time "archive")`,
    );
  }
}

/** Every packet of the fleet must fit what reassembly holds, or the ground would discard it as corrupt. */
export function checkPacketsFit(
  link: PhysicalChannelConfig,
  packets: readonly PacketDef[],
  at: (string | number)[],
  report: ReportAt,
): void {
  for (const packet of packets) {
    const bytes = packetBytesOnLink(packet, link);
    if (bytes > link.maxPacketBytes) {
      report(
        [...at, 'maxPacketBytes'],
        `packet ${packet.name} is ${bytes} octets on this link, longer than maxPacketBytes ${link.maxPacketBytes}`,
      );
    }
  }
}
