// Helpers for tests that need users, sessions and roles: a clock the test sets and (for the running server)
// logins as each role. An auth room on either auth store is in authStores.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../shared/clock';
import { type PartnerId } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { Role } from '../../shared/protocol/auth';
import { LIVE_NAMESPACE, type LiveClientEvents, type LiveServerEvents } from '../../shared/protocol/live';
import { io as connectSocket, type Socket as ClientSocket } from 'socket.io-client';
import type { Page } from 'playwright-core';
import { epochMs, type EpochMs } from '../../shared/units';
import { createAuth, type Agreement, type Auth } from '../../server/auth';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';

/** A clock that moves only when the test says so. */
export class ManualClock implements Clock {
  constructor(private ms = 1_790_000_000_000) {}
  now(): EpochMs {
    return epochMs(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function tempDir(prefix = 'ortaq-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Password of every user the helpers create: long enough for the password rule, never used outside tests. */
export const TEST_PASSWORD = 'correct horse battery staple';

export const testUsername = (role: Role, partner: PartnerId) => `${role}-${partner.toLowerCase()}`;

/** A signed-in HTTP client: fetch with the session cookie of one user. */
export interface Session {
  cookie: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
}

/** Fetch against `baseUrl` carrying `cookie`, with JSON bodies for objects. */
export function sessionFetch(baseUrl: string, cookie: string): Session {
  const doFetch = (p: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${p}`, {
      redirect: 'manual',
      ...init,
      headers: {
        ...(cookie && { cookie }),
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  return {
    cookie,
    fetch: doFetch,
    json: async <T>(p: string, init?: RequestInit) => {
      const res = await doFetch(p, init);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
  };
}

/** The `name=value` part of a Set-Cookie header, ready to send back. */
export function cookieFrom(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

/** Logs in through POST /api/login like the dashboard does; throws when the login fails. */
export async function login(baseUrl: string, username: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return sessionFetch(baseUrl, cookieFrom(res));
}

/**
 * Creates (once) a user of the role and partner, with TEST_PASSWORD, and logs in as that user. Default
 * partner KZ, which owns kazeosat-1 and kazeosat-2.
 */
export async function loginAs(
  server: { url: string; auth: Auth } | { url: string; app: { auth: Auth } },
  role: Role,
  partner: PartnerId = 'KZ',
): Promise<Session> {
  const auth = 'auth' in server ? server.auth : server.app.auth;
  const username = testUsername(role, partner);
  if (!(await auth.accounts.get(username))) {
    await auth.accounts.create({ username, partner, role, password: TEST_PASSWORD }, 'test');
  }
  return login(server.url, username);
}

/**
 * An agreement that lets every partner see and export every spacecraft: for test servers whose tests are
 * about something else than partner filtering (which test/security covers with the real default agreement).
 */
export function openAgreement(dictionary = DICTIONARY): Agreement {
  return {
    fleetStatusForAll: true,
    grants: dictionary.partners.flatMap((p) =>
      dictionary.spacecraft.map((s) => ({ partner: p.id, spacecraftId: s.id, level: 'export' as const })),
    ),
  };
}

/** An auth room on an in-memory SQLite database, with sessions on the wall clock. */
export function createMemoryAuth(agreement: Agreement = openAgreement(), dictionary = DICTIONARY): Auth {
  return createAuth({
    store: createSqliteAuthStore(':memory:'),
    clock: systemClock,
    dictionary,
    agreement,
  });
}

/** Cookies of the servers tests started, by origin: getJson/postJson/authedFetch send them. */
const cookieJar = new Map<string, string>();

export function rememberSession(baseUrl: string, cookie: string): void {
  cookieJar.set(new URL(baseUrl).origin, cookie);
}

export function forgetSession(baseUrl: string): void {
  cookieJar.delete(new URL(baseUrl).origin);
}

/** The remembered session cookie for a URL's server, or an empty string. */
export function sessionCookieFor(url: string): string {
  return cookieJar.get(new URL(url).origin) ?? '';
}

/** fetch that carries the session cookie remembered for the URL's server. */
export function authedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const cookie = sessionCookieFor(url);
  return fetch(url, {
    ...init,
    headers: { ...(cookie && { cookie }), ...(init.headers as Record<string, string> | undefined) },
  });
}

export type LiveTestSocket = ClientSocket<LiveServerEvents, LiveClientEvents>;

/** A dashboard's /live socket signed in with a session cookie; rejects with the connect_error message. */
export function connectLive(baseUrl: string, cookie = sessionCookieFor(baseUrl)): Promise<LiveTestSocket> {
  const socket: LiveTestSocket = connectSocket(`${baseUrl}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Signs a browser page in (its whole context shares the cookie) through POST /api/login, as the login form
 * would. For end-to-end tests against startOrtaq(), whose admin is `admin` with TEST_PASSWORD.
 */
export async function signInPage(page: Page, baseUrl: string, username = 'admin', password = TEST_PASSWORD) {
  const res = await page.request.post(`${baseUrl}/api/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`sign-in ${username}: ${res.status()} ${await res.text()}`);
}
