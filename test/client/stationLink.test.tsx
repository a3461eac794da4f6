import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationTable } from '../../client/views/Stations/StationTable';
import { PassComparison } from '../../client/views/Stations/PassComparison';
import { ortaqStore } from '../../client/store';
import { emptyLinkCounts } from '../../shared/link';
import type { Pass, StationStats } from '../../shared/protocol/api';
import { renderInRouter, seedStore } from '../helpers/client';

const astana: StationStats = {
  stationId: 'astana',
  connected: true,
  framesReceived: 10,
  uniqueFrames: 10,
  duplicates: 0,
  rejects: { bad_fecf: 2 },
  lastFrameMs: null,
  bestSnrDb: 9,
  spacecraftInView: [],
  link: [
    {
      spacecraftId: 'kazeosat-1',
      vcid: 0,
      counts: { ...emptyLinkCounts(), lost_frames: 3, idle_frames: 5, idle_packets: 7 },
      clcw: 'lockout',
    },
    { spacecraftId: 'kazeosat-1', vcid: 1, counts: emptyLinkCounts(), clcw: null },
    { spacecraftId: 'gokturk-2', vcid: 0, counts: { ...emptyLinkCounts(), lost_frames: 9 }, clcw: 'ok' },
  ],
};

describe('station table, TM link', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('shows lost frames, idle fill and the CLCW per spacecraft and virtual channel, FECF failures, and a dash without TM frames', () => {
    act(() => ortaqStore.getState().mergeStations([astana]));
    renderInRouter(<StationTable />);
    const cell = screen.getByTestId('tm-link-astana');
    expect(cell.textContent).toContain('KazEOSat-1 VC0: lost 3 · idle 5 · idle packets 7 · CLCW lockout');
    expect(cell.textContent).toContain('KazEOSat-1 VC1: lost 0 · idle 0 · idle packets 0');
    expect(cell.textContent).toContain('FECF failures 2');
    // The CLCW state is a badge coloured by what it means for the telecommand link.
    const lockout = cell.querySelector('[data-clcw="lockout"]')!;
    expect(lockout.className).toContain('level-red');
    expect(cell.querySelector('[data-clcw="ok"]')!.className).toContain('level-nominal');
    expect(screen.getByTestId('tm-link-ankara').textContent).toBe('—');
  });
});

describe('per-pass station comparison, TM link', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it("shows each station's link counts for the pass's spacecraft only, next to SNR and gaps", () => {
    act(() => ortaqStore.getState().mergeStations([astana]));
    const pass = (stationId: string): Pass =>
      ({
        spacecraftId: 'kazeosat-1',
        stationId,
        aosMs: 1_000,
        losMs: 600_000,
        maxElevationDeg: 40,
        tcaMs: 300_000,
        reception: {
          stationId,
          frames: 100,
          uniqueFrames: 90,
          meanSnrDb: 8,
          bestSnrDb: 12,
          gaps: [],
        },
      }) as unknown as Pass;
    const group = {
      id: 'kazeosat-1@1000',
      spacecraftId: 'kazeosat-1',
      aosMs: 1_000,
      losMs: 600_000,
      passes: [pass('astana'), pass('ankara')],
    };
    renderInRouter(<PassComparison group={group} candidates={[group]} onSelect={() => undefined} />);
    const cell = screen.getByTestId('compare-link-astana');
    expect(cell.textContent).toContain('VC0: lost 3 · idle 5 · idle packets 7 · CLCW lockout');
    expect(cell.textContent).toContain('FECF failures 2');
    // Göktürk-2's channel at the same station is not this pass's.
    expect(cell.textContent).not.toContain('lost 9');
    expect(screen.getByTestId('compare-link-ankara').textContent).toBe('—');
  });
});
