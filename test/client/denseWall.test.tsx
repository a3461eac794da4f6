import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attentionEntries,
  DENSE_WALL_FROM,
  matrixCells,
  matrixPages,
  shortNames,
  usesDenseWall,
  type MatrixCell,
} from '../../client/lib/denseWall';
import { ortaqStore } from '../../client/store';
import { SPACECRAFT_STATUSES, type SpacecraftStatus } from '../../shared/protocol';
import { FEDERATION_DIR } from '../../server/mission/federation';
import { requireMission } from '../../server/mission/folder';
import { DICTIONARY } from '../../server/mission/shipped';
import { factsFor, fleetEntry } from '../fixtures/dashboard';
import { renderAt, seedStore } from '../helpers/client';

const federation = requireMission(FEDERATION_DIR).dictionary;
const partnerOf = (id: string) => federation.spacecraft.find((s) => s.id === id)?.partner;
const ids = (cells: readonly MatrixCell[]) =>
  cells.flatMap((c) => (c.kind === 'spacecraft' ? [c.entry.spacecraftId] : []));

/** A status for each spacecraft, cycling through all of them so every state is on the wall. */
const federationFleet = () =>
  federation.spacecraft.map((s, i) => {
    const status = SPACECRAFT_STATUSES[i % SPACECRAFT_STATUSES.length]!;
    return fleetEntry(s.id, { status, facts: factsFor(status) });
  });

describe('dense wall rules', () => {
  it('is used from the fleet size on which full tiles need three pages', () => {
    expect(usesDenseWall(DICTIONARY.spacecraft.length)).toBe(false);
    expect(usesDenseWall(DENSE_WALL_FROM - 1)).toBe(false);
    expect(usesDenseWall(DENSE_WALL_FROM)).toBe(true);
    expect(usesDenseWall(federation.spacecraft.length)).toBe(true);
  });

  it('lists the spacecraft needing attention worst first, then by name, and leaves the quiet ones out', () => {
    const names = new Map(federation.spacecraft.map((s) => [s.id, s.name]));
    const list = attentionEntries(federationFleet(), (id) => names.get(id) ?? id);
    const statuses = list.map((e) => e.status);
    expect(new Set(statuses)).toEqual(new Set(['silent', 'critical', 'lost', 'warning', 'stale']));
    const rank = (s: SpacecraftStatus) => SPACECRAFT_STATUSES.indexOf(s);
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1]!, list[i]!];
      expect(
        rank(a.status) < rank(b.status) ||
          (a.status === b.status &&
            names.get(a.spacecraftId)!.localeCompare(names.get(b.spacecraftId)!) <= 0),
      ).toBe(true);
    }
  });

  it('shortens the names most of the fleet share a first word of, and nothing else', () => {
    const short = shortNames(federation.spacecraft);
    const byName = (name: string) => short.get(federation.spacecraft.find((s) => s.name === name)!.id);
    expect(byName('Ortaq KZ-01')).toBe('KZ-01');
    expect(byName('Ortaq-1 (notional)')).toBe('Ortaq-1');
    expect(byName('KazEOSat-1')).toBe('KazEOSat-1');
    const shipped = shortNames(DICTIONARY.spacecraft);
    for (const s of DICTIONARY.spacecraft) expect(shipped.get(s.id)).toBe(s.name.replace(/\s*\(.*\)$/, ''));
  });

  it('groups the matrix by partner in mission order, each group opened by its partner', () => {
    const cells = matrixCells(
      federationFleet(),
      federation.partners.map((p) => p.id),
      partnerOf,
    );
    const labels = cells.filter((c) => c.kind === 'partner');
    expect(labels.map((c) => c.partner)).toEqual(federation.partners.map((p) => p.id));
    expect(ids(cells).sort()).toEqual(federation.spacecraft.map((s) => s.id).sort());
    let partner: string | undefined;
    for (const cell of cells) {
      if (cell.kind === 'partner') partner = cell.partner;
      else expect(partnerOf(cell.entry.spacecraftId)).toBe(partner);
    }
  });

  it('cuts pages that fit their grid, every spacecraft once, every page saying whose cells it shows', () => {
    const cells = matrixCells(
      federationFleet(),
      federation.partners.map((p) => p.id),
      partnerOf,
    );
    for (const [columns, rows] of [
      [5, 7],
      [2, 1],
      [11, 14],
      [3, 4],
    ] as const) {
      const pages = matrixPages(cells, columns, rows);
      expect(ids(pages.flat()).sort(), `${columns}×${rows}`).toEqual(ids(cells).sort());
      for (const page of pages) {
        expect(page[0]!.kind).toBe('partner');
        expect(page.at(-1)!.kind).toBe('spacecraft');
        // Slots used as the grid places them: a partner's cell starts a new row.
        let slot = 0;
        for (const cell of page) {
          if (cell.kind === 'partner' && slot % columns !== 0) slot += columns - (slot % columns);
          slot += 1;
        }
        expect(slot).toBeLessThanOrEqual(columns * rows);
      }
    }
    expect(matrixPages(cells, 11, 14)).toHaveLength(1);
  });
});

describe('dense wall screen', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('shows the 100-spacecraft fleet as attention tiles, worst first, over the matrix of all of them', () => {
    act(() => {
      ortaqStore.getState().setDictionary(federation);
      ortaqStore.getState().setFleet(federationFleet());
    });
    renderAt('/wall?rotate=0');
    expect(screen.getByTestId('wall').dataset['page']).toBe('dense');
    const tiles = screen.getAllByTestId(/^attention-tile-/).map((t) => t.dataset['status']!);
    expect(tiles.length).toBeGreaterThan(0);
    const rank = (s: string) => SPACECRAFT_STATUSES.indexOf(s as SpacecraftStatus);
    expect(tiles.map(rank)).toEqual(tiles.map(rank).sort((a, b) => a - b));
    expect(screen.getAllByTestId(/^matrix-cell-/).length).toBeGreaterThan(0);
  });

  it('keeps the full tiles for the six spacecraft of the shipped mission', () => {
    act(() => ortaqStore.getState().setFleet(DICTIONARY.spacecraft.map((s) => fleetEntry(s.id))));
    renderAt('/wall?rotate=0');
    expect(screen.getByTestId('wall').dataset['page']).toBe('tiles');
    expect(screen.getAllByTestId(/^wall-tile-/)).toHaveLength(6);
  });
});
