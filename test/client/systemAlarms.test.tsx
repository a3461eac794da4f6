// System alarms (the server's archive or cluster bus degraded) show in the header of every view and of the
// wall, in the operator's language, until the server says they are over (systemAlarmsLive.test.ts).
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ortaqStore } from '../../client/store';
import { T0 } from '../fixtures/dashboard';
import { renderAt, seedStore } from '../helpers/client';

const state = () => ortaqStore.getState();

describe('system alarm banner', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('says what is down and what it means, with the time it began, on every view and the wall', () => {
    act(() =>
      state().setSystemAlarms([
        { dependency: 'archive', cause: 'unreachable', detail: 'connect ECONNREFUSED', sinceMs: T0 },
      ]),
    );
    for (const path of ['/fleet', '/wall']) {
      renderAt(path);
      const banner = screen.getByTestId('system-alarms');
      expect(banner.getAttribute('role')).toBe('alert');
      expect(banner.textContent).toContain('the archive database is unreachable');
      expect(banner.textContent).toContain('12:00:00');
      expect(banner.querySelector('li')!.getAttribute('title')).toBe('connect ECONNREFUSED');
      cleanup();
    }
    act(() => state().setSystemAlarms([]));
    renderAt('/fleet');
    expect(screen.queryByTestId('system-alarms')).toBeNull();
  });

  it('shows a first start filling its history as a notice with its progress, not as an alarm', () => {
    act(() =>
      state().setSystemAlarms([
        {
          dependency: 'history',
          cause: 'filling',
          detail: 'filling the last 24 h: 40 %',
          sinceMs: T0,
          progress: { hours: 24, percent: 40 },
        },
      ]),
    );
    renderAt('/fleet');
    const notice = screen.getByTestId('system-notices');
    expect(notice.getAttribute('role')).toBe('status');
    expect(notice.textContent).toContain('Filling the last 24 h of simulated flight');
    expect(notice.textContent).toContain('40');
    expect(screen.queryByTestId('system-alarms')).toBeNull();
    cleanup();
    act(() => state().setLocale('ru'));
    renderAt('/fleet');
    expect(screen.getByTestId('system-notices').textContent).toContain('последними 24 ч');
  });
});
