import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationTable } from '../../client/views/Stations/StationTable';
import { PassComparison } from '../../client/views/Stations/PassComparison';
import { ortaqStore } from '../../client/store';
import { emptyLinkCounts } from '../../shared/link';
import type { Pass, PassLink, StationStats } from '../../shared/protocol/api';
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

  it("shows each station's link counts within the pass, not since the server started, next to SNR and gaps", () => {
    // Since the server started astana lost 3 frames on VC0 (the station table); within this pass, 1.
    act(() => ortaqStore.getState().mergeStations([astana]));
    const inPass: PassLink = {
      channels: [
        {
          vcid: 0,
          counts: { ...emptyLinkCounts(), lost_frames: 1, idle_frames: 4, idle_packets: 6 },
          clcw: 'wait',
        },
      ],
      fecfFailures: 1,
    };
    const pass = (stationId: string, link?: PassLink): Pass =>
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
          ...(link ? { link } : {}),
        },
      }) as unknown as Pass;
    const group = {
      id: 'kazeosat-1@1000',
      spacecraftId: 'kazeosat-1',
      aosMs: 1_000,
      losMs: 600_000,
      passes: [pass('astana', inPass), pass('ankara')],
    };
    renderInRouter(<PassComparison group={group} candidates={[group]} onSelect={() => undefined} />);
    const cell = screen.getByTestId('compare-link-astana');
    expect(cell.textContent).toContain('VC0: lost 1 · idle 4 · idle packets 6 · CLCW wait');
    expect(cell.textContent).toContain('FECF failures 1');
    expect(cell.querySelector('[data-clcw="wait"]')!.className).toContain('level-yellow');
    // Neither the counts since the server started nor another spacecraft's channel at the same station.
    expect(cell.textContent).not.toContain('lost 3');
    expect(cell.textContent).not.toContain('lost 9');
    expect(screen.getByRole('columnheader', { name: 'TM link in this pass' })).toBeDefined();
    expect(screen.getByTestId('compare-link-ankara').textContent).toBe('—');
  });
});
