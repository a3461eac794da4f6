// What the TM link layer keeps in the archive beside the packets: each station's reassembly across a clean
// restart, and the link cells of each pass (server/archive/linkCells.ts), written every housekeeping tick.
import type { Store } from '../archive/types';
import type { TmLinkIngest } from './tmLink';

/**
 * Packets a station had begun but not finished when this node last stopped cleanly continue with the frames
 * it sends now. The archive being away costs those packets, not the start.
 */
export async function resumeReassembly(archive: Store, tmLink: TmLinkIngest): Promise<void> {
  try {
    const { refused } = tmLink.resumeReassembly(await archive.takeReassembly());
    if (refused > 0)
      console.warn(`ingest: ${refused} stations' saved reassembly refused (invalid or too large)`);
  } catch (error) {
    console.error('ingest: saved reassembly not read:', error instanceof Error ? error.message : error);
  }
}

/** After the last commit, before the archive closes: no frame is read any more, so nothing changes it. */
export async function saveReassembly(archive: Store, tmLink: TmLinkIngest): Promise<void> {
  // A batch whose last commit just settled finishes (or goes back to before itself) first.
  await new Promise((resolve) => setImmediate(resolve));
  try {
    await archive.saveReassembly(tmLink.saveReassembly());
  } catch (error) {
    console.error('ingest: reassembly not saved:', error instanceof Error ? error.message : error);
  }
}

/**
 * Writes the link cells counted since the last call. Cells the archive could not take are kept for the next
 * call (bounded: see MAX_PENDING_LINK_CELLS), so an archive that is away costs no counts, only their delay;
 * a crash costs at most the counts of one housekeeping period.
 */
export async function writeLinkCells(
  archive: Pick<Store, 'addLinkCells'>,
  tmLink: TmLinkIngest,
): Promise<void> {
  const cells = tmLink.cells.drain();
  if (cells.length === 0) return;
  try {
    await archive.addLinkCells(cells);
  } catch (error) {
    tmLink.cells.putBack(cells);
    throw error;
  }
}
