import { describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import { parseHex, reportFrames } from '../../server/mission/frameReport';
import { buildFrame } from '../helpers/stations';
import { packetsToFrames, spacePacket } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const CHANNEL = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };
const packet = (i: number) => buildFrame({ sequenceCount: i, timeMs: T0 + i * 1000 }).slice(6, -2);

describe('mission frame report', () => {
  it("prints a frame's header fields, its CLCW and the packets it completes with their values", () => {
    const [frame] = packetsToFrames(CHANNEL, [packet(7), packet(8)]);
    const text = reportFrames(frame!, DICTIONARY).join('\n');
    expect(text).toContain('SCID 101  VCID 0 (realtime)  OCF flag 1');
    expect(text).toContain('first header pointer 0');
    expect(text).toContain('"copInEffect":1');
    expect(text).toContain('packet APID 16  sequence 7  28 octets  time 2026-05-01T12:00:07.000Z  EPS_HK');
    expect(text).toContain('eps.batt_voltage=30');
    expect(text).toContain('counted: idle_packets 1');
  });

  it('reads frames back to back and completes a packet spanning them', () => {
    const big = spacePacket({ apid: 0x123, sequenceCount: 3, data: 2000 });
    const frames = packetsToFrames(CHANNEL, [big]);
    const lines = reportFrames(Uint8Array.from(Buffer.concat(frames)), DICTIONARY);
    expect(lines.filter((l) => l.startsWith('frame '))).toEqual(['frame 1:', 'frame 2:']);
    expect(lines).toContain('  completes no packet');
    expect(lines.join('\n')).toContain('packet APID 291  sequence 3  2006 octets');
    expect(lines.join('\n')).toContain('not decodable with the dictionary: unknown_apid');
  });

  it('says why a frame is rejected, and never throws on any bytes', () => {
    expect(reportFrames(Uint8Array.of(1, 2, 3), DICTIONARY)).toEqual(['frame 1: rejected: too_short']);
    let seed = 7;
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from(
        { length: (n * 37) % 2500 },
        () => (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff,
      );
      if (n % 3 === 0 && bytes.length > 2) bytes.set([0x06, 0x50], 0); // SCID 101: the 1115-octet channel
      expect(() => reportFrames(bytes, DICTIONARY)).not.toThrow();
    }
  });

  it('takes hex with spaces or 0x, and refuses what is not hex', () => {
    expect(parseHex('0x06 51:00')).toEqual(Uint8Array.of(0x06, 0x51, 0x00));
    expect(parseHex('abc')).toBeNull();
    expect(parseHex('zz')).toBeNull();
    expect(parseHex('')).toBeNull();
  });
});
