import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type OrtaqApp } from '../../server/app';
import { tokenAuthenticator } from '../../server/ingest/stationAuth';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { DICTIONARY, LINKS, SHIPPED_DECODER } from '../../server/mission/shipped';
import { authedFetch, createMemoryAuth, forgetSession, loginAs, rememberSession, type Session } from './auth';

/** Station credentials every test server accepts. */
export const TEST_STATION_TOKENS = new Map([
  ['astana', 'astana-secret'],
  ['ankara', 'ankara-secret'],
  ['baku', 'baku-secret'],
]);

export interface RunningServer {
  app: OrtaqApp;
  url: string;
  /** An admin signed in at start; getJson, postJson and authedFetch send its cookie to this server. */
  session: Session;
  stop(): Promise<void>;
}

/**
 * Builds the app as server/index.ts does and listens on an ephemeral loopback port. Defaults: an in-memory
 * SQLite archive, the test station tokens, no housekeeping timer (tests call app.tick()).
 */
export async function startServer(options: Partial<AppOptions> = {}): Promise<RunningServer> {
  const app = await createApp({
    dictionary: DICTIONARY,
    links: LINKS,
    decoder: SHIPPED_DECODER,
    // Every partner sees everything here; test/security checks the real agreement.
    auth: options.auth ?? createMemoryAuth(),
    store: options.store ?? createSqliteStore({ file: ':memory:' }),
    stationAuth: tokenAuthenticator(TEST_STATION_TOKENS),
    housekeepingMs: 0,
    ...options,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const session = await loginAs({ url, auth: app.auth }, 'admin');
  rememberSession(url, session.cookie);
  return {
    app,
    url,
    session,
    stop: () => {
      forgetSession(url);
      return app.close();
    },
  };
}

/** fetch + JSON, returning the status with the body. */
export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const res = await authedFetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

export async function postJson<T = unknown>(
  url: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await authedFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
