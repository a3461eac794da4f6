import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK,
  LinkTable,
  PacketExtractor,
  addLinkCounts,
  emptyLinkCounts,
  packetApid,
  packetSequenceCount,
  type ExtractorLimits,
  type LinkCounts,
} from '../../shared/link';
import {
  dataFieldLength,
  idleTmFrame,
  packetsToFrames,
  spacePacket,
  tmFrame,
  toHex,
  type ChannelSpec,
} from '../helpers/tmFrames';

const SCID = 101;
const table = new LinkTable([{ scid: SCID, link: DEFAULT_LINK }]);
const REALTIME: ChannelSpec = { scid: SCID, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };
const PLAYBACK: ChannelSpec = { scid: SCID, vcid: 1, frameBytes: 1115 };
const DATA_FIELD = dataFieldLength(REALTIME); // 1103

interface Received {
  packets: Uint8Array[];
  counts: LinkCounts;
  rejected: string[];
}

let extractor: PacketExtractor;
let nowMs: number;

beforeEach(() => {
  extractor = new PacketExtractor();
  nowMs = 1_000_000;
});

/** Decodes and extracts frames as one station, copying packets out as the ingest must. */
function receive(frames: readonly Uint8Array[], stationId = 'astana', ertMs = NaN): Received {
  const received: Received = { packets: [], counts: emptyLinkCounts(), rejected: [] };
  for (const bytes of frames) {
    const decoded = table.decode(bytes);
    if (!decoded.ok) {
      received.rejected.push(decoded.error);
      continue;
    }
    const reception = { stationId, ertMs, nowMs: nowMs++, maxPacketBytes: DEFAULT_LINK.maxPacketBytes };
    const packets = extractor.push(reception, decoded.frame, bytes, received.counts);
    received.packets.push(...packets.map((p) => p.slice()));
  }
  return received;
}

const packets = (count: number, dataBytes: number, apid = 0x101) =>
  Array.from({ length: count }, (_, i) => spacePacket({ apid, sequenceCount: i, data: dataBytes }));

const hexes = (list: readonly Uint8Array[]) => list.map(toHex);

describe('packet extraction by First Header Pointer', () => {
  it('takes several packets out of one frame and drops the idle packet that fills it', () => {
    const sent = packets(8, 120); // 8 × 126 = 1008 octets, the rest idle
    const frames = packetsToFrames(REALTIME, sent);
    expect(frames).toHaveLength(1);
    const got = receive(frames);
    expect(hexes(got.packets)).toEqual(hexes(sent));
    expect(got.counts).toMatchObject({ frames: 1, idle_packets: 1, lost_frames: 0 });
  });

  it('reassembles one packet spread over three frames, with packets before and after it', () => {
    const big = spacePacket({ apid: 0x102, sequenceCount: 9, data: 2 * DATA_FIELD + 100 });
    const sent = [spacePacket({ apid: 0x101, data: 50 }), big, spacePacket({ apid: 0x103, data: 30 })];
    const frames = packetsToFrames(REALTIME, sent);
    expect(frames).toHaveLength(3);
    expect(frames[1]![5]).toBe(0xff); // the middle frame holds no packet start: FHP 0x7FF
    const got = receive(frames);
    expect(hexes(got.packets)).toEqual(hexes(sent));
    expect(got.counts.packets_lost_in_gap).toBe(0);
  });

  it('reassembles a packet whose primary header itself is split between two frames', () => {
    const first = spacePacket({ apid: 0x101, data: DATA_FIELD - 6 - 3 }); // leaves 3 octets in frame 1
    const second = spacePacket({ apid: 0x104, sequenceCount: 3, data: 40 });
    const got = receive(packetsToFrames(REALTIME, [first, second]));
    expect(hexes(got.packets)).toEqual(hexes([first, second]));
  });

  it('discards a packet that spanned a lost frame, counts the loss and resynchronises at the next pointer', () => {
    const before = packets(3, 100);
    const spanning = spacePacket({ apid: 0x102, data: 2 * DATA_FIELD });
    const after = packets(4, 90, 0x105);
    const frames = packetsToFrames(REALTIME, [...before, spanning, ...after]);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const got = receive([frames[0]!, ...frames.slice(2)]); // frame 1 lost in the middle of the span
    expect(hexes(got.packets)).toEqual(hexes([...before, ...after]));
    expect(got.counts).toMatchObject({ lost_frames: 1, packets_lost_in_gap: 1 });
  });

  it('counts idle frames and keeps reassembly across them', () => {
    const spanning = spacePacket({ apid: 0x102, data: DATA_FIELD + 10 });
    const frames = packetsToFrames(PLAYBACK, [spanning]);
    const idle = (count: number) => idleTmFrame({ scid: SCID, vcid: 7, frameBytes: 1115 }, count);
    const got = receive([frames[0]!, idle(0), idle(1), idle(1), frames[1]!]);
    expect(hexes(got.packets)).toEqual(hexes([spanning]));
    expect(got.counts.idle_frames).toBe(2);
    // The same idle frame twice is a repeat, not 255 lost frames.
    expect(got.counts.repeated_frames).toBe(1);
    expect(got.counts.lost_frames).toBe(0);
  });

  it('loses only the frame with a bad FECF: rejected, then seen as a gap in the counter', () => {
    const sent = packets(20, 200);
    const frames = packetsToFrames(REALTIME, sent);
    const damaged = frames.map((f) => f.slice());
    damaged[2]![40]! ^= 0x01;
    const got = receive(damaged);
    expect(got.rejected).toEqual(['bad_fecf']);
    expect(got.counts.lost_frames).toBe(1);
    const clean = receive(frames, 'other-station');
    expect(clean.packets).toHaveLength(20);
    // Everything the damaged stream still has is whole and in order.
    const kept = new Set(hexes(got.packets));
    expect(hexes(clean.packets).filter((h) => kept.has(h))).toEqual(hexes(got.packets));
    expect(got.packets.length).toBeGreaterThan(10);
    expect(got.packets.length).toBeLessThan(20);
  });

  it('reads the OCF on the channel that has one and none on the other', () => {
    const rt = table.decode(packetsToFrames({ ...REALTIME, ocf: 0x0100_0a07 }, packets(2, 50))[0]!);
    const pb = table.decode(packetsToFrames(PLAYBACK, packets(2, 50))[0]!);
    expect(rt.ok && rt.frame.ocf).toBe(0x0100_0a07);
    expect(pb.ok && pb.frame.ocf).toBe(-1);
    expect(pb.ok && pb.frame.dataEnd - pb.frame.dataStart).toBe(DATA_FIELD + 4);
  });

  it('reassembles independently per station: each keeps every packet it received whole', () => {
    const sent = Array.from({ length: 40 }, (_, i) =>
      spacePacket({ apid: 0x101 + (i % 3), sequenceCount: i, data: 150 + ((i * 97) % 900) }),
    );
    const frames = packetsToFrames(REALTIME, sent);
    const astanaFrames = frames.filter((_, i) => i !== 3 && i !== 4);
    const ankaraFrames = frames.filter((_, i) => i !== 10);
    // Interleaved, as two live stations arrive at the server.
    const astana: Received = { packets: [], counts: emptyLinkCounts(), rejected: [] };
    const ankara: Received = { packets: [], counts: emptyLinkCounts(), rejected: [] };
    for (let i = 0; i < Math.max(astanaFrames.length, ankaraFrames.length); i++) {
      for (const [frame, station, into] of [
        [astanaFrames[i], 'astana', astana],
        [ankaraFrames[i], 'ankara', ankara],
      ] as const) {
        if (!frame) continue;
        const got = receive([frame], station);
        into.packets.push(...got.packets);
        addLinkCounts(into.counts, got.counts);
      }
    }
    expect(astana.counts.lost_frames).toBe(2);
    expect(ankara.counts.lost_frames).toBe(1);
    const union = new Set([...hexes(astana.packets), ...hexes(ankara.packets)]);
    expect([...union].sort()).toEqual(hexes(sent).sort());
    for (const got of [astana, ankara]) for (const h of hexes(got.packets)) expect(hexes(sent)).toContain(h);
  });

  it('keeps the spacecraft apart on one station and channel', () => {
    const two = new LinkTable([
      { scid: 101, link: DEFAULT_LINK },
      { scid: 102, link: DEFAULT_LINK },
    ]);
    const big = (apid: number) => spacePacket({ apid, data: DATA_FIELD + 500 });
    const a = packetsToFrames({ ...REALTIME, scid: 101 }, [big(0x101)]);
    const b = packetsToFrames({ ...REALTIME, scid: 102 }, [big(0x102)]);
    const out: Uint8Array[] = [];
    for (const bytes of [a[0]!, b[0]!, a[1]!, b[1]!]) {
      const decoded = two.decode(bytes);
      if (!decoded.ok) throw new Error(decoded.error);
      const reception = { stationId: 's', ertMs: NaN, nowMs, maxPacketBytes: 8192 };
      out.push(...extractor.push(reception, decoded.frame, bytes, emptyLinkCounts()));
    }
    expect(out.map((p) => packetApid(p))).toEqual([0x101, 0x102]);
  });
});

describe('what extraction counts and refuses', () => {
  it('takes a resent frame for a repeat: whole packets again, no lost frames, reassembly intact', () => {
    const sent = [
      ...packets(2, 300),
      spacePacket({ apid: 0x102, data: DATA_FIELD }),
      ...packets(2, 300, 0x103),
    ];
    const frames = packetsToFrames(REALTIME, sent);
    const got = receive([frames[0]!, frames[1]!, frames[0]!, frames[1]!, ...frames.slice(2)]);
    expect(got.counts).toMatchObject({ repeated_frames: 2, lost_frames: 0, packets_lost_in_gap: 0 });
    expect(new Set(hexes(got.packets))).toEqual(new Set(hexes(sent)));
  });

  it('uses earth-receive times, when given, to tell an old frame from a counter wrap', () => {
    const frames = packetsToFrames(REALTIME, packets(40, 1000));
    receive(frames.slice(0, 20), 'astana', 5000);
    const late = receive([frames[5]!], 'astana', 4000);
    expect(late.counts.repeated_frames).toBe(1);
    const afterLongGap = receive([frames[7]!], 'astana', 9000); // frames 20…255 and 0…6 lost: the counter wrapped
    expect(afterLongGap.counts.lost_frames).toBe(243);
  });

  it('starts a new pass after a minute of silence: the count jump is no loss, the unfinished packet is', () => {
    const big = spacePacket({ apid: 0x102, sequenceCount: 1, data: DATA_FIELD + 50 });
    const firstPass = packetsToFrames(REALTIME, [...packets(3, 100), big]);
    // The frame that would complete `big` is never heard; the next pass starts 90 minutes of counts later.
    const nextPass = packetsToFrames({ ...REALTIME, firstVcCount: 200 }, packets(3, 100));
    const first = receive(firstPass.slice(0, 1), 'astana', 5_000);
    expect(first.packets).toHaveLength(3);
    const second = receive(nextPass, 'astana', 5_000 + 61_000);
    expect(second.packets).toHaveLength(3);
    expect(second.counts).toMatchObject({ lost_frames: 0, packets_lost_in_gap: 1 });
    // Within a pass the same jump is frames lost.
    const within = receive(
      packetsToFrames({ ...REALTIME, firstVcCount: 100 }, packets(1, 10)),
      'astana',
      66_100,
    );
    expect(within.counts.lost_frames).toBeGreaterThan(0);
  });

  it('discards a packet that does not end where the next pointer says and reads on from the pointer', () => {
    const frames = packetsToFrames(REALTIME, [
      spacePacket({ apid: 0x101, data: DATA_FIELD + 20 }),
      spacePacket({ apid: 0x102, data: 50 }),
    ]);
    // Rewrite frame 1's pointer from 26 to 39: the continuation no longer matches.
    const header = { ...REALTIME, vcCount: 1, data: frames[1]!.subarray(6, 6 + DATA_FIELD) };
    const liar = tmFrame({ ...header, firstHeaderPointer: 26 + 13 });
    const truthful = tmFrame({ ...header, firstHeaderPointer: 26 });
    expect(toHex(truthful)).toBe(toHex(frames[1]!));
    const got = receive([frames[0]!, liar]);
    expect(got.counts.header_pointer_mismatch).toBe(1);
    expect(got.packets.map((p) => packetApid(p))).not.toContain(0x101);
  });

  it('refuses a packet length beyond what the spacecraft sends, and a packet version other than 0', () => {
    const tooLong = spacePacket({ apid: 0x101, data: 10 });
    tooLong[4] = 0xff; // says 65 536 octets
    const frames = packetsToFrames(REALTIME, [tooLong]);
    expect(receive(frames).counts.packet_too_long).toBe(1);
    extractor = new PacketExtractor();
    const wrongVersion = spacePacket({ apid: 0x101, data: 10, version: 1 });
    expect(receive(packetsToFrames(REALTIME, [wrongVersion])).counts.bad_packet_version).toBe(1);
  });

  it('reads the packet sequence count of each packet it hands over', () => {
    const got = receive(packetsToFrames(REALTIME, packets(5, 30)));
    expect(got.packets.map((p) => packetSequenceCount(p))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('reassembly bounds', () => {
  const halfPacket = (scid: number, vcid: number) =>
    packetsToFrames({ scid, vcid, frameBytes: 1115, ocf: vcid === 0 ? 0x0100_0000 : undefined }, [
      spacePacket({ apid: 0x101, data: DATA_FIELD + 200 }),
    ])[0]!;

  it('evicts the least recently used context beyond the context limit', () => {
    const limits: ExtractorLimits = {
      maxContexts: 3,
      maxPendingBytes: 1 << 20,
      staleWindowFrames: 32,
      newPassAfterMs: 60_000,
    };
    extractor = new PacketExtractor(limits);
    for (const station of ['a', 'b', 'c', 'd', 'e']) receive([halfPacket(SCID, 0)], station);
    expect(extractor.contextCount).toBe(3);
    expect(extractor.evictions.contexts).toBe(2);
    expect(extractor.heldBytes).toBe(3 * (DATA_FIELD + 206));
  });

  it('drops the oldest partial packets beyond the byte limit, never the one being written', () => {
    const limits: ExtractorLimits = {
      maxContexts: 100,
      maxPendingBytes: 3000,
      staleWindowFrames: 32,
      newPassAfterMs: 60_000,
    };
    extractor = new PacketExtractor(limits);
    for (const station of ['a', 'b', 'c', 'd']) receive([halfPacket(SCID, 0)], station);
    expect(extractor.heldBytes).toBeLessThanOrEqual(3000);
    expect(extractor.evictions.pendingPackets).toBe(2);
  });

  it('leaves nothing behind for a station that went quiet or was forgotten', () => {
    receive([halfPacket(SCID, 0)], 'gone');
    nowMs += 10 * 60_000;
    receive([halfPacket(SCID, 1)], 'alive');
    expect(extractor.evictIdle(nowMs - 60_000)).toBe(1);
    expect(extractor.contextCount).toBe(1);
    extractor.forgetStation('alive');
    expect(extractor.contextCount).toBe(0);
    expect(extractor.heldBytes).toBe(0);
  });
});
