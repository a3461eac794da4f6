// Helpers for component tests: render a view inside the router and the app's real store.
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { AppRoutes } from '../../client/App';
import { DICTIONARY } from '../../server/mission/shipped';
import { ortaqStore, resetStore } from '../../client/store';
import { fleetFixture, T0 } from '../fixtures/dashboard';
import { meFixture } from '../fixtures/me';
import type { MeResponse } from '../../shared/protocol/auth';

/**
 * Component tests run without a server: every request fails at once as if the server were unreachable
 * (the views' designed error states), instead of happy-dom trying a connection to its default origin.
 */
function noServer(): void {
  globalThis.fetch = () => Promise.reject(new TypeError('no server in component tests'));
}

/**
 * Puts the store in its first state, signed in (an admin of KZ who sees everything, unless `me` says
 * otherwise; `me: null` leaves it signed out), then loads the dictionary and (optionally) the fleet fixture.
 */
export function seedStore({
  fleet = true,
  me = meFixture(),
}: { fleet?: boolean; me?: MeResponse | null } = {}): void {
  noServer();
  localStorage.clear();
  resetStore();
  const state = ortaqStore.getState();
  if (me) state.signedIn(me);
  else state.signedOut();
  state.setDictionary(DICTIONARY);
  state.setServerReachable(true);
  state.noteServerTime(T0, Date.now());
  if (fleet) state.setFleet(fleetFixture());
}

/** Renders the app's routes at `url` (views, layout, badge) without starting sockets or fetches. */
export function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <AppRoutes />
    </MemoryRouter>,
  );
}

export function renderInRouter(ui: ReactElement, url = '/') {
  return render(<MemoryRouter initialEntries={[url]}>{ui}</MemoryRouter>);
}
