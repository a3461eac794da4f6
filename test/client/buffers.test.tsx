import { beforeEach, describe, expect, it } from 'vitest';
import { SeriesRing } from '../../client/lib/seriesRing';
import { mergeSeries, SampleBuffers } from '../../client/store';
import { sample, T0 } from '../fixtures/dashboard';

/** A frame scheduler the test flushes by hand, standing in for requestAnimationFrame. */
function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    request: (cb: () => void) => queue.push(cb),
    flush: () => queue.splice(0).forEach((cb) => cb()),
    pending: () => queue.length,
  };
}

describe('SeriesRing', () => {
  it('keeps the newest samples up to its capacity and counts what it dropped', () => {
    const ring = new SeriesRing(3);
    for (let i = 1; i <= 7; i++) ring.push({ t: i * 1000, v: i / 10 });
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([
      { t: 5000, v: 0.5 },
      { t: 6000, v: 0.6 },
      { t: 7000, v: 0.7 },
    ]);
    expect(ring.last()).toEqual({ t: 7000, v: 0.7 });
    expect(ring.at(0)?.t).toBe(5000);
    expect(ring.at(3)).toBeUndefined();
    expect(ring.dropped).toBe(4);
  });

  it('keeps full timestamps and values, and which samples came from playback', () => {
    const ring = new SeriesRing(4);
    ring.push({ t: 1_790_000_000_123, v: -0.000123, playback: true });
    ring.push({ t: 1_790_000_000_456, v: 12345.678 });
    expect(ring.toArray()).toEqual([
      { t: 1_790_000_000_123, v: -0.000123, playback: true },
      { t: 1_790_000_000_456, v: 12345.678 },
    ]);
  });

  it('starts over when cleared', () => {
    const ring = new SeriesRing(2);
    for (let i = 0; i < 5; i++) ring.push({ t: i, v: i });
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.dropped).toBe(0);
    ring.push({ t: 9, v: 9 });
    expect(ring.toArray()).toEqual([{ t: 9, v: 9 }]);
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => new SeriesRing(0)).toThrow(RangeError);
  });
});

describe('SampleBuffers', () => {
  let frames: ReturnType<typeof manualFrames>;
  let buffers: SampleBuffers;
  beforeEach(() => {
    frames = manualFrames();
    buffers = new SampleBuffers(100, frames.request);
  });

  it('stays bounded per series however long it runs (a wall screen left for days)', () => {
    for (let i = 0; i < 10_000; i++) buffers.ingest([sample(T0 + i * 1000, i)]);
    const points = buffers.points('kazeosat-1', 'eps.batt_voltage');
    expect(points).toHaveLength(100);
    expect(points[0]!.t).toBe(T0 + 9_900 * 1000);
    expect(buffers.dropped).toBe(9_900);
  });

  it('coalesces many updates into one notification per animation frame', () => {
    let calls = 0;
    buffers.subscribe(() => (calls += 1));
    for (let i = 0; i < 50; i++) buffers.ingest([sample(T0 + i, i)]);
    expect(calls).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.flush();
    expect(calls).toBe(1);
    buffers.ingest([sample(T0 + 100, 1)]);
    frames.flush();
    expect(calls).toBe(2);
  });

  it('merges a catch-up that lands behind the live stream into time order, without duplicates', () => {
    buffers.ingest([sample(T0 + 5000, 5), sample(T0 + 6000, 6)]);
    // After a reconnect the server replays from sinceMs: older samples plus one already seen.
    buffers.ingest([sample(T0 + 1000, 1), sample(T0 + 3000, 3), sample(T0 + 5000, 5)]);
    expect(buffers.points('kazeosat-1', 'eps.batt_voltage').map((p) => p.t - T0)).toEqual([
      1000, 3000, 5000, 6000,
    ]);
  });

  it('keeps playback samples marked and the newest live sample with its limit state', () => {
    buffers.ingest([
      sample(T0, 1, { playback: true }),
      sample(T0 + 1, 2, { limit: { level: 'red', side: 'low' } }),
    ]);
    expect(buffers.points('kazeosat-1', 'eps.batt_voltage')[0]).toEqual({ t: T0, v: 1, playback: true });
    expect(buffers.newestSample('kazeosat-1', 'eps.batt_voltage')?.limit.level).toBe('red');
  });

  it('seeds from history without losing live points', () => {
    buffers.ingest([sample(T0 + 10_000, 10)]);
    buffers.seed('kazeosat-1', 'eps.batt_voltage', [
      { t: T0, v: 0 },
      { t: T0 + 5000, v: 5 },
    ]);
    expect(buffers.points('kazeosat-1', 'eps.batt_voltage').map((p) => p.v)).toEqual([0, 5, 10]);
  });
});

describe('mergeSeries', () => {
  it('keeps only the newest points when the merge exceeds the capacity', () => {
    const merged = mergeSeries(
      [
        { t: 1, v: 1 },
        { t: 3, v: 3 },
      ],
      [
        { t: 2, v: 2 },
        { t: 4, v: 4 },
      ],
      3,
    );
    expect(merged.map((p) => p.t)).toEqual([2, 3, 4]);
  });
});
