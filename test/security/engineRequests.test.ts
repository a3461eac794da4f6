// No request of any kind ends the process. The engine.io path (/socket.io/) is answered by engine.io alone,
// over long-polling (GET and POST) and WebSocket, for /live and /ingest; and an exception or rejection that
// escapes a handler is logged, counted on /metrics and answered as a 500 to its request, while the process
// carries on. Runs the real server (server/index.ts) in a child process, so an exit would be seen.
import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_NAMESPACE, type FrameAck } from '../../shared/protocol/ingest';
import { LIVE_NAMESPACE, type LiveAck } from '../../shared/protocol/live';
import { login, tempDir, type Session } from '../helpers/auth';
import { openPolling } from '../helpers/enginePolling';
import { buildFrame } from '../helpers/stations';
import { freePort, startServerProcess, STATION_TOKENS, type ServerProcess } from './serverProcess';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const STATION_AUTH = { stationId: 'astana', token: STATION_TOKENS.astana };

function connect(
  url: string,
  nsp: string,
  transport: 'polling' | 'websocket',
  options: object,
): Promise<Socket> {
  const socket = io(`${url}${nsp}`, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function uncaughtCounts(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^ortaq_uncaught_errors_total\{kind="(\w+)"\} (\d+)$/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

describe('requests that must not end the server', () => {
  let dataDir: string;
  let server: ServerProcess;
  let admin: Session;
  beforeAll(async () => {
    dataDir = tempDir('ortaq-engine-');
    server = await startServerProcess(dataDir, await freePort(), ['test/fixtures/faultyRoutes.ts']);
    admin = await login(server.url, 'admin');
  }, 60_000);
  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const expectAlive = async () => {
    expect(server.child.exitCode, server.output()).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  };

  it('answers engine.io long-polling GET and POST for /, /live and /ingest through engine.io only', async () => {
    // The request pair that used to end the process: a handshake, then a POST to the default namespace.
    const anonymous = await openPolling(server.url);
    expect(await (await anonymous.post('40')).text()).toBe('ok');
    expect((await anonymous.poll()).packets).toEqual(['44{"message":"no_such_namespace"}']);

    const station = await openPolling(server.url);
    await station.post(`40${INGEST_NAMESPACE},${JSON.stringify(STATION_AUTH)}`);
    expect((await station.poll()).packets[0]).toMatch(/^40\/ingest,\{"sid":/);

    const dashboard = await openPolling(server.url, { cookie: admin.cookie });
    await dashboard.post(`40${LIVE_NAMESPACE},`);
    expect((await dashboard.poll()).packets[0]).toMatch(/^40\/live,\{"sid":/);
    // A long-poll GET waiting while a POST arrives: the ack of the POSTed subscription answers the GET.
    const waiting = dashboard.poll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await dashboard.post(`42${LIVE_NAMESPACE},1["subscribe",{"spacecraft":["imece"]}]`)).status).toBe(
      200,
    );
    expect((await waiting).packets[0]).toMatch(/^43\/live,1\[\{"data":/);

    await expectAlive();
    expect(await uncaughtCounts(server.url)).toEqual({ exception: 0, rejection: 0 });
    expect(server.output()).not.toContain('ERR_HTTP_HEADERS_SENT');
  });

  it.each(['polling', 'websocket'] as const)('serves stations and dashboards over %s', async (transport) => {
    const station = await connect(server.url, INGEST_NAMESPACE, transport, { auth: STATION_AUTH });
    const batch = Array.from({ length: 20 }, (_, i) => ({
      bytes: buildFrame({
        spacecraftId: 'imece',
        sequenceCount: i,
        timeMs: T0 + (transport === 'polling' ? i : 100 + i),
      }),
    }));
    const ack = (await station.timeout(10_000).emitWithAck('frames', batch)) as { results: FrameAck[] };
    expect(ack.results.every((r) => r.ok && r.status === 'stored')).toBe(true);
    station.close();

    const dashboard = await connect(server.url, LIVE_NAMESPACE, transport, {
      extraHeaders: { cookie: admin.cookie },
    });
    const reply = (await dashboard
      .timeout(10_000)
      .emitWithAck('subscribe', { spacecraft: ['imece'] })) as LiveAck;
    expect('data' in reply).toBe(true);
    dashboard.close();

    await expectAlive();
    expect(await uncaughtCounts(server.url)).toEqual({ exception: 0, rejection: 0 });
  });

  it('answers 500 to the request whose work threw or rejected, counts it, and carries on', async () => {
    const thrown = await fetch(`${server.url}/__fault/throw`);
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({ error: 'internal_error' });
    const rejected = await fetch(`${server.url}/__fault/reject`);
    expect(rejected.status).toBe(500);
    await expectAlive();
    expect(await uncaughtCounts(server.url)).toEqual({ exception: 1, rejection: 1 });
    expect(server.output()).toContain('fault: thrown from a timer');
    expect(server.output()).toContain('fault: rejected and never handled');
    // Everything else still works.
    expect((await admin.fetch('/api/fleet')).status).toBe(200);
  });
});
