import type { LiveSample } from '../../shared/protocol';
import { frameCoalescer, type FrameRequest } from '../lib/frame';
import { SeriesRing, type SeriesPoint } from '../lib/seriesRing';

export type { SeriesPoint };

/** Samples kept per series: 1 Hz for an hour, or 15 minutes of a 4 Hz stream. */
export const SERIES_CAPACITY = 3600;

export const seriesKey = (spacecraftId: string, parameterId: string): string =>
  `${spacecraftId}/${parameterId}`;

/**
 * Merges two time-sorted series into one, sorted, without two points at the same time (the incoming point
 * wins), keeping only the newest `capacity`. Used when catch-up after a reconnect or a history seed lands
 * behind what the live stream already delivered.
 */
export function mergeSeries(
  existing: readonly SeriesPoint[],
  incoming: readonly SeriesPoint[],
  capacity: number,
): SeriesPoint[] {
  const byTime = new Map<number, SeriesPoint>();
  for (const p of existing) byTime.set(p.t, p);
  for (const p of incoming) byTime.set(p.t, p);
  const merged = [...byTime.values()].sort((a, b) => a.t - b.t);
  return merged.slice(Math.max(0, merged.length - capacity));
}

/**
 * The live windows of every streamed series, outside React state: samples arrive up to ten times a second
 * per series, so charts read them through `subscribe` into refs and redraw at most once per frame.
 */
export class SampleBuffers {
  private readonly series = new Map<string, SeriesRing>();
  private readonly listeners = new Set<() => void>();
  /** The newest live sample of each series with its limit state, for current-value tables. */
  private readonly newest = new Map<string, LiveSample>();
  /** Bumped on every change of a series, so a chart can skip redraws when only other series moved. */
  private readonly versions = new Map<string, number>();
  private readonly notify: () => void;
  /** Points trimmed because a window was full; shown to the operator. */
  dropped = 0;

  constructor(
    readonly capacity = SERIES_CAPACITY,
    request?: FrameRequest,
  ) {
    this.notify = frameCoalescer(() => this.listeners.forEach((listener) => listener()), request);
  }

  /** Appends live samples; any that arrive out of order (catch-up, playback) are merged into place. */
  ingest(samples: readonly LiveSample[]): void {
    if (samples.length === 0) return;
    const late = new Map<string, SeriesPoint[]>();
    for (const s of samples) {
      const key = seriesKey(s.spacecraftId, s.parameterId);
      this.bump(key);
      const buffer = this.buffer(key);
      const last = buffer.last();
      const newest = this.newest.get(key);
      if (!newest || s.t >= newest.t) this.newest.set(key, s);
      const point: SeriesPoint = s.playback ? { t: s.t, v: s.v, playback: true } : { t: s.t, v: s.v };
      if (!last || s.t > last.t) this.push(buffer, point);
      else {
        const list = late.get(key);
        if (list) list.push(point);
        else late.set(key, [point]);
      }
    }
    for (const [key, points] of late) this.mergeInto(key, points);
    this.notify();
  }

  /** Seeds a series with archived points (e.g. the last 15 minutes from REST) without losing live ones. */
  seed(spacecraftId: string, parameterId: string, points: readonly SeriesPoint[]): void {
    const key = seriesKey(spacecraftId, parameterId);
    this.bump(key);
    this.mergeInto(key, points);
    this.notify();
  }

  points(spacecraftId: string, parameterId: string): SeriesPoint[] {
    return this.series.get(seriesKey(spacecraftId, parameterId))?.toArray() ?? [];
  }

  latest(spacecraftId: string, parameterId: string): SeriesPoint | undefined {
    return this.series.get(seriesKey(spacecraftId, parameterId))?.last();
  }

  /** Changes whenever the series changes. */
  version(spacecraftId: string, parameterId: string): number {
    return this.versions.get(seriesKey(spacecraftId, parameterId)) ?? 0;
  }

  /** The newest sample received live (with its limit state), if any. */
  newestSample(spacecraftId: string, parameterId: string): LiveSample | undefined {
    return this.newest.get(seriesKey(spacecraftId, parameterId));
  }

  /** Calls `listener` at most once per animation frame after new samples; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.series.clear();
    this.newest.clear();
    this.versions.clear();
    this.dropped = 0;
    this.notify();
  }

  private bump(key: string): void {
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
  }

  private buffer(key: string): SeriesRing {
    let buffer = this.series.get(key);
    if (!buffer) {
      buffer = new SeriesRing(this.capacity);
      this.series.set(key, buffer);
    }
    return buffer;
  }

  private push(buffer: SeriesRing, point: SeriesPoint): void {
    const before = buffer.dropped;
    buffer.push(point);
    this.dropped += buffer.dropped - before;
  }

  private mergeInto(key: string, points: readonly SeriesPoint[]): void {
    const buffer = this.buffer(key);
    const merged = mergeSeries(buffer.toArray(), points, this.capacity);
    buffer.clear();
    for (const p of merged) buffer.push(p);
  }
}
