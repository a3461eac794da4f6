import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationTable } from '../../client/views/Stations/StationTable';
import { ortaqStore } from '../../client/store';
import { emptyLinkCounts } from '../../shared/link';
import { renderInRouter, seedStore } from '../helpers/client';

describe('station table, TM link', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('shows lost and idle frames and the CLCW per spacecraft and virtual channel, and a dash without TM frames', () => {
    act(() =>
      ortaqStore.getState().mergeStations([
        {
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
              counts: { ...emptyLinkCounts(), lost_frames: 3, idle_frames: 5 },
              clcw: 'lockout',
            },
            { spacecraftId: 'kazeosat-1', vcid: 1, counts: emptyLinkCounts(), clcw: null },
          ],
        },
      ]),
    );
    renderInRouter(<StationTable />);
    const cell = screen.getByTestId('tm-link-astana');
    expect(cell.textContent).toContain('KazEOSat-1 VC0: lost 3 · idle 5 · CLCW lockout');
    expect(cell.textContent).toContain('KazEOSat-1 VC1: lost 0 · idle 0');
    expect(screen.getByTestId('tm-link-ankara').textContent).toBe('—');
  });
});
