import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK, LinkTable, PacketExtractor, TmFrameWriter, emptyLinkCounts } from '../../shared/link';
import { idleTmFrame, packetsToFrames, spacePacket, toHex } from '../helpers/tmFrames';

const SCID = 202;
const table = new LinkTable([{ scid: SCID, link: DEFAULT_LINK }]);

describe('spacecraft frame writer', () => {
  it('packs a packet stream into exactly the frames the standard gives (pointers, counters, OCF, FECF)', () => {
    const sent = Array.from({ length: 30 }, (_, i) =>
      spacePacket({ apid: 0x100 + (i % 5), sequenceCount: i, data: 20 + ((i * 211) % 700) }),
    );
    const writer = new TmFrameWriter(SCID, DEFAULT_LINK);
    const written = [...sent.flatMap((p) => writer.write(0, p)), ...writer.flush(0)];
    const expected = packetsToFrames({ scid: SCID, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 }, sent);
    expect(written.map(toHex)).toEqual(expected.map(toHex));
  });

  it('closes a frame with too little room for an idle packet across one more frame, still decodable', () => {
    const writer = new TmFrameWriter(SCID, DEFAULT_LINK);
    const packet = spacePacket({ apid: 0x101, data: 1107 - 6 - 3 }); // leaves 3 octets of room on VC 1
    const frames = [...writer.write(1, packet), ...writer.flush(1)];
    expect(frames).toHaveLength(2);
    const extractor = new PacketExtractor();
    const out: Uint8Array[] = [];
    const counts = emptyLinkCounts();
    for (const bytes of frames) {
      const decoded = table.decode(bytes);
      if (!decoded.ok) throw new Error(decoded.error);
      const reception = { stationId: 's', ertMs: NaN, nowMs: 0, maxPacketBytes: 8192 };
      out.push(...extractor.push(reception, decoded.frame, bytes, counts));
    }
    expect(out.map(toHex)).toEqual([toHex(packet)]);
    expect(counts.idle_packets).toBe(2);
  });

  it('counts the master channel across virtual channels and each virtual channel on its own', () => {
    const writer = new TmFrameWriter(SCID, DEFAULT_LINK);
    writer.clcw = 0x0100_2a00;
    const idle = writer.idleFrame(7);
    expect(toHex(idle)).toBe(toHex(idleTmFrame({ scid: SCID, vcid: 7, frameBytes: 1115 }, 0)));
    const [realtime] = writer.flush(0).concat(writer.write(0, spacePacket({ apid: 1, data: 2000 })));
    const decoded = table.decode(realtime!);
    expect(decoded.ok && decoded.frame).toMatchObject({
      masterFrameCount: 1,
      virtualFrameCount: 0,
      ocf: 0x0100_2a00,
    });
    expect(() => writer.write(3, spacePacket({ apid: 1, data: 1 }))).toThrow(/virtual channel 3/);
  });
});
