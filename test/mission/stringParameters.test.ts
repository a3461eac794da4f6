// A string parameter (test/fixtures/mission/meridian: the imager's last file name, 16 octets of text) is shown
// on every path a sample takes: live processing, the snapshot of a new subscription, the catch-up after a
// reconnect and the restore at start give its text; both archives give its history as runs of one text, never from the rollups; the relay takes a
// text from another node only when it is the text its code stands for.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VC_REALTIME } from '../../shared/codec';
import { indexDictionary, TEXTS, textCode } from '../../shared/dictionary';
import { TextBook } from '../../shared/dictionary/texts';
import { csvCell } from '../../shared/csv';
import { missionFrameDecoder } from '../../shared/mission/frameDecoder';
import { missionFrameEncoder } from '../../shared/mission/frameEncoder';
import type { LiveSample } from '../../shared/protocol/live';
import { epochMs } from '../../shared/units';
import { applyNews, type RelayDeps } from '../../server/cluster/relay';
import { requireMission } from '../../server/mission/folder';
import { CurrentValues } from '../../server/state/currentValues';
import type { FrameRecord } from '../../server/archive/types';
import { missionArchives } from '../helpers/missionArchives';
import { samplePaths } from '../helpers/samplePaths';
import { sendBatch } from '../helpers/stations';
import { deliveredRecord } from '../helpers/records';

const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const MERIDIAN = 'meridian-1';
const FILE = 'imager.last_file';
const mission = requireMission(path.resolve(import.meta.dirname, '../fixtures/mission/meridian'));
const encoder = missionFrameEncoder(mission);
const decoder = missionFrameDecoder(mission);
const imager = mission.dictionary.packets.find((p) => p.name === 'ImagerStatus')!;

/** An imager packet at T0 + tMs naming `file` (its detector temperature and exposure time plain numbers). */
function imagerFrame(sequenceCount: number, tMs: number, file: string): Uint8Array {
  return encoder.encodeEngineering(
    {
      scid: 402,
      vcid: VC_REALTIME,
      masterFrameCount: sequenceCount & 0xff,
      virtualFrameCount: sequenceCount & 0xff,
      apid: imager.apid,
      sequenceCount,
      timeMs: epochMs(T0 + tMs),
    },
    [20 + (sequenceCount % 5), TEXTS.learn(file), T0],
    imager,
  );
}

const TEXTS_SENT = ['IMG_0001.RAW', 'IMG_0001.RAW', 'IMG_0002.RAW', '', 'Ärtist,"=x".tif'];
const FRAMES = TEXTS_SENT.map((file, i) => imagerFrame(i + 1, i * 1000, file));

const fileSamples = (samples: readonly LiveSample[]) =>
  samples.filter((s) => s.parameterId === FILE).map((s) => ({ t: s.t - T0, text: s.text }));
const EXPECTED = TEXTS_SENT.map((text, i) => ({ t: i * 1000, text }));

describe('a string parameter on the paths to a dashboard', () => {
  const paths = samplePaths({
    startMs: T0 + 60_000,
    mission: { loaded: mission, decoder },
    station: { id: 'tashkent', secret: 'tashkent-secret' },
  });

  it(
    'carries its text live, in a new snapshot, after a catch-up and after a restore',
    { timeout: 30_000 },
    async () => {
      const live = await paths.subscribe([MERIDIAN]);
      const sinceMs = paths.clock.now();
      for (const bytes of FRAMES) {
        paths.clock.advance(1);
        expect(await sendBatch(paths.station, [{ bytes }])).toMatchObject({
          results: [{ status: 'stored' }],
        });
      }
      await paths.server.app.flush();
      await expect.poll(() => fileSamples(live.updates).length, { timeout: 5000 }).toBe(FRAMES.length);
      expect(fileSamples(live.updates)).toEqual(EXPECTED);
      // The value is the text's code; a string is never judged against limits.
      for (const sample of live.updates.filter((s) => s.parameterId === FILE)) {
        expect(sample.v).toBe(textCode(sample.text!));
        expect(sample.limit.level).toBe('nominal');
      }

      const caughtUp = await paths.subscribe([MERIDIAN], sinceMs);
      expect(fileSamples(caughtUp.reply)).toEqual(EXPECTED);

      const last = TEXTS_SENT.at(-1)!;
      expect(paths.server.app.current.get(MERIDIAN, FILE)).toMatchObject({
        text: last,
        value: textCode(last),
      });
      // A dashboard subscribing afresh gets the current values as its snapshot, the text with them.
      const fresh = await paths.subscribe([MERIDIAN]);
      expect(fileSamples(fresh.reply)).toEqual([{ t: 4000, text: last }]);
      const restored = await paths.restore();
      expect(restored.get(MERIDIAN, FILE)).toMatchObject({ timeMs: T0 + 4000, text: last });
    },
  );
});

const records = (frames: readonly Uint8Array[]): FrameRecord[] =>
  frames.map((bytes, i) => deliveredRecord(decoder, 'tashkent', bytes, T0 + i));

describe.each(missionArchives(mission.dictionary, decoder))('string history on $name', (archive) => {
  it('is one point per run of one text, read from the frames, never from the rollups', async () => {
    const { store, dispose } = await archive.open();
    try {
      await store.commit({ frames: records(FRAMES), alarms: [], events: [], stations: [], downlink: [] });
      const window = { spacecraftId: MERIDIAN, fromMs: T0, toMs: T0 + 10_000, maxPoints: 100 };
      const series = await store.history({ ...window, parameterId: FILE, string: true });
      expect(series.points.map((p) => [p.t - T0, p.text, p.n])).toEqual([
        [0, 'IMG_0001.RAW', 2],
        [2000, 'IMG_0002.RAW', 1],
        [3000, '', 1],
        [4000, 'Ärtist,"=x".tif', 1],
      ]);
      expect(series.downsampled).toBe(true);
      expect(series.startsAtMs).toBeUndefined();

      // Fewer points asked than runs: the latest runs, and where the series starts.
      const short = await store.history({ ...window, parameterId: FILE, string: true, maxPoints: 2 });
      expect(short.points.map((p) => [p.t - T0, p.text])).toEqual([
        [3000, ''],
        [4000, 'Ärtist,"=x".tif'],
      ]);
      expect(short.startsAtMs).toBe(T0 + 3000);
      // The window from the start to there gives the runs before (the first one whole).
      const before = await store.history({ ...window, parameterId: FILE, string: true, toMs: T0 + 2999 });
      expect(before.points.map((p) => [p.t - T0, p.text, p.n])).toEqual([
        [0, 'IMG_0001.RAW', 2],
        [2000, 'IMG_0002.RAW', 1],
      ]);

      // A day in one point comes from the hour rollups: the detector temperature has one, the string none.
      const day = { ...window, toMs: T0 + 86_400_000, maxPoints: 1 };
      const temperature = await store.history({ ...day, parameterId: 'imager.detector_temp' });
      expect(temperature.points.map((p) => p.n)).toEqual([FRAMES.length]);
      const rolledUpFile = await store.history({ ...day, parameterId: FILE });
      expect(rolledUpFile.points).toEqual([]);
    } finally {
      await store.close();
      await dispose();
    }
  });
});

describe('string texts', () => {
  it('have codes that tell texts apart and a book that keeps the most recently read', () => {
    const codes = new Set(Array.from({ length: 20_000 }, (_, i) => textCode(`IMG_${i}`)));
    expect(codes.size).toBe(20_000);
    for (const code of codes) expect(Number.isSafeInteger(code)).toBe(true);

    const book = new TextBook(3);
    for (const text of ['a', 'b', 'c']) book.learn(text);
    book.learn('a'); // read again: now the most recent
    book.learn('d'); // 'b' was the least recently read
    expect(book.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((t) => book.textOf(textCode(t)))).toEqual(['a', undefined, 'c', 'd']);
  });

  it('are taken from another node only when the text is the one its code stands for', () => {
    const current = new CurrentValues();
    const deps = {
      index: indexDictionary(mission.dictionary),
      current,
      local: { samples: () => undefined, spacecraftChanged: () => undefined },
    } as unknown as RelayDeps;
    const sample = (text: string, v: number): LiveSample => ({
      spacecraftId: MERIDIAN,
      parameterId: FILE,
      t: T0,
      v,
      limit: { level: 'nominal' },
      text,
    });
    const relayed = 'relayed only once';
    const forged = 'forged text';
    const news = { samples: [] as LiveSample[], links: [], alarms: [], events: [], stationCounters: [] };
    const forgedSample = sample(forged, textCode('another text'));
    applyNews({ ...news, samples: [forgedSample] } as never, deps);
    expect(TEXTS.textOf(textCode(forged))).toBeUndefined();
    // Neither this node's dashboards nor its current values show the forged text.
    expect(forgedSample.text).toBe('');
    expect(current.get(MERIDIAN, FILE)?.text).toBeUndefined();
    applyNews({ ...news, samples: [sample(relayed, textCode(relayed))] } as never, deps);
    expect(current.get(MERIDIAN, FILE)).toMatchObject({ text: relayed });
  });

  it('are exported as text that a spreadsheet does not run', () => {
    expect(csvCell('IMG,1')).toBe('"IMG,1"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
  });
});
