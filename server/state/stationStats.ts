// Per-station counters: totals (restored from the archive at start) plus the increments not yet written.
import type { StationLinkChannel, StationStats } from '../../shared/protocol/api';
import type { IngestErrorCode } from '../../shared/protocol/ingest';
import type { StationCounterDelta } from '../archive/types';

type Counters = Omit<StationCounterDelta, 'stationId'>;

const zero = (): Counters => ({
  framesReceived: 0,
  uniqueFrames: 0,
  duplicates: 0,
  rejects: {},
  lastFrameMs: null,
  bestSnrDb: null,
});

function add(into: Counters, delta: Partial<Counters>): void {
  into.framesReceived += delta.framesReceived ?? 0;
  into.uniqueFrames += delta.uniqueFrames ?? 0;
  into.duplicates += delta.duplicates ?? 0;
  for (const [code, count] of Object.entries(delta.rejects ?? {}) as [IngestErrorCode, number][]) {
    into.rejects[code] = (into.rejects[code] ?? 0) + count;
  }
  if (delta.lastFrameMs !== undefined && delta.lastFrameMs !== null)
    into.lastFrameMs = Math.max(into.lastFrameMs ?? -Infinity, delta.lastFrameMs);
  if (delta.bestSnrDb !== undefined && delta.bestSnrDb !== null)
    into.bestSnrDb = Math.max(into.bestSnrDb ?? -Infinity, delta.bestSnrDb);
}

export class StationStatsBook {
  private readonly totals = new Map<string, Counters>();
  private pending = new Map<string, Counters>();
  private readonly connections = new Map<string, number>();
  /** What the TM link layer counted per station (in memory, since start); set by the composition root. */
  linkChannels: (stationId: string) => StationLinkChannel[] = () => [];

  load(rows: readonly StationCounterDelta[]): void {
    for (const row of rows) add(this.entry(this.totals, row.stationId), row);
  }

  record(stationId: string, delta: Partial<Counters>): void {
    add(this.entry(this.totals, stationId), delta);
    add(this.entry(this.pending, stationId), delta);
  }

  reject(stationId: string, code: IngestErrorCode): void {
    this.record(stationId, { framesReceived: 1, rejects: { [code]: 1 } });
  }

  connected(stationId: string, change: 1 | -1): void {
    this.connections.set(stationId, Math.max(0, (this.connections.get(stationId) ?? 0) + change));
  }

  isConnected(stationId: string): boolean {
    return (this.connections.get(stationId) ?? 0) > 0;
  }

  takePending(): StationCounterDelta[] {
    const deltas = [...this.pending].map(([stationId, counters]) => ({ stationId, ...counters }));
    this.pending = new Map();
    return deltas;
  }

  stats(stationIds: readonly string[], inView: (stationId: string) => string[]): StationStats[] {
    const ids = new Set([...stationIds, ...this.totals.keys()]);
    return [...ids].map((stationId) => {
      const counters = this.totals.get(stationId) ?? zero();
      const link = this.linkChannels(stationId);
      return {
        stationId,
        connected: this.isConnected(stationId),
        ...counters,
        rejects: { ...counters.rejects },
        spacecraftInView: inView(stationId),
        ...(link.length > 0 ? { link } : {}),
      };
    });
  }

  private entry(map: Map<string, Counters>, stationId: string): Counters {
    let counters = map.get(stationId);
    if (!counters) {
      counters = zero();
      map.set(stationId, counters);
    }
    return counters;
  }
}
