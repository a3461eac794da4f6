// System alarms (the server's archive or cluster bus degraded) reach the dashboard's store over /live: on
// connecting, on every change, and cleared when the server recovers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLiveClient, type LiveClient } from '../../client/api/live';
import { ortaqStore, resetStore } from '../../client/store';
import { startServer, type RunningServer } from '../helpers/server';

const state = () => ortaqStore.getState();

describe('system alarms from the server', () => {
  let server: RunningServer;
  let live: LiveClient | undefined;

  beforeEach(async () => {
    resetStore();
    server = await startServer();
  });

  afterEach(async () => {
    live?.stop();
    await server.stop();
  });

  it('arrive on connecting and on every change, and clear when the server recovers', async () => {
    server.app.health.degraded('cluster', 'unreachable', 'subscribe connection: Socket closed unexpectedly');
    live = startLiveClient({ url: server.url, extraHeaders: { cookie: server.session.cookie } });
    await expect.poll(() => state().systemAlarms.map((c) => c.dependency)).toEqual(['cluster']);

    server.app.health.degraded('archive', 'storage_full', 'database or disk is full');
    await expect
      .poll(() => state().systemAlarms.map((c) => `${c.dependency}:${c.cause}`))
      .toEqual(['cluster:unreachable', 'archive:storage_full']);
    server.app.health.recovered('cluster');
    server.app.health.recovered('archive');
    await expect.poll(() => state().systemAlarms).toEqual([]);
  });
});
