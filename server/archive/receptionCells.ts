// Receptions summed per station, spacecraft and second of packet time, which is all the pass view asks of
// them (frames heard, how many were new, mean and best SNR, gaps of more than a few seconds): one row per
// second instead of one per frame heard, ~7 times fewer at one frame per APID a second. Pure: the store feeds
// the frames of a batch in and writes the cells out in the same transaction, merged into any row already there.
import type { ReceptionRow } from './types';

export const RECEPTION_CELL_MS = 1000;

export interface ReceptionCell extends ReceptionRow {
  /** Store ids of the station and spacecraft. */
  station: number;
  spacecraft: number;
  /** Start of the second. */
  timeMs: number;
}

/** Station and spacecraft ids are the store's small name ids, far below 2^20. */
const SERIES_STRIDE = 2 ** 20;

export class ReceptionAccumulator {
  private readonly cells = new Map<number, Map<number, ReceptionCell>>();

  add(station: number, spacecraft: number, timeMs: number, snrDb: number | null, unique: boolean): void {
    const second = Math.floor(timeMs / RECEPTION_CELL_MS) * RECEPTION_CELL_MS;
    const series = spacecraft * SERIES_STRIDE + station;
    let bySecond = this.cells.get(series);
    if (!bySecond) {
      bySecond = new Map();
      this.cells.set(series, bySecond);
    }
    let cell = bySecond.get(second);
    if (!cell) {
      cell = {
        station,
        spacecraft,
        timeMs: second,
        firstMs: timeMs,
        lastMs: timeMs,
        frames: 0,
        uniqueFrames: 0,
        snrSumDb: 0,
        snrCount: 0,
        bestSnrDb: null,
      };
      bySecond.set(second, cell);
    }
    cell.frames++;
    if (unique) cell.uniqueFrames++;
    if (timeMs < cell.firstMs) cell.firstMs = timeMs;
    if (timeMs > cell.lastMs) cell.lastMs = timeMs;
    if (snrDb !== null) {
      cell.snrSumDb += snrDb;
      cell.snrCount++;
      if (cell.bestSnrDb === null || snrDb > cell.bestSnrDb) cell.bestSnrDb = snrDb;
    }
  }

  /** Every cell, in key order (spacecraft, station, second): writers lock rows in one order. */
  sorted(): ReceptionCell[] {
    const cells: ReceptionCell[] = [];
    for (const bySecond of this.cells.values()) cells.push(...bySecond.values());
    return cells.sort((a, b) => a.spacecraft - b.spacecraft || a.station - b.station || a.timeMs - b.timeMs);
  }

  clear(): void {
    this.cells.clear();
  }
}
