// The archive's PostgreSQL restarts while stations pour frames in (what `pg_ctlcluster … restart`, a
// failover or maintenance does). The node stays up, answers "not now" everywhere while the database is away,
// and is whole again within seconds of it coming back; no frame acked `stored` is missing.
// Runs on a PostgreSQL of its own (the machine's shared one is never restarted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../../server/mission/shipped';
import type { SystemCondition } from '../../shared/protocol/health';
import { createAuth } from '../../server/auth';
import { createPostgresAuthStore } from '../../server/auth/postgres/store';
import { StationClient } from '../../server/sim/stations/stationClient';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { connectLive, login, openAgreement, TEST_PASSWORD, type LiveTestSocket } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { PrivatePostgres, privatePostgresSkipReason } from '../helpers/privateServices';
import { startServer, TEST_STATION_TOKENS, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';

const SKIP = privatePostgresSkipReason();
if (SKIP) console.warn(`\n*** PostgreSQL outage test SKIPPED: ${SKIP} ***\n`);
const TITLE = 'the archive database restarting under ingest';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

const frame = (seq: number) => ({ bytes: buildFrame({ sequenceCount: seq, timeMs: T0 + seq * 1000 }) });

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  let database: PrivatePostgres;
  let server: RunningServer;
  let station: StationClient;
  let live: LiveTestSocket;
  const systemAlarms: SystemCondition[][] = [];

  beforeAll(async () => {
    database = await PrivatePostgres.start();
    const auth = createAuth({
      store: await createPostgresAuthStore({ connectionString: database.url, maxConnections: 2 }),
      clock: systemClock,
      dictionary: DICTIONARY,
      agreement: openAgreement(),
    });
    await auth.stations.importConfigured(TEST_STATION_TOKENS);
    server = await startServer({
      store: await createPostgresStore({ connectionString: database.url, maxConnections: 4 }),
      auth,
      stationAuth: auth.stations,
    });
    station = new StationClient({
      serverUrl: server.url,
      stationId: 'astana',
      token: 'astana-secret',
      batchFrames: 20,
      retryMs: 200,
    });
    live = await connectLive(server.url);
    live.on('system', (conditions) => systemAlarms.push(conditions));
  }, 60_000);

  afterAll(async () => {
    live?.close();
    await station?.close();
    await server?.stop();
    database?.dispose();
  });

  it('rides through the restart and loses no acknowledged frame', async () => {
    let seq = 0;
    const sendMore = (count: number) => station.send(Array.from({ length: count }, () => frame(++seq)));
    sendMore(100);
    expect(await station.drained(10_000)).toBe(true);
    expect(station.stats().stored).toBe(100);

    database.stopServer();
    sendMore(100);

    // Ingest: a documented, retry-able answer, nothing acked `stored`.
    const probe = await connectStation(server.url, 'baku', 'baku-secret').catch((error: Error) => error);
    if (!(probe instanceof Error)) {
      const ack = await sendBatch(probe, [frame(10_001)]);
      expect(ack).toEqual({ results: [{ ok: false, error: 'unavailable' }] });
      probe.close();
    } else {
      // The station's token lives in the same database: it is told to come back later, not refused.
      expect(probe.message).toBe('unavailable');
    }
    // REST: 503 with the reason; /healthz: degraded with the cause; dashboards: a system alarm.
    const events = await fetch(`${server.url}/api/events`, { headers: { cookie: server.session.cookie } });
    expect(events.status).toBe(503);
    expect(events.headers.get('retry-after')).toBe('2');
    expect(((await events.json()) as { error: string }).error).toBe('archive_unreachable');
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
      status: string;
      conditions?: SystemCondition[];
    };
    expect(health.status).toBe('degraded');
    expect(health.conditions?.[0]).toMatchObject({ dependency: 'archive', cause: 'unreachable' });
    await eventually(async () => expect(systemAlarms.at(-1)?.[0]?.dependency).toBe('archive'));
    expect(station.stats().stored).toBe(100);

    const restartedMs = Date.now();
    database.startServer();
    await eventually(async () => {
      const body = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
      expect(body.status).toBe('ok');
    }, 5_000);
    expect(await station.drained(5_000)).toBe(true);
    const recoveredMs = Date.now() - restartedMs;
    console.log(`archive back ${recoveredMs} ms after the database restarted`);
    expect(recoveredMs).toBeLessThan(5_000);
    await eventually(async () => expect(systemAlarms.at(-1)).toEqual([]));

    // The auth store is back: a new sign-in works, and so does a station that connects now.
    const session = await login(server.url, 'admin-kz', TEST_PASSWORD);
    expect((await session.json('/api/events')).status).toBe(200);
    const late = await connectStation(server.url, 'baku', 'baku-secret');
    expect(await sendBatch(late, [frame(10_001)])).toEqual({ results: [{ ok: true, status: 'stored' }] });
    late.close();

    sendMore(50);
    expect(await station.drained(10_000)).toBe(true);
    await server.app.flush();
    const archived = await server.app.archive.frames({
      fromMs: T0,
      toMs: T0 + 20_000_000,
      limit: 10_000,
    });
    const archivedSeqs = new Set(archived.map((f) => f.sequenceCount));
    const missing = Array.from({ length: seq }, (_, i) => i + 1).filter((s) => !archivedSeqs.has(s));
    expect(missing).toEqual([]);
    expect(station.stats().stored + station.stats().duplicates).toBe(seq);
    expect(station.stats().dropped).toBe(0);
    expect(server.app.httpServer.listening).toBe(true);
  });
});
