import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyCsv, exportFileName } from '../../client/lib/exportFiles';
import { alarmInvestigateState, parseInvestigate, pinnedRange } from '../../client/lib/investigateState';
import { chartDomain } from '../../client/charts/limits';
import { ortaqStore } from '../../client/store';
import { alarm, T0 } from '../fixtures/dashboard';
import { meFixture } from '../fixtures/me';
import { renderAt, seedStore } from '../helpers/client';

const MIN = 60_000;

describe('from an alarm to its cause', () => {
  beforeEach(() => {
    seedStore();
    ortaqStore
      .getState()
      .mergeAlarms([
        alarm('soc', { spacecraftId: 'kazeosat-2', parameterId: 'eps.batt_soc', openedAtMs: T0 - 10 * MIN }),
      ]);
  });
  afterEach(cleanup);

  it('links an alarm row to its parameter on its spacecraft around the onset, in one click', () => {
    renderAt('/alarms');
    const link = screen.getByTestId('investigate-soc');
    const url = new URL(link.getAttribute('href')!, 'http://x');
    expect(url.pathname).toBe('/investigate');
    const state = parseInvestigate(url.searchParams);
    expect(state.spacecraft).toEqual(['kazeosat-2']);
    expect(state.parameters).toEqual(['eps.batt_soc']);
    // From half an hour before the onset to now (the screen's clock, on the next whole minute).
    expect(state.range).toMatchObject({ kind: 'absolute', fromMs: T0 - 40 * MIN });
    const { toMs } = state.range as { toMs: number };
    expect(toMs).toBeGreaterThanOrEqual(T0);
    expect(toMs).toBeLessThanOrEqual(T0 + 2 * MIN);
  });

  it('opens from the spacecraft page what its charts show: subsystem parameters and window', () => {
    renderAt('/spacecraft/kazeosat-1?subsystem=THERMAL&window=15m');
    const url = new URL(screen.getByTestId('investigate-link').getAttribute('href')!, 'http://x');
    const state = parseInvestigate(url.searchParams);
    expect(state.range).toEqual({ kind: 'last', key: '15m' });
    expect(state.parameters.length).toBeGreaterThan(0);
    expect(state.parameters.every((p) => p.startsWith('thermal.'))).toBe(true);
  });
});

describe('alarm windows', () => {
  it('reach half an hour past a cleared alarm, and never past now', () => {
    const cleared = alarmInvestigateState(
      { spacecraftId: 'a', parameterId: 'p', openedAtMs: T0 - 3 * 3600_000, clearedAtMs: T0 - 2 * 3600_000 },
      T0,
    );
    expect(cleared.range).toEqual({
      kind: 'absolute',
      fromMs: T0 - 3.5 * 3600_000,
      toMs: T0 - 1.5 * 3600_000,
    });
    const link = alarmInvestigateState(
      { spacecraftId: 'a', parameterId: null, openedAtMs: T0 - 90_000, clearedAtMs: null },
      T0,
    );
    expect(link.parameters).toEqual([]);
    expect(link.range).toMatchObject({ toMs: T0 });
  });

  it('pin a followed window to the times on screen for a shared link', () => {
    expect(pinnedRange({ kind: 'last', key: '1h' }, T0)).toEqual({
      kind: 'absolute',
      fromMs: T0 - 3600_000,
      toMs: T0,
    });
  });
});

describe('exports', () => {
  it('name files for what they hold', () => {
    const what = {
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_voltage'],
      fromMs: T0 - 3600_000,
      toMs: T0,
    };
    expect(exportFileName(what, 'csv')).toBe(
      'ortaq_kazeosat-1_eps.batt_voltage_20261125T1100Z-20261125T1200Z.csv',
    );
    expect(exportFileName({ ...what, parameters: ['a', 'b', 'c', 'd'] }, 'png')).toContain('_4-parameters_');
    expect(exportFileName({ ...what, spacecraft: ['../../etc'] }, 'csv')).not.toContain('/');
  });

  it('write a unit column beside every value', () => {
    const csv = historyCsv(
      [
        {
          spacecraftId: 'kazeosat-1',
          from: T0,
          to: T0 + 1000,
          series: [
            {
              parameterId: 'eps.batt_voltage',
              downsampled: false,
              points: [{ t: T0, v: 7.9, min: 7.9, max: 7.9, n: 1 }],
            },
          ],
        },
      ],
      (id) => (id === 'eps.batt_voltage' ? 'V' : ''),
    );
    const [header, row] = csv.trim().split('\r\n');
    expect(header!.split(',')[5]).toBe('unit');
    expect(row!.split(',')[5]).toBe('V');
  });
});

describe('chart axes', () => {
  it('keep a percentage axis between 0 and 100 when the data does', () => {
    const [lo, hi] = chartDomain([0, 3, 99.5], undefined, '%');
    expect(lo).toBe(0);
    expect(hi).toBe(100);
    expect(chartDomain([-2, 10], undefined, '%')[0]).toBeLessThan(-2);
    expect(chartDomain([0, 3], undefined, 'V')[0]).toBeLessThan(0);
  });
});

describe('denied data', () => {
  afterEach(cleanup);

  it('Investigate offers only spacecraft the agreement opens', async () => {
    seedStore({ me: meFixture('engineer', 'TR', { 'kazeosat-1': 'status', 'kazeosat-2': 'status' }) });
    renderAt('/investigate');
    const select = await screen.findByTestId('sc-select-0', {}, { timeout: 10_000 });
    const options = [...select.querySelectorAll('option')].map((o) => o.value).filter(Boolean);
    expect(options).not.toContain('kazeosat-1');
    expect(options).toContain('imece');
    fireEvent.change(select, { target: { value: 'imece' } });
    await waitFor(() => expect((select as HTMLSelectElement).value).toBe('imece'));
  });

  it('explains a link to a denied spacecraft as the spacecraft page does, instead of an error', async () => {
    seedStore({ me: meFixture('engineer', 'TR', { 'kazeosat-1': 'status' }) });
    renderAt('/investigate?sc=kazeosat-1&p=eps.batt_voltage&last=1h');
    const sentence =
      'The constellation agreement shares only the fleet status of KazEOSat-1 with partner Türkiye.';
    expect(await screen.findByText(sentence, {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.queryByText('Something went wrong')).toBeNull();
    cleanup();
    renderAt('/spacecraft/kazeosat-1');
    expect(screen.getByText(sentence)).toBeTruthy();
  });
});
