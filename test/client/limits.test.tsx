// Limits changed at run time in the dashboard: the step line of the limits over a window, the panel beside an
// Investigate chart (mission file, in force, changes) and its form, which checks a change against the same
// rules as the server and sends exactly what was typed, with the reason.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Limits } from '../../shared/dictionary';
import type { LimitChange, ParameterLimitsResponse } from '../../shared/protocol/limits';
import { TimeSeriesChart } from '../../client/charts/TimeSeriesChart';
import { limitSegments, limitSteps } from '../../client/charts/limitSteps';
import { LimitsPanel } from '../../client/views/Investigate/LimitsPanel';
import { DICTIONARY } from '../../server/mission/shipped';
import { meFixture } from '../fixtures/me';
import { renderInRouter, seedStore } from '../helpers/client';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MISSION: Limits = { yellow: { low: 27.2, high: 33.4 }, red: { low: 25.6, high: 33.8 } };
const RAISED: Limits = { yellow: { low: 31, high: 34 }, red: { low: 25, high: 35 } };
const voltage = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_voltage')!;

const change = (id: number, atMs: number, previous: Limits | null, limits: Limits | null): LimitChange => ({
  id,
  spacecraftId: 'kazeosat-1',
  parameterId: 'eps.batt_voltage',
  atMs,
  by: 'engineer-kz',
  previous,
  limits,
  reason: `reason ${id}`,
});

describe('limits over a window', () => {
  const history = [change(2, T0 + 60_000, RAISED, null), change(1, T0 + 20_000, null, RAISED)];

  it('steps from the limits in force at the start through each change in the window', () => {
    expect(limitSteps(MISSION, history, T0, T0 + 100_000)).toEqual([
      { fromMs: T0, toMs: T0 + 20_000, limits: MISSION },
      { fromMs: T0 + 20_000, toMs: T0 + 60_000, limits: RAISED },
      { fromMs: T0 + 60_000, toMs: T0 + 100_000, limits: MISSION },
    ]);
    // A window inside one step is that step; one after every change, the last one's limits.
    expect(limitSteps(MISSION, history, T0 + 30_000, T0 + 40_000)).toEqual([
      { fromMs: T0 + 30_000, toMs: T0 + 40_000, limits: RAISED },
    ]);
    expect(limitSteps(MISSION, [], T0, T0 + 1)).toEqual([{ fromMs: T0, toMs: T0 + 1, limits: MISSION }]);
  });

  it('draws each bound across its step and a joint where a change moved it', () => {
    const segments = limitSegments(limitSteps(MISSION, history, T0, T0 + 100_000));
    const yellowLow = segments.filter((s) => s.level === 'yellow' && [27.2, 31].includes(s.to.v));
    expect(yellowLow).toContainEqual({
      level: 'yellow',
      from: { t: T0, v: 27.2 },
      to: { t: T0 + 20_000, v: 27.2 },
    });
    expect(yellowLow).toContainEqual({
      level: 'yellow',
      from: { t: T0 + 20_000, v: 27.2 },
      to: { t: T0 + 20_000, v: 31 },
    });
    // 3 steps × 4 bounds, and 2 changes × 4 bounds that moved.
    expect(segments).toHaveLength(12 + 8);
  });

  it('renders the step line on the history chart', () => {
    seedStore();
    const steps = limitSteps(MISSION, history, T0, T0 + 100_000);
    const { container } = renderInRouter(
      <TimeSeriesChart
        points={[
          { t: T0 + 1000, v: 30 },
          { t: T0 + 90_000, v: 30.5 },
        ]}
        fromMs={T0}
        toMs={T0 + 100_000}
        parameter={voltage}
        width={600}
        height={200}
        limits={MISSION}
        limitSteps={steps}
      />,
    );
    expect(container.querySelectorAll('.limit-step-yellow').length).toBeGreaterThan(0);
    expect(container.querySelectorAll('.limit-step-red').length).toBeGreaterThan(0);
    cleanup();
  });
});

describe('the limits panel', () => {
  const requests: { url: string; method: string; body: unknown }[] = [];
  const data: ParameterLimitsResponse = {
    spacecraftId: 'kazeosat-1',
    parameterId: 'eps.batt_voltage',
    mission: MISSION,
    effective: RAISED,
    override: change(1, T0, null, RAISED),
    history: [change(1, T0, null, RAISED)],
  };

  beforeEach(() => {
    requests.length = 0;
  });
  afterEach(cleanup);

  function render(role: 'engineer' | 'operator', onChanged: () => void = () => undefined) {
    seedStore({ me: meFixture(role) });
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        body: JSON.parse(String(init?.body ?? 'null')),
      });
      return Promise.resolve(new Response(JSON.stringify(change(2, T0, RAISED, null)), { status: 201 }));
    };
    renderInRouter(
      <LimitsPanel
        spacecraftId="kazeosat-1"
        parameterId="eps.batt_voltage"
        data={data}
        onChanged={onChanged}
      />,
    );
  }

  it('shows the mission file beside what is in force, and the changes', () => {
    render('operator');
    expect(screen.getByTestId('limits-in-force-yellow').textContent).toBe('31 – 34');
    expect(screen.getByText('27.2 – 33.4')).toBeTruthy();
    const history = screen.getByTestId('limit-history');
    expect(history.textContent).toContain('mission file → Yellow 31 – 34 · Red 25 – 35');
    expect(history.textContent).toContain('reason 1');
    // Operators read limits; they do not change them.
    expect(screen.queryByTestId('limit-form')).toBeNull();
  });

  it('refuses red inside yellow and a missing reason without asking the server', () => {
    render('engineer');
    fireEvent.change(screen.getByTestId('limit-red-low'), { target: { value: '32' } });
    fireEvent.click(screen.getByTestId('limit-save'));
    expect(screen.getByRole('alert').textContent).toContain('Give a reason');
    fireEvent.change(screen.getByTestId('limit-reason'), { target: { value: 'test' } });
    fireEvent.click(screen.getByTestId('limit-save'));
    expect(screen.getByRole('alert').textContent).toContain('red outside yellow');
    fireEvent.change(screen.getByTestId('limit-red-low'), { target: { value: 'abc' } });
    fireEvent.click(screen.getByTestId('limit-save'));
    expect(screen.getByRole('alert').textContent).toContain('numbers only');
    expect(requests).toEqual([]);
  });

  it('sends the limits typed, with the reason, and reverts in one action', async () => {
    let changed = 0;
    render('engineer', () => {
      changed++;
    });
    fireEvent.change(screen.getByTestId('limit-yellow-high'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('limit-red-low'), { target: { value: '24,5' } });
    fireEvent.change(screen.getByTestId('limit-reason'), { target: { value: '  new cells ' } });
    await act(async () => fireEvent.click(screen.getByTestId('limit-save')));
    await waitFor(() => expect(changed).toBe(1));
    expect(requests[0]).toEqual({
      url: '/api/spacecraft/kazeosat-1/limits/eps.batt_voltage',
      method: 'POST',
      body: { limits: { yellow: { low: 31 }, red: { low: 24.5, high: 35 } }, reason: 'new cells' },
    });
    fireEvent.change(screen.getByTestId('limit-reason'), { target: { value: 'back to the file' } });
    await act(async () => fireEvent.click(screen.getByTestId('limit-revert')));
    await waitFor(() => expect(changed).toBe(2));
    expect(requests[1]).toMatchObject({
      url: '/api/spacecraft/kazeosat-1/limits/eps.batt_voltage/revert',
      body: { reason: 'back to the file' },
    });
    expect(screen.getByTestId('limit-message').textContent).toContain('Saved');
  });
});
