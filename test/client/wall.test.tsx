import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atTime, filterFleet } from '../../client/lib/fleet';
import { ortaqStore, resetStore } from '../../client/store';
import { DICTIONARY } from '../../server/mission/shipped';
import { alarm, factsFor, fleetEntry, T0 } from '../fixtures/dashboard';
import { renderAt, seedStore } from '../helpers/client';

const ACKED = { by: 'op', atMs: T0 - 1000, comment: '' };

describe('wall screen', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('names the alarming parameter on the tile, worst first, and keeps acknowledged active alarms', () => {
    act(() =>
      ortaqStore.getState().mergeAlarms([
        alarm('soc', { spacecraftId: 'imece', level: 'yellow', acknowledged: ACKED }),
        alarm('mode', {
          spacecraftId: 'imece',
          parameterId: 'adcs.mode',
          kind: 'state',
          level: 'red',
          acknowledged: ACKED,
        }),
      ]),
    );
    renderAt('/wall?rotate=0');
    const line = within(screen.getByTestId('wall-tile-imece')).getByTestId('tile-alarm');
    expect(line.textContent).toContain('ADCS mode');
    expect(line.textContent).toContain('+1');
    expect(line.className).toContain('level-red');
    // Both acknowledged: the line does not flash, but it stays.
    expect(line.className).not.toContain('flashing');
  });

  it('shows active and unacknowledged alarms apart in the header: acknowledged is not resolved', () => {
    act(() =>
      ortaqStore
        .getState()
        .mergeAlarms([
          alarm('a', { level: 'red', acknowledged: ACKED }),
          alarm('b', { level: 'yellow' }),
          alarm('c', { level: 'yellow', active: false }),
        ]),
    );
    renderAt('/wall?rotate=0');
    const badge = screen.getByTestId('alarm-badge');
    expect(within(badge).getByTestId('alarm-active').textContent).toBe('2 active');
    expect(within(badge).getByTestId('alarm-unacked').textContent).toBe('2 unacknowledged');
    expect(badge.className).toContain('level-red');
  });

  it('shows a subsystem without data as "no data", never as nominal', () => {
    act(() =>
      ortaqStore
        .getState()
        .setFleet([fleetEntry('imece', { status: 'unknown', subsystems: { EPS: 'red' } })]),
    );
    renderAt('/wall?rotate=0&page=2');
    const cells = screen.getAllByRole('button', { name: /İMECE/ });
    const levels = cells.map((c) => c.querySelector('.badge')!.getAttribute('data-level'));
    expect(levels).toEqual(['red', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('says "expected", not "in contact", for a predicted pass with no frames', () => {
    act(() =>
      ortaqStore
        .getState()
        .setFleet([
          fleetEntry('imece', { status: 'silent', facts: factsFor('silent'), stationsExpected: ['ankara'] }),
        ]),
    );
    renderAt('/wall?rotate=0');
    const tile = screen.getByTestId('wall-tile-imece');
    expect(tile.dataset['status']).toBe('silent');
    expect(tile.textContent).toContain('Expected: Ankara');
    expect(tile.textContent).not.toContain('In contact');
  });

  it('keeps the alarm sound enabled across reloads', () => {
    renderAt('/wall?rotate=0');
    act(() => screen.getByTestId('enable-sound').click());
    expect(localStorage.getItem('ortaq.sound')).toBe('1');
    cleanup();
    // A reload: a fresh store reads what persisted.
    resetStore();
    ortaqStore.getState().setDictionary(DICTIONARY);
    expect(ortaqStore.getState().soundEnabled).toBe(true);
  });
});

describe('fleet status between updates', () => {
  it('decides the status again from the facts at a later time, and sorts by it', () => {
    const entries = [
      fleetEntry('kazeosat-1', {
        status: 'nominal',
        facts: { ...factsFor('nominal'), lastRealtimeMs: T0 - 5000 },
      }),
      fleetEntry('imece', { status: 'nominal' }),
    ];
    entries[1]!.facts.windows = [{ aosMs: T0 - 60_000, losMs: T0 + 600_000 }];
    // 40 s later nothing more was heard: without predictions stale; in a pass silent, which sorts first.
    const later = atTime(entries, T0 + 40_000);
    expect(later.map((e) => e.status)).toEqual(['stale', 'silent']);
    const sorted = filterFleet(later, { partner: null, status: null, sort: 'status' }, DICTIONARY.spacecraft);
    expect(sorted[0]!.spacecraftId).toBe('imece');
  });
});
