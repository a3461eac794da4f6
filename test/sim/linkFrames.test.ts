// The simulator's stations forwarding real fixed-length TM transfer frames (the default ORTAQ_SIM_LINK=frames): each
// spacecraft's frames have its own length and channels, carry several packets and span them, are closed
// with idle fill, keep their counters continuous, carry the CLCW where configured, and dump the recorder on
// the playback channel. Read back with the ground's decoder and extractor, per station.
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameCodec } from '../../shared/codec';
import {
  LinkTable,
  PacketExtractor,
  emptyLinkCounts,
  packetToArchiveFrame,
  type LinkCounts,
} from '../../shared/link';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import { Constellation, type Reception } from '../../server/sim/constellation';
import { LinkTransmitter } from '../../server/sim/linkTransmitter';
import { SIM_EPOCH_MS } from '../helpers/sim';

const codec = new FrameCodec(DICTIONARY);
const table = new LinkTable(DICTIONARY.spacecraft.map((s) => ({ scid: s.scid, link: LINKS.get(s.id)! })));
const HOUR = 3_600_000;

interface Heard {
  reception: Reception;
  apids: number[];
}

describe('TM transfer frames from the simulator', () => {
  let receptions: Reception[];
  let heard: Heard[];
  const counts: LinkCounts = emptyLinkCounts();
  beforeAll(() => {
    const constellation = new Constellation({
      dictionary: DICTIONARY,
      startMs: SIM_EPOCH_MS,
      housekeepingPeriodMs: 5_000,
      links: LINKS,
    });
    constellation.transmitFrames(true);
    receptions = [];
    for (let t = SIM_EPOCH_MS + 5_000; t <= SIM_EPOCH_MS + 4 * HOUR; t += 5_000) {
      receptions.push(...constellation.advanceTo(t));
    }
    const extractor = new PacketExtractor();
    heard = receptions.flatMap((reception) => {
      const decoded = table.decode(reception.bytes);
      if (!decoded.ok) return [];
      const link = table.channel(decoded.frame.scid)!;
      const at = { stationId: reception.stationId, ertMs: reception.ertMs, nowMs: 0, maxPacketBytes: 8192 };
      const packets = extractor.push(at, decoded.frame, reception.bytes, counts);
      const apids = packets.map((packet) => {
        const archived = packetToArchiveFrame(packet, decoded.frame, link.packetTime)!;
        const one = codec.decode(archived);
        if (!one.ok) throw new Error(one.error);
        return one.frame.apid;
      });
      return [{ reception, apids }];
    });
  });

  it('sends only TM frames of each spacecraft’s own length, the damaged ones caught by the FECF', () => {
    expect(receptions.length).toBeGreaterThan(100);
    expect(receptions.every((r) => r.tm)).toBe(true);
    for (const r of receptions) expect(r.bytes.length).toBe(LINKS.get(r.spacecraftId)!.frameBytes);
    for (const r of receptions) {
      const decoded = table.decode(r.bytes);
      if (r.corrupted) expect(decoded).toMatchObject({ ok: false });
      else expect(decoded.ok).toBe(true);
    }
  });

  it('carries several packets a frame, spans them, and fills the rest with idle', () => {
    const carrying = heard.filter((h) => h.apids.length > 0);
    expect(Math.max(...carrying.map((h) => h.apids.length))).toBeGreaterThan(3);
    expect(counts.idle_packets).toBeGreaterThan(0);
    expect(counts.bad_packet_version + counts.packet_too_long + counts.header_pointer_mismatch).toBe(0);
  });

  it('sends an idle frame on the idle channel in a step with nothing to send', () => {
    const tx = new LinkTransmitter(301, LINKS.get('ortaq-1')!);
    const [idle] = tx.endOfStep();
    const decoded = table.decode(idle!);
    expect(decoded).toMatchObject({ ok: true, frame: { vcid: 7, role: 'idle', firstHeaderPointer: 0x7fe } });
    expect(tx.endOfStep()).toHaveLength(1);
  });

  it('keeps the virtual channel counters continuous: only frames lost to bit errors are missing', () => {
    const damaged = receptions.filter((r) => r.corrupted).length;
    expect(counts.lost_frames).toBeLessThanOrEqual(damaged);
    expect(counts.repeated_frames).toBe(0);
  });

  it('puts the CLCW on the channels configured for it and dumps the recorder on the playback channel', () => {
    for (const { reception } of heard) {
      const decoded = table.decode(reception.bytes);
      if (!decoded.ok) continue;
      const vc = LINKS.get(reception.spacecraftId)!.virtualChannels.find(
        (v) => v.vcid === decoded.frame.vcid,
      )!;
      expect(decoded.frame.ocf >= 0).toBe(vc.ocf);
    }
    const playback = heard.filter(
      (h) =>
        h.apids.length > 0 &&
        table.decode(h.reception.bytes).ok &&
        (table.decode(h.reception.bytes) as { ok: true; frame: { role: string } }).frame.role === 'playback',
    );
    expect(playback.length).toBeGreaterThan(0);
    // Ortaq-1 dumps on its VC 2.
    const ortaq = playback.filter((h) => h.reception.spacecraftId === 'ortaq-1');
    for (const h of ortaq) expect(h.reception.vcid).toBe(2);
  });
});
