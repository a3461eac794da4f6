// "My alarms": the Alarms view filters to the alarms assigned to the signed-in user, and each row says whom
// an alarm is assigned to; operators are offered to take an alarm on, viewers are not.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ortaqStore } from '../../client/store';
import { alarm } from '../fixtures/dashboard';
import { meFixture } from '../fixtures/me';
import { renderAt, seedStore } from '../helpers/client';

const ALARMS = [
  alarm('mine', { assignedTo: 'admin-kz' }),
  alarm('theirs', { spacecraftId: 'imece', assignedTo: 'operator-tr' }),
  alarm('nobodys', { spacecraftId: 'kazeosat-1' }),
];

describe('my alarms', () => {
  afterEach(cleanup);

  describe('as an admin of KZ', () => {
    beforeEach(() => {
      seedStore();
      act(() => ortaqStore.getState().mergeAlarms(ALARMS));
    });

    it('shows only the alarms assigned to me, and whom each alarm is assigned to', async () => {
      renderAt('/alarms');
      await screen.findByTestId('alarm-mine', {}, { timeout: 10_000 });
      expect(screen.getByTestId('assignee-mine').textContent).toContain('assigned to you');
      expect(screen.getByTestId('assignee-theirs').textContent).toContain('assigned to operator-tr');
      expect(screen.queryByTestId('assignee-nobodys')).toBeNull();
      const toggle = screen.getByTestId('alarms-mine');
      expect(toggle.getAttribute('aria-pressed')).toBe('false');
      fireEvent.click(toggle);
      expect(screen.getByTestId('alarms-mine').getAttribute('aria-pressed')).toBe('true');
      expect(screen.getByTestId('alarm-mine')).toBeTruthy();
      expect(screen.queryByTestId('alarm-theirs')).toBeNull();
      expect(screen.queryByTestId('alarm-nobodys')).toBeNull();
      // Mine to release, the others to take on.
      expect(within(screen.getByTestId('alarm-mine')).getByTestId('assign-mine').textContent).toBe('Release');
    });

    it('offers to take on an alarm assigned to someone else', async () => {
      renderAt('/alarms');
      const row = await screen.findByTestId('alarm-theirs', {}, { timeout: 10_000 });
      expect(within(row).getByTestId('assign-theirs').textContent).toBe('Take on');
    });
  });

  it('offers a viewer the filter but not the assignment', async () => {
    seedStore({ me: meFixture('viewer') });
    act(() => ortaqStore.getState().mergeAlarms(ALARMS));
    renderAt('/alarms?mine=1');
    await screen.findByTestId('alarms-mine', {}, { timeout: 10_000 });
    expect(screen.queryByTestId('alarm-mine')).toBeNull();
    expect(screen.queryByTestId('assign-mine')).toBeNull();
  });
});
