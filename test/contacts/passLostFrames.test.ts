// Lost frames per pass: the TM link layer's counts of settled frames go into the archive's link cells (the
// cells the pass comparison shows), and a contact record reads the frames received and lost between its
// pass's AOS and LOS from them, for that station only.
import { afterEach, describe, expect, it } from 'vitest';
import { APID, indexDictionary } from '../../shared/dictionary';
import { judgePass } from '../../server/contacts/evidence';
import { TmLinkIngest } from '../../server/ingest/tmLink';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import { buildFrame } from '../helpers/stations';
import { sqliteFactory, type StoreHandle } from '../helpers/stores';
import { packetsToFrames, type ChannelSpec } from '../helpers/tmFrames';

const T0 = Date.UTC(2026, 10, 2, 8);
const MIN = 60_000;
const KAZEOSAT_1: ChannelSpec = { scid: 101, vcid: 0, frameBytes: 1115, ocf: 0x0100_0000 };
const pass = {
  spacecraftId: 'kazeosat-1',
  stationId: 'astana',
  aosMs: T0,
  losMs: T0 + 10 * MIN,
  maxElevationDeg: 40,
};

/** The space packet inside a one-packet frame: what a spacecraft puts in its TM frames. */
const packetOf = (frame: Uint8Array) => frame.subarray(6, frame.length - 2);

let handle: StoreHandle | null = null;
afterEach(async () => {
  await handle?.dispose();
  handle = null;
});

describe('lost frames of a pass', () => {
  it('come from the link cells of that station and pass: the record carries frames received and lost', async () => {
    handle = await sqliteFactory.create();
    const archive = await handle.open();
    const ingest = new TmLinkIngest(DICTIONARY.spacecraft, LINKS);
    const packets = Array.from({ length: 400 }, (_, i) =>
      packetOf(buildFrame({ apid: APID.EPS, sequenceCount: i, timeMs: T0 + i * 1000 })),
    );
    const frames = packetsToFrames(KAZEOSAT_1, packets);
    expect(frames.length).toBeGreaterThan(10);
    // Astana never gets frames 3 and 4: its virtual channel frame count jumps by two. Ankara hears every
    // frame of the same pass, and its counts must not leak into Astana's record.
    frames.forEach((bytes, i) => {
      for (const stationId of ['astana', 'ankara']) {
        if (stationId === 'astana' && (i === 3 || i === 4)) continue;
        const extracted = ingest.extract(stationId, bytes, T0 + i * 1000, T0 + i * 1000);
        if (!extracted.ok) throw new Error(`frame ${i} refused: ${extracted.error}`);
        ingest.countSettled(stationId, [extracted.tally]);
      }
    });
    await archive.addLinkCells(ingest.cells.drain());

    const judge = (stationId: string) =>
      judgePass(
        { archive, index: indexDictionary(DICTIONARY), windows: () => [] },
        { ...pass, stationId },
        pass.losMs + 5 * MIN,
        null,
      );
    expect(await judge('astana')).toMatchObject({
      lostFrames: 2,
      framesReceived: frames.length - 2,
      framesExpected: frames.length,
    });
    expect(await judge('ankara')).toMatchObject({ lostFrames: 0, framesReceived: frames.length });
    // A station whose link layer counted nothing of the pass has no link figures, not zero lost.
    expect(await judge('baku')).toMatchObject({ lostFrames: null });
    await archive.close();
  });
});
