// A PostgreSQL archive that stops answering in time (here: another session holds a lock on the frames
// table). Statements time out, the commit queue and the wait for a pooled connection stay bounded, ingest
// answers `unavailable` and REST 503 at once instead of piling work up, and all resumes when the database
// does. Runs on the shared PostgreSQL in a schema of its own; nothing is restarted.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchAck, BatchFrame, FrameAck } from '../../shared/protocol/ingest';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { eventually } from '../helpers/cluster';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, type StationSocket } from '../helpers/stations';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, uniqueSchema } from '../helpers/stores';

const SKIP = POSTGRES_SKIP_REASON;
const TITLE = 'a PostgreSQL archive too slow to answer';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const STATEMENT_TIMEOUT_MS = 1_000;
const MAX_QUEUED_FRAMES = 200;

const batchOf = (from: number, count: number): BatchFrame[] =>
  Array.from({ length: count }, (_, i) => ({
    bytes: buildFrame({ sequenceCount: from + i, timeMs: T0 + (from + i) * 1000 }),
  }));

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  const schema = uniqueSchema();
  let server: RunningServer;
  let station: StationSocket;
  let locker: pg.Client;

  beforeAll(async () => {
    server = await startServer({
      store: await createPostgresStore({
        connectionString: POSTGRES_URL!,
        schema,
        maxConnections: 2,
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      }),
      groupCommit: { maxFrames: 100, maxQueuedFrames: MAX_QUEUED_FRAMES },
    });
    station = await connectStation(server.url, 'astana', 'astana-secret');
    locker = new pg.Client({ connectionString: POSTGRES_URL! });
    await locker.connect();
  });

  afterAll(async () => {
    station?.close();
    await locker?.end();
    await server?.stop();
    await dropSchema(POSTGRES_URL!, schema);
  });

  const send = (batch: BatchFrame[]) =>
    station.timeout(20_000).emitWithAck('frames', batch) as Promise<BatchAck>;
  const results = (ack: BatchAck): FrameAck[] => {
    if (!('results' in ack)) throw new Error(ack.error);
    return ack.results;
  };

  it('refuses quickly, keeps its queues bounded, and resumes when the database answers again', async () => {
    expect(results(await send(batchOf(1, 50))).every((r) => r.ok && r.status === 'stored')).toBe(true);

    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${schema}.frames IN ACCESS EXCLUSIVE MODE`);
    const startedMs = Date.now();
    // Far more than the queue holds, all at once.
    const acks = await Promise.all(Array.from({ length: 10 }, (_, i) => send(batchOf(100 + i * 100, 100))));
    const outcomes = acks.flatMap(results);
    expect(outcomes.filter((r) => r.ok)).toEqual([]);
    expect(new Set(outcomes.map((r) => (r.ok ? r.status : r.error)))).toEqual(new Set(['unavailable']));
    // Bounded by the statement timeout (a few commits' worth), not by the lock's holder.
    expect(Date.now() - startedMs).toBeLessThan(STATEMENT_TIMEOUT_MS * 6);

    // REST: a pile of history requests gets 503 with the reason; none waits for the lock's holder.
    const history = `${server.url}/api/spacecraft/kazeosat-1/history?params=eps.batt_voltage&from=${T0}&to=${T0 + 3_600_000}`;
    const answers = await Promise.all(
      Array.from({ length: 80 }, () => fetch(history, { headers: { cookie: server.session.cookie } })),
    );
    const bodies = await Promise.all(
      answers.map(async (a) => [a.status, ((await a.json()) as { error: string }).error]),
    );
    expect(new Set(bodies.map(([status]) => status))).toEqual(new Set([503]));
    expect(new Set(bodies.map(([, error]) => error))).toEqual(new Set(['archive_overloaded']));
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as object;
    expect(health).toMatchObject({
      status: 'degraded',
      conditions: [{ dependency: 'archive', cause: 'overloaded' }],
    });

    await locker.query('ROLLBACK');
    const releasedMs = Date.now();
    // The station sends again what was refused, one batch at a time as a station does.
    for (let i = 0; i < 10; i++) {
      await eventually(async () => {
        expect(results(await send(batchOf(100 + i * 100, 100))).every((r) => r.ok)).toBe(true);
      }, 5_000);
    }
    console.log(`ingest resumed ${Date.now() - releasedMs} ms after the lock was released`);
    expect(server.app.health.report()).toEqual({ status: 'ok' });

    await server.app.flush();
    const archived = await server.app.archive.frames({
      fromMs: T0,
      toMs: T0 + 2_000_000,
      limit: 10_000,
    });
    expect(archived).toHaveLength(50 + 1000);
    expect(server.app.httpServer.listening).toBe(true);
  });
});
