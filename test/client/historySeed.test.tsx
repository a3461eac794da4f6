// A spacecraft's live charts are seeded from the archive for their window, which ends at the server's now:
// with simulated or replayed time that is hours away from the browser's clock, so a seed asked before the
// first live update has told the server's time is asked again once it has.
import { cleanup, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ortaqStore } from '../../client/store';
import { SubsystemCharts } from '../../client/views/Spacecraft/SubsystemCharts';
import { DICTIONARY } from '../../server/mission/shipped';
import { T0 } from '../fixtures/dashboard';
import { renderInRouter, seedStore } from '../helpers/client';

const WINDOW_MS = 15 * 60_000;
/** The simulation runs six hours ahead of the browser, as a replay or a fast simulation does. */
const AHEAD_MS = 6 * 3_600_000;
const POWER = DICTIONARY.packets
  .flatMap((p) => p.parameters)
  .filter((p) => p.subsystem === 'EPS')
  .slice(0, 2);

let historyWindows: { from: number; to: number }[];

beforeEach(() => {
  seedStore();
  historyWindows = [];
  globalThis.fetch = (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://ortaq.test');
    if (!url.pathname.endsWith('/history')) return Promise.reject(new TypeError('no server'));
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    historyWindows.push({ from, to });
    const series = POWER.map((p) => ({
      parameterId: p.id,
      downsampled: false,
      points: [{ t: to - 60_000, v: 28, min: 28, max: 28, n: 1 }],
    }));
    return Promise.resolve(new Response(JSON.stringify({ spacecraftId: 'imece', from, to, series })));
  };
});
afterEach(cleanup);

describe('the live charts of a spacecraft', () => {
  it('ask the archive for the window ending at the server now, again once that is known', async () => {
    ortaqStore.setState({ serverClock: null });
    renderInRouter(<SubsystemCharts spacecraftId="imece" parameters={POWER} windowMs={WINDOW_MS} />);
    await waitFor(() => expect(historyWindows).toHaveLength(1));
    // Nothing told the server's time yet: the browser's clock is the best guess.
    expect(Math.abs(historyWindows[0]!.to - Date.now())).toBeLessThan(60_000);

    const serverMs = Date.now() + AHEAD_MS;
    ortaqStore.getState().noteServerTime(serverMs, Date.now());
    await waitFor(() => expect(historyWindows).toHaveLength(2));
    const { from, to } = historyWindows[1]!;
    expect(Math.abs(to - serverMs)).toBeLessThan(60_000);
    expect(to - from).toBe(WINDOW_MS);
    // The seeded point is in the chart's buffer, where the painter reads it.
    const seeded = ortaqStore.getState().samples.points('imece', POWER[0]!.id);
    expect(seeded.some((p) => Math.abs(p.t - (serverMs - 60_000)) < 60_000)).toBe(true);
  });

  it('ask once when the server time is already known', async () => {
    expect(ortaqStore.getState().serverClock?.serverMs).toBe(T0);
    renderInRouter(<SubsystemCharts spacecraftId="imece" parameters={POWER} windowMs={WINDOW_MS} />);
    await waitFor(() => expect(historyWindows).toHaveLength(1));
    expect(Math.abs(historyWindows[0]!.to - T0)).toBeLessThan(60_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(historyWindows).toHaveLength(1);
  });
});
