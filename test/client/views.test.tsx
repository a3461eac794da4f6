import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPACECRAFT_STATUSES } from '../../shared/protocol';
import { StatusBadge, LevelBadge } from '../../client/components/StatusBadge';
import { ortaqStore } from '../../client/store';
import { alarm, T0 } from '../fixtures/dashboard';
import { renderAt, renderInRouter, seedStore } from '../helpers/client';

describe('status rendering', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('never tells status by colour alone: each has its own icon and word', () => {
    const icons = new Set<string>();
    for (const status of SPACECRAFT_STATUSES) {
      const { container, unmount } = renderInRouter(<StatusBadge status={status} />);
      const badge = container.querySelector('.badge')!;
      const icon = badge.querySelector('[aria-hidden="true"]')!.textContent!;
      icons.add(icon);
      expect(badge.textContent!.replace(icon, '').trim().length).toBeGreaterThan(1);
      unmount();
    }
    expect(icons.size).toBe(SPACECRAFT_STATUSES.length);
  });

  it('keeps the level word for screen readers in compact matrix cells', () => {
    renderInRouter(<LevelBadge level="red" compact />);
    expect(screen.getByText('Red').className).toBe('sr-only');
  });
});

describe('fleet view', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('shows one card per spacecraft and counts by status', () => {
    renderAt('/fleet');
    expect(
      screen.getAllByRole('link').filter((a) => a.getAttribute('href')?.startsWith('/spacecraft/')),
    ).toHaveLength(6);
    expect(screen.getByTestId('count-critical').textContent).toBe('1');
    expect(screen.getByTestId('count-nominal').textContent).toBe('2');
  });

  it('sorts the most urgent first and filters by partner from the URL', () => {
    renderAt('/fleet?partner=TR');
    const cards = screen.getAllByTestId(/^fleet-card-/);
    expect(cards.map((c) => c.dataset['testid'])).toEqual([
      'fleet-card-imece',
      'fleet-card-gokturk-2',
      'fleet-card-gokturk-1a',
    ]);
  });

  it('follows live fleet updates', () => {
    renderAt('/fleet');
    const card = screen.getByTestId('fleet-card-kazeosat-1');
    expect(within(card).getByTestId('soc').textContent).toBe('87.5 %');
    act(() =>
      ortaqStore.getState().applyLiveUpdate(
        {
          serverTimeMs: T0 + 1000,
          fleet: [{ ...ortaqStore.getState().fleet!['kazeosat-1']!, socPercent: 80 }],
        },
        Date.now(),
      ),
    );
    expect(within(screen.getByTestId('fleet-card-kazeosat-1')).getByTestId('soc').textContent).toBe('80 %');
  });

  it('says the server is unreachable instead of showing an empty fleet', () => {
    seedStore({ fleet: false });
    act(() => ortaqStore.getState().setServerReachable(false));
    renderAt('/fleet');
    expect(screen.getByRole('heading', { name: 'Server unreachable' })).toBeTruthy();
    expect(screen.getByTestId('connection-banner')).toBeTruthy();
  });
});

describe('alarms', () => {
  beforeEach(() => {
    seedStore();
    ortaqStore.getState().mergeAlarms([
      alarm('old', {
        active: false,
        acknowledged: { by: 'op', atMs: T0, comment: 'seen' },
        openedAtMs: T0 - 9e5,
      }),
      alarm('red', { level: 'red', spacecraftId: 'imece', parameterId: 'adcs.mode', kind: 'state' }),
    ]);
  });
  afterEach(cleanup);

  it('shows the badge count in every view and lists alarms needing an operator first', () => {
    renderAt('/alarms?show=all');
    expect(screen.getByTestId('alarm-badge').textContent).toContain('1');
    const rows = screen.getAllByTestId(/^alarm-(red|old)$/);
    expect(rows.map((r) => r.dataset['testid'])).toEqual(['alarm-red', 'alarm-old']);
    expect(rows[0]!.className).toContain('flashing');
  });

  it('opens the acknowledge form with the comment focused', () => {
    renderAt('/alarms');
    fireEvent.click(screen.getByTestId('ack-red'));
    expect(document.activeElement).toBe(screen.getByTestId('alarm-comment'));
  });

  it('says so when a spacecraft in the URL is unknown', () => {
    renderAt('/spacecraft/no-such-craft');
    expect(screen.getByText('Unknown spacecraft: no-such-craft')).toBeTruthy();
  });
});
