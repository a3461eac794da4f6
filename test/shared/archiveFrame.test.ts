import { describe, expect, it } from 'vitest';
import { archivePacketToLink, packetToArchiveFrame } from '../../shared/link';
import { buildFrame } from '../helpers/stations';

const T = Date.UTC(2026, 4, 1, 12, 0, 0, 250);
const header = { scid: 301, vcid: 0, masterFrameCount: 9, virtualFrameCount: 4 };

describe('the archive form of a packet and the link form of it', () => {
  const archived = buildFrame({ apid: 0x10, sequenceCount: 77, timeMs: T });
  const packet = archived.subarray(6, archived.length - 2);

  it('writes 1958 TAI in 4+3 octets with the leap seconds in and reads it back to the same packet', () => {
    const onLink = archivePacketToLink(packet, { epoch: 'tai1958', coarseOctets: 4, fineOctets: 3 })!;
    expect(onLink.length).toBe(packet.length + 1);
    const view = new DataView(onLink.buffer);
    // 4383 days from 1958 to 1970, and 37 s of TAI − UTC in 2026.
    expect(view.getUint32(6)).toBe(Math.floor(T / 1000) + 4383 * 86_400 + 37);
    expect(((onLink[4]! << 8) | onLink[5]!) + 7).toBe(onLink.length);
    const back = packetToArchiveFrame(onLink, header, { epoch: 'tai1958', coarseOctets: 4, fineOctets: 3 })!;
    expect(Buffer.from(back.subarray(6, back.length - 2))).toEqual(Buffer.from(packet));
  });

  it('refuses a time its code cannot hold and a packet too short for its time', () => {
    expect(archivePacketToLink(packet, { epoch: 'utc1970', coarseOctets: 2, fineOctets: 0 })).toBeNull();
    expect(
      archivePacketToLink(packet.subarray(0, 9), { epoch: 'utc1970', coarseOctets: 4, fineOctets: 2 }),
    ).toBeNull();
  });
});
