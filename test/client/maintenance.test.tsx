// Maintenance in the dashboard: an alarm raised in a window is listed "in maintenance" and neither counted
// nor sounded; a wall tile says its spacecraft is in maintenance and until when; the Stations view lists the
// windows and offers operators the form to plan one.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ortaqStore, selectAttentionLevel, selectUnacknowledgedCount } from '../../client/store';
import type { MaintenanceResponse, MaintenanceWindow } from '../../shared/protocol/maintenance';
import { alarm, T0 } from '../fixtures/dashboard';
import { meFixture } from '../fixtures/me';
import { renderAt, seedStore } from '../helpers/client';

const WINDOW: MaintenanceWindow = {
  id: '0b6c3a52-8f0e-4c55-9d8e-6f7a1c2b3d4e',
  target: 'spacecraft',
  targetId: 'imece',
  fromMs: T0 - 3_600_000,
  toMs: T0 + 3_600_000,
  reason: 'star tracker recalibration',
  createdBy: 'operator-tr',
  partner: 'TR',
  createdAtMs: T0 - 7_200_000,
};

/** Answers /api/maintenance with the windows; every other request fails as in the other component tests. */
function serveWindows(windows: MaintenanceWindow[]): void {
  globalThis.fetch = (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('/api/maintenance')) return Promise.reject(new TypeError('no server'));
    const body: MaintenanceResponse = { windows };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
}

describe('maintenance in the dashboard', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('lists an alarm raised in maintenance as such, and neither counts nor sounds it', async () => {
    const mark = { windowId: WINDOW.id, reason: WINDOW.reason };
    act(() => ortaqStore.getState().mergeAlarms([alarm('quiet', { level: 'red', maintenance: mark })]));
    const state = ortaqStore.getState();
    expect(selectUnacknowledgedCount(T0)(state)).toBe(0);
    expect(selectAttentionLevel(T0)(state)).toBe('none');
    renderAt('/alarms');
    const row = await screen.findByTestId('alarm-quiet');
    expect(within(row).getByTestId('in-maintenance').textContent).toBe('in maintenance');
    expect(within(row).getByTestId('in-maintenance').getAttribute('title')).toBe(WINDOW.reason);
    expect(row.getAttribute('data-attention')).toBe('false');
  });

  it('says on the wall tile that the spacecraft is in maintenance, and until when', async () => {
    serveWindows([WINDOW]);
    renderAt('/wall?rotate=0');
    const line = await within(screen.getByTestId('wall-tile-imece')).findByTestId('tile-maintenance');
    expect(line.textContent).toContain('In maintenance until');
    expect(line.getAttribute('title')).toBe(WINDOW.reason);
    expect(within(screen.getByTestId('wall-tile-kazeosat-1')).queryByTestId('tile-maintenance')).toBeNull();
  });

  it('lists windows on the Stations view, with the form for operators and without it for viewers', async () => {
    serveWindows([WINDOW]);
    renderAt('/stations');
    const panel = await screen.findByTestId('maintenance-panel', {}, { timeout: 10_000 });
    await waitFor(() =>
      expect(within(panel).getByTestId('maintenance-windows').textContent).toContain(WINDOW.reason),
    );
    expect(within(panel).getByTestId('maintenance-form')).toBeTruthy();
    cleanup();
    seedStore({ me: meFixture('viewer') });
    serveWindows([WINDOW]);
    renderAt('/stations');
    const viewed = await screen.findByTestId('maintenance-panel', {}, { timeout: 10_000 });
    await waitFor(() => expect(within(viewed).getByTestId('maintenance-windows')).toBeTruthy());
    expect(within(viewed).queryByTestId('maintenance-form')).toBeNull();
  });
});
