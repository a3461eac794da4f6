// What the TM link layer counted, per station, spacecraft, virtual channel and ten seconds of earth-receive
// time, so a pass's link figures are the cells inside its AOS–LOS (summarizePassLink) and outlive a restart.
// Pure: the ingest adds each frame's counts once its batch is settled, the app writes the cells out every
// housekeeping tick (addLinkCells adds them to any row already there).
import {
  LINK_COUNT_CODES,
  addLinkCounts,
  emptyLinkCounts,
  type ClcwState,
  type LinkCounts,
} from '../../shared/link';
import type { PassLink } from '../../shared/protocol/api';

/** Cells of ten seconds: a pass lasts minutes, and two passes of one spacecraft over one station are an orbit apart. */
export const LINK_CELL_MS = 10_000;
/**
 * The channel of frames that failed their FECF: their header still names the spacecraft (its SCID), but
 * the virtual channel of a damaged frame cannot be trusted.
 */
export const FECF_CHANNEL = -1;
/** Cells kept while the archive cannot take them (one hour of 8 stations × 8 spacecraft × 3 channels). */
export const MAX_PENDING_LINK_CELLS = 500_000;

export interface LinkCellRow {
  /** Virtual channel, or FECF_CHANNEL. */
  vcid: number;
  /** Start of the ten seconds (earth-receive time, else the server's time of arrival). */
  timeMs: number;
  counts: LinkCounts;
  fecfFailures: number;
  /** The last CLCW heard in the cell and when, or null on a channel without OCF. */
  clcw: ClcwState | null;
  clcwMs: number | null;
}

export interface LinkCell extends LinkCellRow {
  stationId: string;
  spacecraftId: string;
}

/** Link cells of one station and spacecraft whose ten seconds start in [floor(fromMs to a cell), toMs]. */
export interface LinkCellQuery {
  spacecraftId: string;
  stationId: string;
  fromMs: number;
  toMs: number;
}

export const linkCellStart = (timeMs: number): number => Math.floor(timeMs / LINK_CELL_MS) * LINK_CELL_MS;

/** Adds `from` into `into` (same key): counts add up, the later CLCW wins. */
export function mergeLinkCell(into: LinkCellRow, from: LinkCellRow): void {
  addLinkCounts(into.counts, from.counts);
  into.fecfFailures += from.fecfFailures;
  if (from.clcwMs !== null && (into.clcwMs === null || from.clcwMs >= into.clcwMs)) {
    into.clcw = from.clcw;
    into.clcwMs = from.clcwMs;
  }
}

export class LinkCellAccumulator {
  private readonly cells = new Map<string, LinkCell>();
  /** Counts that did not fit under MAX_PENDING_LINK_CELLS (the archive away for long). */
  dropped = 0;

  get size(): number {
    return this.cells.size;
  }

  /** One frame's counts; `clcw` when the frame carried an OCF. */
  addFrame(
    key: { stationId: string; spacecraftId: string; vcid: number },
    timeMs: number,
    counts: LinkCounts,
    clcw: ClcwState | null,
  ): void {
    const cell = this.cell(key.stationId, key.spacecraftId, key.vcid, timeMs);
    if (!cell) return;
    addLinkCounts(cell.counts, counts);
    if (clcw !== null && (cell.clcwMs === null || timeMs >= cell.clcwMs)) {
      cell.clcw = clcw;
      cell.clcwMs = timeMs;
    }
  }

  addFecfFailure(stationId: string, spacecraftId: string, timeMs: number): void {
    const cell = this.cell(stationId, spacecraftId, FECF_CHANNEL, timeMs);
    if (cell) cell.fecfFailures++;
  }

  /** Every cell, emptied: what the next write takes. */
  drain(): LinkCell[] {
    const cells = [...this.cells.values()];
    this.cells.clear();
    return cells;
  }

  /** Takes back cells a write could not store, merged with what came since. */
  putBack(cells: readonly LinkCell[]): void {
    for (const cell of cells) {
      const into = this.cell(cell.stationId, cell.spacecraftId, cell.vcid, cell.timeMs);
      if (into) mergeLinkCell(into, cell);
    }
  }

  private cell(stationId: string, spacecraftId: string, vcid: number, timeMs: number): LinkCell | null {
    const start = linkCellStart(Number.isFinite(timeMs) ? timeMs : 0);
    const key = `${stationId}\u0000${spacecraftId}\u0000${vcid}\u0000${start}`;
    let cell = this.cells.get(key);
    if (!cell) {
      if (this.cells.size >= MAX_PENDING_LINK_CELLS) {
        this.dropped++;
        return null;
      }
      cell = {
        stationId,
        spacecraftId,
        vcid,
        timeMs: start,
        counts: emptyLinkCounts(),
        fecfFailures: 0,
        clcw: null,
        clcwMs: null,
      };
      this.cells.set(key, cell);
    }
    return cell;
  }
}

/**
 * One station's link over one pass of one spacecraft, from its cells: per virtual channel the counts summed
 * and the last CLCW, and the frames that failed their FECF.
 */
export function summarizePassLink(rows: readonly LinkCellRow[]): PassLink {
  const channels = new Map<number, PassLink['channels'][number] & { clcwMs: number | null }>();
  let fecfFailures = 0;
  for (const row of rows) {
    fecfFailures += row.fecfFailures;
    if (row.vcid === FECF_CHANNEL) continue;
    let channel = channels.get(row.vcid);
    if (!channel) {
      channel = { vcid: row.vcid, counts: emptyLinkCounts(), clcw: null, clcwMs: null };
      channels.set(row.vcid, channel);
    }
    for (const code of LINK_COUNT_CODES) channel.counts[code] += row.counts[code];
    if (row.clcwMs !== null && (channel.clcwMs === null || row.clcwMs >= channel.clcwMs)) {
      channel.clcw = row.clcw;
      channel.clcwMs = row.clcwMs;
    }
  }
  return {
    channels: [...channels.values()]
      .sort((a, b) => a.vcid - b.vcid)
      .map(({ vcid, counts, clcw }) => ({ vcid, counts, clcw })),
    fecfFailures,
  };
}
