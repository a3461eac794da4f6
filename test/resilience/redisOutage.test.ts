// Redis, which joins the nodes of a deployment, stops and comes back. Each node keeps serving its own
// stations and dashboards, says so (/healthz, a system alarm), and live updates cross between the nodes
// again by themselves once Redis is back. The archive is the shared PostgreSQL (a schema of this test's
// own); Redis is a private instance, the only thing this test restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemCondition } from '../../shared/protocol/health';
import { connectCluster } from '../../server/cluster/redis';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { eventually, newDeployment, type Deployment } from '../helpers/cluster';
import { connectDashboard, type Dashboard } from '../helpers/dashboards';
import { PrivateRedis, privateRedisSkipReason } from '../helpers/privateServices';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';
import { dropSchema, POSTGRES_SKIP_REASON } from '../helpers/stores';

const SKIP = POSTGRES_SKIP_REASON ?? privateRedisSkipReason();
if (SKIP) console.warn(`\n*** Redis outage test SKIPPED: ${SKIP} ***\n`);
const TITLE = 'Redis stopping and restarting between two nodes';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  let redis: PrivateRedis;
  let deployment: Deployment;
  let a: RunningServer;
  let b: RunningServer;
  let onA: StationSocket;
  let board: Dashboard;
  const systemAlarms: SystemCondition[][] = [];

  const startNode = async (nodeId: string) =>
    startServer({
      store: await createPostgresStore({
        connectionString: deployment.databaseUrl,
        schema: deployment.schema,
        maxConnections: 2,
      }),
      cluster: await connectCluster({ url: redis.url, key: deployment.clusterKey, nodeId }),
    });

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    deployment = newDeployment();
    a = await startNode('node-a');
    b = await startNode('node-b');
    onA = await connectStation(a.url, 'astana', 'astana-secret');
    board = await connectDashboard(b.url);
    board.socket.on('system', (conditions) => systemAlarms.push(conditions));
    await board.subscribe({ fleet: true, spacecraft: ['kazeosat-1'] });
  }, 60_000);

  afterAll(async () => {
    onA?.close();
    board?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
    if (deployment) await dropSchema(deployment.databaseUrl, deployment.schema);
  });

  const voltageSeenOnB = (timeMs: number) =>
    board.waitFor(
      (u) => (u.samples ?? []).some((s) => s.parameterId === 'eps.batt_voltage' && s.t === timeMs),
      5_000,
    );
  const send = (seq: number) => sendFrame(onA, buildFrame({ sequenceCount: seq, timeMs: T0 + seq * 1000 }));

  it('degrades both nodes while Redis is away and resumes live updates across them when it returns', async () => {
    expect(await send(1)).toEqual({ ok: true, status: 'stored' });
    await voltageSeenOnB(T0 + 1000);

    await redis.stopServer();
    for (const node of [a, b]) {
      await eventually(async () => {
        const body = (await (await fetch(`${node.url}/healthz`)).json()) as {
          status: string;
          conditions?: SystemCondition[];
        };
        expect(body.status).toBe('degraded');
        expect(body.conditions?.[0]).toMatchObject({ dependency: 'cluster', cause: 'unreachable' });
      });
    }
    await eventually(async () => expect(systemAlarms.at(-1)?.[0]?.dependency).toBe('cluster'));
    // Each node still archives what its own stations send.
    expect(await send(2)).toEqual({ ok: true, status: 'stored' });

    const restartedMs = Date.now();
    await redis.startServer();
    for (const node of [a, b]) {
      await eventually(async () => {
        const body = (await (await fetch(`${node.url}/healthz`)).json()) as { status: string };
        expect(body.status).toBe('ok');
      }, 10_000);
    }
    await eventually(async () => expect(systemAlarms.at(-1)).toEqual([]), 5_000);
    // Live updates cross again: a frame sent to A shows on B's dashboard.
    await eventually(async () => {
      const seq = 3 + Math.floor((Date.now() - restartedMs) / 100);
      expect(await send(seq)).toEqual({ ok: true, status: 'stored' });
      await voltageSeenOnB(T0 + seq * 1000);
    }, 10_000);
    console.log(`live updates crossed nodes again ${Date.now() - restartedMs} ms after Redis restarted`);

    await a.app.flush();
    const archived = await a.app.archive.frames({ fromMs: T0, toMs: T0 + 10_000_000, limit: 10_000 });
    const seqs = new Set(archived.map((f) => f.sequenceCount));
    expect([1, 2].filter((s) => !seqs.has(s))).toEqual([]);
    expect(a.app.httpServer.listening && b.app.httpServer.listening).toBe(true);
  });
});
