// Two server nodes on one PostgreSQL database and one Redis, with the auth store in PostgreSQL: a user, a
// session or a token made on one node works on the other, and a revocation made on one node cuts the
// matching sockets on the other at once, not at their next reconnect.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../shared/protocol/auth';
import { createPostgresAuthStore } from '../../server/auth/postgres/store';
import { connectLive, login, sessionFetch, TEST_PASSWORD, type Session } from '../helpers/auth';
import {
  newDeployment,
  REDIS_URL,
  SCALE_SKIP_REASON,
  startSharedAuthNode,
  type Deployment,
} from '../helpers/cluster';
import type { RunningServer } from '../helpers/server';
import { connectStation } from '../helpers/stations';
import { dropSchema } from '../helpers/stores';

const TSX = path.resolve('node_modules/.bin/tsx');
const TITLE = 'logins and revocations shared by two nodes on PostgreSQL and Redis';
/** The promise: a revocation made on one node closes the other node's sockets within this. */
const CUT_WITHIN_MS = 2000;

interface Closable {
  connected: boolean;
  once(event: 'disconnect', listener: () => void): unknown;
  close(): unknown;
}

/** Resolves with the milliseconds until the socket is disconnected; rejects after `withinMs`. */
function disconnection(socket: Closable, withinMs = CUT_WITHIN_MS): Promise<number> {
  const startMs = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${withinMs} ms`)), withinMs);
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(Date.now() - startMs);
    });
  });
}

describe.skipIf(SCALE_SKIP_REASON !== null)(
  SCALE_SKIP_REASON ? `${TITLE} (skipped: ${SCALE_SKIP_REASON})` : TITLE,
  { timeout: 20_000 },
  () => {
    let deployment: Deployment;
    let a: RunningServer;
    let b: RunningServer;
    const sockets: Closable[] = [];

    const track = <T extends Closable>(socket: T): T => {
      sockets.push(socket);
      return socket;
    };

    /** Creates a user through node A's admin API. */
    const createUser = async (username: string, role = 'operator') => {
      const created = await a.session.json('/api/admin/users', {
        method: 'POST',
        body: JSON.stringify({ username, partner: 'KZ', role, password: TEST_PASSWORD }),
      });
      expect(created.status).toBe(201);
    };

    beforeEach(async () => {
      deployment = newDeployment();
      a = await startSharedAuthNode(deployment, 'node-a');
      b = await startSharedAuthNode(deployment, 'node-b');
    });

    afterEach(async () => {
      for (const socket of sockets.splice(0)) socket.close();
      await Promise.all([a.stop(), b.stop()]);
      await dropSchema(deployment.databaseUrl, deployment.schema);
    });

    it('lets a user created on node A log in on node B, and a session made on A work on B', async () => {
      await createUser('aigerim');
      const onB = await login(b.url, 'aigerim');
      expect((await onB.json<MeResponse>('/api/me')).body.principal).toMatchObject({ name: 'aigerim' });

      const onA = await login(a.url, 'aigerim');
      const sameOnB: Session = sessionFetch(b.url, onA.cookie);
      expect((await sameOnB.json<MeResponse>('/api/me')).status).toBe(200);
      track(await connectLive(b.url, onA.cookie));
      // The audit log is one log: B's login is listed on A.
      const audit = await a.session.json<{ entries: { actor: string; action: string }[] }>(
        '/api/admin/audit?action=login&actor=aigerim',
      );
      expect(audit.body.entries).toHaveLength(2);
    });

    it('counts failed logins on both nodes together', async () => {
      await createUser('aigerim');
      const attempt = (node: RunningServer, password: string) =>
        fetch(`${node.url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'aigerim', password }),
        });
      for (const [i, node] of [a, b, a, b, a].entries()) {
        expect((await attempt(node, `guess number ${i}`)).status).toBe(401);
      }
      // The sixth attempt, right this time, on either node: blocked.
      expect((await attempt(b, TEST_PASSWORD)).status).toBe(429);
      expect((await attempt(a, TEST_PASSWORD)).status).toBe(429);
    });

    it("cuts node B's /live socket at once when the session logs out on node A", async () => {
      await createUser('aigerim');
      const onA = await login(a.url, 'aigerim');
      const live = track(await connectLive(b.url, onA.cookie));
      const other = track(await connectLive(b.url, (await login(b.url, 'aigerim')).cookie));
      const cut = disconnection(live);
      expect((await onA.fetch('/api/logout', { method: 'POST' })).status).toBe(204);
      expect(await cut).toBeLessThanOrEqual(CUT_WITHIN_MS);
      // Only that session: the user's other session stays connected, and the logged-out cookie is refused.
      expect(other.connected).toBe(true);
      await expect(connectLive(b.url, onA.cookie)).rejects.toThrow('unauthenticated');
    });

    it("cuts node B's /live sockets at once when the user is disabled on node A", async () => {
      await createUser('timur');
      const session = await login(b.url, 'timur');
      const lives = [
        track(await connectLive(b.url, session.cookie)),
        track(await connectLive(a.url, session.cookie)),
      ];
      const cuts = lives.map((live) => disconnection(live));
      const disabled = await a.session.json('/api/admin/users/timur', {
        method: 'PATCH',
        body: JSON.stringify({ disabled: true }),
      });
      expect(disabled.status).toBe(200);
      for (const ms of await Promise.all(cuts)) expect(ms).toBeLessThanOrEqual(CUT_WITHIN_MS);
      expect((await session.json('/api/me')).status).toBe(401);
      await expect(login(b.url, 'timur')).rejects.toThrow(/401/);
    });

    it('disconnects a station connected to node B at once when its token is revoked on node A', async () => {
      const astana = track(await connectStation(b.url, 'astana', 'astana-secret'));
      const ankara = track(await connectStation(b.url, 'ankara', 'ankara-secret'));
      const cut = disconnection(astana);
      expect((await a.session.fetch('/api/admin/stations/astana/token', { method: 'DELETE' })).status).toBe(
        204,
      );
      expect(await cut).toBeLessThanOrEqual(CUT_WITHIN_MS);
      await expect(connectStation(b.url, 'astana', 'astana-secret')).rejects.toThrow('unauthorized');
      expect(ankara.connected).toBe(true);
    });

    it('cuts a wall screen on node B when its kiosk link is revoked on node A', async () => {
      const issued = await a.session.json<{ kiosk: { id: string }; path: string }>('/api/admin/kiosks', {
        method: 'POST',
        body: JSON.stringify({ label: 'Astana ops wall', partner: 'KZ' }),
      });
      const landing = await fetch(`${b.url}${issued.body.path}`, { redirect: 'manual' });
      expect(landing.status).toBe(303);
      const cookie = (landing.headers.get('set-cookie') ?? '').split(';')[0]!;
      const wall = track(await connectLive(b.url, cookie));
      const cut = disconnection(wall);
      const revoked = await a.session.fetch(`/api/admin/kiosks/${issued.body.kiosk.id}`, {
        method: 'DELETE',
      });
      expect(revoked.status).toBe(204);
      expect(await cut).toBeLessThanOrEqual(CUT_WITHIN_MS);
    });

    it(
      'cuts the open sockets of a user disabled with npm run user, on every node',
      { timeout: 60_000 },
      async () => {
        await createUser('emre');
        const session = await login(a.url, 'emre');
        const lives = [
          track(await connectLive(a.url, session.cookie)),
          track(await connectLive(b.url, session.cookie)),
        ];
        const cuts = lives.map((live) => disconnection(live, 45_000).then(() => Date.now()));
        const { stdout } = await promisify(execFile)(
          TSX,
          ['server/auth/cli.ts', 'set', 'emre', '--disable'],
          {
            env: {
              ...process.env,
              DATABASE_URL: deployment.schemaUrl,
              REDIS_URL,
              ORTAQ_CLUSTER_KEY: deployment.clusterKey,
            },
            timeout: 40_000,
          },
        );
        const exitedMs = Date.now();
        expect(stdout).toContain('updated emre (operator, KZ, disabled)');
        // Cut before the command returned, or within the bound after it.
        for (const cutMs of await Promise.all(cuts))
          expect(cutMs - exitedMs).toBeLessThanOrEqual(CUT_WITHIN_MS);
      },
    );

    it('ignores a revocation that arrives twice or concerns no socket, and one of another shape', async () => {
      await createUser('dana');
      const live = track(await connectLive(b.url, (await login(b.url, 'dana')).cookie));
      const station = track(await connectStation(b.url, 'baku', 'baku-secret'));
      const repeated = { kind: 'station' as const, stationId: 'nowhere' };
      a.app.auth.revocations.publish(repeated);
      a.app.auth.revocations.publish(repeated);
      a.app.auth.revocations.publish({ kind: 'user', username: 'nobody' });
      a.app.io.serverSideEmit('ortaq:revocation', { version: 1, node: 'x', revocation: { kind: 'all' } });
      // A real one sent after them arrives after them (one Redis channel, in order): by then they were applied.
      const cut = disconnection(live);
      a.app.auth.revocations.publish({ kind: 'user', username: 'dana' });
      a.app.auth.revocations.publish({ kind: 'user', username: 'dana' });
      await cut;
      expect(station.connected).toBe(true);
    });

    it('migrates once when two nodes open a fresh database at the same moment', async () => {
      const schema = `${deployment.schema}_fresh`;
      const open = () =>
        createPostgresAuthStore({ connectionString: deployment.databaseUrl, schema, maxConnections: 1 });
      const stores = await Promise.all([open(), open()]);
      try {
        expect(await stores[0].countUsers()).toBe(0);
        expect(await stores[1].insertUser(aUser())).toBe(true);
        expect(await stores[0].getUser('x')).toMatchObject({ username: 'x', disabled: false });
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await dropSchema(deployment.databaseUrl, schema);
      }
    });
  },
);

const aUser = () => ({
  username: 'x',
  partner: 'KZ' as const,
  role: 'viewer' as const,
  passwordHash: 'not a real hash',
  disabled: false,
  createdAtMs: 0,
});
