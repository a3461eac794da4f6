// What `npm run mission -- frame` prints: each TM transfer frame's header fields, its OCF, and the packets
// it completes with their time and values. Pure: bytes in, lines out.
import { FrameCodec, type FrameDecoder } from '../../shared/codec';
import { packetParameters, type Dictionary } from '../../shared/dictionary';
import {
  DEFAULT_LINK,
  LinkTable,
  PacketExtractor,
  decodeOcf,
  emptyLinkCounts,
  packetApid,
  packetSequenceCount,
  packetToArchiveFrame,
  type LinkCounts,
  type PhysicalChannelConfig,
  type TmFrame,
} from '../../shared/link';
import { decodeCuc } from '../../shared/time';

const hex = (n: number, digits: number) => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;

function headerLines(frame: TmFrame): string[] {
  const fhp = frame.firstHeaderPointer;
  const pointer =
    fhp === 0x7ff ? '0x7FF (no packet starts)' : fhp === 0x7fe ? '0x7FE (idle data only)' : `${fhp}`;
  const lines = [
    `  version ${frame.version}  SCID ${frame.scid}  VCID ${frame.vcid} (${frame.role})  OCF flag ${frame.ocfFlag ? 1 : 0}`,
    `  master channel count ${frame.masterFrameCount}  virtual channel count ${frame.virtualFrameCount}`,
    `  data field status: secondary header ${frame.secondaryHeaderFlag ? 1 : 0}, sync ${frame.syncFlag ? 1 : 0}, ` +
      `packet order ${frame.packetOrderFlag ? 1 : 0}, segment length id ${frame.segmentLengthId}, first header pointer ${pointer}`,
    `  data field octets ${frame.dataStart}…${frame.dataEnd - 1}`,
  ];
  if (frame.ocf >= 0) {
    const report = decodeOcf(frame.ocf);
    lines.push(
      `  OCF ${hex(frame.ocf, 8)}: ${JSON.stringify(report.type === 'clcw' ? report.clcw : report)}`,
    );
  }
  return lines;
}

function packetLines(
  packet: Uint8Array,
  frame: TmFrame,
  link: PhysicalChannelConfig,
  codec: FrameDecoder,
): string[] {
  const timeMs = decodeCuc(packet, 6, link.packetTime);
  const head =
    `  packet APID ${packetApid(packet)}  sequence ${packetSequenceCount(packet)}  ${packet.length} octets  ` +
    `time ${Number.isFinite(timeMs) ? new Date(Math.round(timeMs)).toISOString() : 'unreadable'}`;
  const archived = packetToArchiveFrame(packet, frame, link.packetTime);
  const decoded = archived ? codec.decode(archived) : null;
  if (!decoded) return [head];
  if (!decoded.ok) return [head, `    not decodable with the dictionary: ${decoded.error}`];
  const values = packetParameters(decoded.frame.packet).map((p, i) => `${p.id}=${decoded.frame.eng[i]}`);
  return [`${head}  ${decoded.frame.packet.name}`, `    ${values.join('  ')}`];
}

/** Reports the frames of `bytes`: one frame, or several back to back (a station's recording). */
export function reportFrames(
  bytes: Uint8Array,
  dictionary: Dictionary,
  linkOf: (spacecraftId: string) => PhysicalChannelConfig = () => DEFAULT_LINK,
  codec: FrameDecoder = new FrameCodec(dictionary),
): string[] {
  const table = new LinkTable(dictionary.spacecraft.map((s) => ({ scid: s.scid, link: linkOf(s.id) })));
  const extractor = new PacketExtractor();
  const counts: LinkCounts = emptyLinkCounts();
  const scid = bytes.length >= 2 ? ((bytes[0]! << 8) | bytes[1]!) >>> 4 : -1;
  const frameBytes = table.channel(scid & 0x3ff)?.frameBytes ?? bytes.length;
  const lines: string[] = [];
  for (let at = 0, n = 1; at < bytes.length; at += frameBytes, n++) {
    const frameOctets = bytes.subarray(at, Math.min(bytes.length, at + frameBytes));
    const decoded = table.decode(frameOctets);
    if (!decoded.ok) {
      lines.push(`frame ${n}: rejected: ${decoded.error}`);
      continue;
    }
    lines.push(`frame ${n}:`, ...headerLines(decoded.frame));
    const link = table.channel(decoded.frame.scid)!;
    const reception = { stationId: 'cli', ertMs: NaN, nowMs: 0, maxPacketBytes: link.maxPacketBytes };
    const packets = extractor.push(reception, decoded.frame, frameOctets, counts);
    if (packets.length === 0) lines.push('  completes no packet');
    for (const packet of packets) lines.push(...packetLines(packet, decoded.frame, link, codec));
  }
  const counted = Object.entries(counts).filter(([code, n]) => n > 0 && code !== 'frames');
  if (counted.length > 0) lines.push(`counted: ${counted.map(([code, n]) => `${code} ${n}`).join(', ')}`);
  return lines;
}

/** The bytes of a command-line argument: hex digits (spaces and 0x allowed), or null if it is not hex. */
export function parseHex(text: string): Uint8Array | null {
  const clean = text.replace(/0x/gi, '').replace(/[\s:_-]/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(clean)) return null;
  return Uint8Array.from(clean.match(/../g)!, (pair) => parseInt(pair, 16));
}
