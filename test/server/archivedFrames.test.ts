// Raw history read back from archived frames: the samples one parameter's frames yield, and the buckets with
// the true min and max computed from them when a window is too long to show raw.
import { describe, expect, it } from 'vitest';
import { ArchivedFrames } from '../../server/archive/archivedFrames';
import { bucketRawSamples, type RawSampleRow } from '../../server/archive/historyPoints';
import { DICTIONARY } from '../../server/mission/shipped';
import { encodedRecord } from '../helpers/records';

const T0 = Date.UTC(2026, 4, 1);

describe('bucketRawSamples', () => {
  const sample = (t: number, v: number): RawSampleRow => ({ t, v, pb: 0 });

  it('keeps the true min and max and the mean of each bucket, skipping empty ones', () => {
    const samples = [sample(0, 5), sample(9, -3), sample(10, 7), sample(35, 1), sample(39, 2)];
    expect(bucketRawSamples(samples, 0, 10)).toEqual([
      { b: 0, min: -3, max: 5, sum: 2, n: 2 },
      { b: 1, min: 7, max: 7, sum: 7, n: 1 },
      { b: 3, min: 1, max: 2, sum: 3, n: 2 },
    ]);
  });

  it('numbers buckets from the window start, not from zero', () => {
    expect(bucketRawSamples([sample(1005, 1), sample(1016, 2)], 1000, 10).map((r) => r.b)).toEqual([0, 1]);
  });

  it('takes samples lazily from any iterable, such as decoded frames', () => {
    function* many() {
      for (let t = 0; t < 100_000; t++) yield sample(t, t % 1000);
    }
    const rows = bucketRawSamples(many(), 0, 25_000);
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.n === 25_000 && r.min === 0 && r.max === 999)).toBe(true);
  });
});

describe('ArchivedFrames', () => {
  const archived = new ArchivedFrames(DICTIONARY);
  const eps = (i: number, voltage: number) =>
    encodedRecord({ sequenceCount: i, timeMs: T0 + i * 1000, values: { 'eps.batt_voltage': voltage } });

  it('places each parameter in the packet that carries it', () => {
    expect(archived.slotsOf('eps.batt_voltage')).toEqual({
      apids: [0x010],
      slots: [{ apid: 0x010, packet: 'EPS_HK', index: 0 }],
    });
    expect(archived.slotsOf('eps.batt_soc')?.slots).toEqual([{ apid: 0x010, packet: 'EPS_HK', index: 2 }]);
    expect(archived.slotsOf('no.such')).toBeUndefined();
  });

  it('reads one parameter from its frames and skips frames that do not decode', () => {
    const frames = [eps(1, 29.5), eps(2, 31)];
    const damaged = Uint8Array.from(frames[1]!.bytes);
    damaged[20] = damaged[20]! ^ 0xff;
    const rows = [
      { t: T0 + 1000, pb: 1, bytes: frames[0]!.bytes },
      { t: T0 + 1500, pb: 0, bytes: damaged },
      { t: T0 + 2000, pb: 0, bytes: frames[1]!.bytes },
    ];
    expect([...archived.samples(rows, archived.slotsOf('eps.batt_voltage')!)]).toEqual([
      { t: T0 + 1000, v: 29.5, pb: 1 },
      { t: T0 + 2000, v: 31, pb: 0 },
    ]);
  });

  it('gives every value of a frame, and none of one that does not decode', () => {
    const record = eps(3, 30);
    expect(archived.values(record.bytes)).toEqual({
      parameterIds: record.parameterIds,
      values: record.values,
    });
    expect(archived.values(Uint8Array.of(1, 2, 3))).toEqual({ parameterIds: [], values: [] });
  });
});
