// Pure rules of the dense wall: when a fleet is too big for one full tile per spacecraft, which spacecraft
// need attention (and in what order), the short names of the health matrix, and how its cells are grouped by
// partner and cut into pages. No DOM here: the view measures, these functions decide.
import type { PartnerId, SpacecraftDef } from '../../shared/dictionary';
import type { FleetEntry, SpacecraftStatus } from '../../shared/protocol';
import { STATUS_SEVERITY } from './fleet';

/**
 * Full tiles turn six to a page. From three pages of them on, a spacecraft is on screen for a third of the
 * rotation or less and a new alarm can wait a whole turn to be seen: such a fleet gets the dense wall.
 */
export const DENSE_WALL_FROM = 13;

export const usesDenseWall = (spacecraftCount: number) => spacecraftCount >= DENSE_WALL_FROM;

/**
 * States that need an operator: data arriving with alarms, or data that should arrive and does not
 * (silent, lost, stale). No contact as predicted and never heard are the normal lot of a big fleet.
 */
export const ATTENTION_STATUSES: ReadonlySet<SpacecraftStatus> = new Set([
  'silent',
  'critical',
  'lost',
  'warning',
  'stale',
]);

/** The spacecraft needing attention, worst first (the order of SPACECRAFT_STATUSES), ties by name. */
export function attentionEntries(
  entries: readonly FleetEntry[],
  nameOf: (id: string) => string,
): FleetEntry[] {
  return entries
    .filter((e) => ATTENTION_STATUSES.has(e.status))
    .sort(
      (a, b) =>
        STATUS_SEVERITY[a.status] - STATUS_SEVERITY[b.status] ||
        nameOf(a.spacecraftId).localeCompare(nameOf(b.spacecraftId)),
    );
}

/**
 * The name a matrix cell shows: without a parenthesised remark, and without a first word that most of the
 * fleet's names share ("Ortaq KZ-01" → "KZ-01" when the fleet is mostly "Ortaq …"). The cell's accessible
 * name stays the full name.
 */
export function shortNames(spacecraft: readonly SpacecraftDef[]): Map<string, string> {
  const bare = spacecraft.map((s) => ({ id: s.id, name: s.name.replace(/\s*\(.*\)\s*$/, '').trim() }));
  const firstWords = new Map<string, number>();
  for (const { name } of bare) {
    const words = name.split(/\s+/);
    if (words.length > 1) firstWords.set(words[0]!, (firstWords.get(words[0]!) ?? 0) + 1);
  }
  const common = new Set([...firstWords].filter(([, n]) => n * 2 > bare.length).map(([w]) => w));
  return new Map(
    bare.map(({ id, name }) => {
      const [first, ...rest] = name.split(/\s+/);
      return [id, first && common.has(first) && rest.length > 0 ? rest.join(' ') : name || id];
    }),
  );
}

export type MatrixCell =
  { kind: 'partner'; partner: PartnerId; count: number } | { kind: 'spacecraft'; entry: FleetEntry };

/**
 * One cell per spacecraft in mission order of partners, each group opened by a cell naming its partner.
 * Within a group the order is by name and never by state, so a spacecraft keeps its place on the wall.
 */
export function matrixCells(
  entries: readonly FleetEntry[],
  partners: readonly PartnerId[],
  partnerOf: (spacecraftId: string) => PartnerId | undefined,
): MatrixCell[] {
  const groups = new Map<PartnerId, FleetEntry[]>(partners.map((p) => [p, []]));
  for (const entry of entries) {
    const partner = partnerOf(entry.spacecraftId) ?? '?';
    if (!groups.has(partner)) groups.set(partner, []);
    groups.get(partner)!.push(entry);
  }
  return [...groups].flatMap(([partner, members]): MatrixCell[] =>
    members.length === 0
      ? []
      : [
          { kind: 'partner', partner, count: members.length },
          ...members.map((entry) => ({ kind: 'spacecraft' as const, entry })),
        ],
  );
}

/**
 * The cells cut into pages of `columns` × `rows`, laid out as the grid lays them out: each partner's cell
 * opens a new row (wallDense.css puts it in the first column). A group that continues on the next page
 * opens it with its partner's cell again, so every page says whose spacecraft it shows; a partner's cell is
 * never the last of a page.
 */
export function matrixPages(cells: readonly MatrixCell[], columns: number, rows: number): MatrixCell[][] {
  const width = Math.max(2, Math.floor(columns));
  const height = Math.max(1, Math.floor(rows));
  const pages: MatrixCell[][] = [];
  let page: MatrixCell[] = [];
  let slot = 0; // the next free cell of the page, row by row
  let group: MatrixCell | undefined;
  const place = (cell: MatrixCell) => {
    if (cell.kind === 'partner' && slot % width !== 0) slot += width - (slot % width);
    page.push(cell);
    slot += 1;
  };
  for (const cell of cells) {
    if (cell.kind === 'partner') group = cell;
    const start = cell.kind === 'partner' && slot % width !== 0 ? slot + width - (slot % width) : slot;
    // A partner's cell needs room for one of its spacecraft after it.
    const needed = cell.kind === 'partner' ? start + 2 : start + 1;
    if (page.length > 0 && needed > width * height) {
      pages.push(page);
      page = [];
      slot = 0;
      if (cell.kind === 'spacecraft' && group) place(group);
    }
    place(cell);
  }
  if (page.length > 0) pages.push(page);
  return pages.length > 0 ? pages : [[]];
}
