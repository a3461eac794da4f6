// Lost frames per pass: the TM link layer tells the tally what each frame added to its counters, and a
// contact record reads the frames received and lost between its pass's AOS and LOS.
import { describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { LINK_CELL_MS, PassLinkTally } from '../../server/contacts/linkTally';
import { judgeContact } from '../../server/contacts/judge';
import { TmLinkIngest } from '../../server/ingest/tmLink';
import { DICTIONARY, LINKS } from '../../server/mission/shipped';
import { buildFrame } from '../helpers/stations';
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

describe('lost frames of a pass', () => {
  it('counts the frames the link layer lost between AOS and LOS, for that station and spacecraft only', () => {
    const tally = new PassLinkTally(new Set(['kazeosat-1', 'gokturk-2']));
    tally.add('astana', 'kazeosat-1', T0 - MIN, 1, 0);
    expect(tally.counts({ ...pass, aosMs: T0 - 2 * MIN })).toBeNull();
    for (let s = 0; s < 60; s++) tally.add('astana', 'kazeosat-1', T0 + s * 1000, 1, s === 30 ? 4 : 0);
    tally.add('ankara', 'kazeosat-1', T0 + 5000, 1, 7);
    tally.add('astana', 'gokturk-2', T0 + 5000, 1, 9);
    tally.add('astana', 'kazeosat-1', T0 + 11 * MIN, 1, 5);
    tally.add('astana', 'sputnik-1', T0 + 5000, 1, 9);
    expect(tally.counts(pass)).toEqual({ frames: 60, lost: 4 });
    expect(tally.counts({ ...pass, stationId: 'baku' })).toBeNull();
    // The pass before the tally began counting is not known to it (a restart in the middle of a pass).
    expect(tally.counts({ ...pass, aosMs: T0 - 2 * MIN, losMs: T0 - MIN + LINK_CELL_MS })).toBeNull();
  });

  it('is fed by the TM link ingest, and the record carries the frames lost', () => {
    const tally = new PassLinkTally(new Set(DICTIONARY.spacecraft.map((s) => s.id)));
    const ingest = new TmLinkIngest(DICTIONARY.spacecraft, LINKS);
    ingest.onCounted = (stationId, spacecraftId, nowMs, counts) =>
      tally.add(stationId, spacecraftId, nowMs, counts.frames, counts.lost_frames);
    const packets = Array.from({ length: 400 }, (_, i) =>
      packetOf(buildFrame({ apid: APID.EPS, sequenceCount: i, timeMs: T0 + i * 1000 })),
    );
    const frames = packetsToFrames(KAZEOSAT_1, packets);
    // Frames 3 and 4 never arrive: the virtual channel frame count jumps by two.
    expect(frames.length).toBeGreaterThan(10);
    frames.forEach((bytes, i) => {
      if (i !== 3 && i !== 4) ingest.extract('astana', bytes, null, T0 + i * 1000);
    });
    const link = tally.counts(pass);
    expect(link).toEqual({ frames: frames.length - 2, lost: 2 });
    const record = judgeContact({
      pass,
      planned: null,
      notExpected: false,
      own: [],
      realtimeMs: [],
      telemetryMs: [],
      onboard: { transmitterOff: false, rebooted: false },
      knownRatePerS: null,
      link,
      nowMs: pass.losMs + 5 * MIN,
    });
    expect(record).toMatchObject({
      lostFrames: 2,
      framesReceived: frames.length - 2,
      framesExpected: frames.length,
    });
  });
});
