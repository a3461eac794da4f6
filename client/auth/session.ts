// Signing in and out through the server's session routes; the cookie itself is httpOnly and never seen here.
import type { LoginRequest, MeResponse } from '../../shared/protocol/auth';
import { ApiRequestError, request } from '../api/rest';
import { ortaqStore } from '../store';

const store = ortaqStore.getState;

/** Asks the server who is signed in (the cookie survives reloads); a 401 marks the store signed out. */
export async function loadSession(): Promise<void> {
  try {
    store().signedIn(await request<MeResponse>('/api/me'));
  } catch (error) {
    // Unreachable: keep trying through the bootstrap's banner rather than showing a login form.
    if (error instanceof ApiRequestError && error.status === 401) store().signedOut();
    else throw error;
  }
}

/** Signs in; throws ApiRequestError (401 invalid_credentials, 429 rate_limited, 0 unreachable). */
export async function signIn(credentials: LoginRequest): Promise<MeResponse> {
  const me = await request<MeResponse>('/api/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  store().signedIn(me);
  return me;
}

export async function signOut(): Promise<void> {
  try {
    await request<null>('/api/logout', { method: 'POST' });
  } finally {
    store().signedOut();
  }
}
