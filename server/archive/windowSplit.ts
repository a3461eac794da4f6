// A window cut at the boundaries of fixed cells (hours of receptions, days of contact records): the whole
// cells inside are answered from a summary kept per cell, the partial cells at its ends from the rows the
// summary is made of, so a summary answers any window exactly.

export interface CellSplit {
  /** [from, to) of whole cells, answered from the summary (empty when from = to). */
  cells: { fromMs: number; toMs: number };
  /** The partial cells either side, answered from the rows: [windowFrom, cells.from) and [cells.to, windowTo). */
  head: { fromMs: number; toMs: number };
  tail: { fromMs: number; toMs: number };
}

/** Splits [fromMs, toMs) into whole cells of `cellMs` and the partial cells at its ends; no instant is in two parts. */
export function splitByCell(fromMs: number, toMs: number, cellMs: number): CellSplit {
  const firstWhole = Math.ceil(fromMs / cellMs) * cellMs;
  const lastWhole = Math.floor(toMs / cellMs) * cellMs;
  if (firstWhole >= lastWhole || toMs <= fromMs) {
    // No whole cell inside: all of it from the rows.
    const end = Math.max(fromMs, toMs);
    return {
      cells: { fromMs: end, toMs: end },
      head: { fromMs, toMs: end },
      tail: { fromMs: end, toMs: end },
    };
  }
  return {
    cells: { fromMs: firstWhole, toMs: lastWhole },
    head: { fromMs, toMs: firstWhole },
    tail: { fromMs: lastWhole, toMs },
  };
}
