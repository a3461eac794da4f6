// Transfer frames received and lost per station and spacecraft over time, as the TM link layer counted them
// (server/ingest/tmLink.ts), kept in short time cells so a pass's own share can be read when it is judged:
// the `lost frames` of its contact record. Bounded: cells older than the longest a record stays open are
// dropped, and only the dictionary's spacecraft are kept.
import type { ContactPass } from './judge';
import { SETTLE_LIMIT_MS } from './judge';

/** Frames are tallied by receive time in cells this long; a pass's edges are read to the cell. */
export const LINK_CELL_MS = 10_000;
/** A record is judged again up to SETTLE_LIMIT_MS after its LOS; an hour more covers the longest pass. */
const KEEP_MS = SETTLE_LIMIT_MS + 3_600_000;
const PRUNE_EVERY_MS = 60_000;

interface Cell {
  frames: number;
  lost: number;
}

export class PassLinkTally {
  /** By station, then spacecraft: cells by their start time, in time order. */
  private readonly cells = new Map<string, Map<string, Map<number, Cell>>>();
  private startedMs: number | null = null;
  private lastPruneMs = -Infinity;

  constructor(private readonly spacecraftIds: ReadonlySet<string>) {}

  /** Frames one transfer frame of the station added (1, or 0 for a refused one) and the frames lost before it. */
  add(stationId: string, spacecraftId: string, timeMs: number, frames: number, lost: number): void {
    if (!this.spacecraftIds.has(spacecraftId)) return;
    this.startedMs ??= timeMs;
    let station = this.cells.get(stationId);
    if (!station) this.cells.set(stationId, (station = new Map()));
    let cells = station.get(spacecraftId);
    if (!cells) station.set(spacecraftId, (cells = new Map()));
    const at = Math.floor(timeMs / LINK_CELL_MS) * LINK_CELL_MS;
    const cell = cells.get(at);
    if (cell) {
      cell.frames += frames;
      cell.lost += lost;
    } else cells.set(at, { frames, lost });
    this.prune(timeMs);
  }

  /**
   * What the link layer counted of this station and spacecraft between AOS and LOS; null when it did not
   * see the pass (no transfer frame of it, or the pass began before this process counted anything).
   */
  counts(pass: ContactPass): { frames: number; lost: number } | null {
    if (this.startedMs === null || pass.aosMs < this.startedMs) return null;
    const cells = this.cells.get(pass.stationId)?.get(pass.spacecraftId);
    if (!cells) return null;
    let frames = 0;
    let lost = 0;
    const first = Math.floor(pass.aosMs / LINK_CELL_MS) * LINK_CELL_MS;
    for (let at = first; at <= pass.losMs; at += LINK_CELL_MS) {
      const cell = cells.get(at);
      if (!cell) continue;
      frames += cell.frames;
      lost += cell.lost;
    }
    return frames + lost === 0 ? null : { frames, lost };
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = nowMs;
    for (const station of this.cells.values()) {
      for (const cells of station.values()) {
        // Map order is insertion order, which is time order for a clock that only moves forward.
        for (const at of cells.keys()) {
          if (at >= nowMs - KEEP_MS) break;
          cells.delete(at);
        }
      }
    }
  }
}
