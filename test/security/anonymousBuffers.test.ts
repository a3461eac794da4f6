// Nobody holds the server's memory before signing in: a connection that has not authenticated as a station
// gets socket.io's stock limits (10 binary attachments, 1 MB), whatever it declares, and is closed the moment
// it asks for more; only an authenticated station may send a whole batch. Runs the real server in a child
// process and reads its resident memory from /proc.
import fs from 'node:fs';
import { io, Manager } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_NAMESPACE, MAX_BATCH_FRAMES, type FrameAck } from '../../shared/protocol/ingest';
import { tempDir } from '../helpers/auth';
import { buildFrame } from '../helpers/stations';
import { freePort, startServerProcess, STATION_TOKENS, type ServerProcess } from './serverProcess';

const MB = 1_000_000;
/** Long enough for a loaded machine; the refusal counter tells the parser's closes from the sign-in deadline's. */
const WAIT_MS = 15_000;
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) * 1024;
}

/** A binary event head declaring `count` attachments on `nsp` (socket.io packet type 5). */
const binaryHead = (nsp: string, count: number) =>
  `5${count}-${nsp},["subscribe",${Array.from({ length: count }, (_, num) => `{"_placeholder":true,"num":${num}}`).join(',')}]`;

/** Opens a bare engine.io WebSocket, sends `messages`, resolves with ms until the server closed it (or null). */
async function sendAnonymously(
  url: string,
  messages: (string | Buffer)[],
  waitMs: number,
): Promise<number | null> {
  const manager = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false });
  await new Promise<void>((resolve, reject) => manager.open((error) => (error ? reject(error) : resolve())));
  const engine = manager.engine;
  const started = Date.now();
  const closed = new Promise<number>((resolve) => engine.on('close', () => resolve(Date.now() - started)));
  for (const message of messages) engine.send(message);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs));
  const result = await Promise.race([closed, timeout]);
  engine.close();
  return result;
}

describe('limits before authentication', () => {
  let dataDir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dataDir = tempDir('ortaq-buffers-');
    server = await startServerProcess(dataDir, await freePort());
  }, 120_000);
  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Anonymous connections that declare thousands of attachments, or send megabytes within ten of them. */
  async function attack(): Promise<{ declared: (number | null)[]; heavy: (number | null)[] }> {
    const declared = await Promise.all(
      [1500, 1999, 5000].flatMap((count) =>
        ['/live', INGEST_NAMESPACE, '/'].map((nsp) =>
          sendAnonymously(server.url, [binaryHead(nsp, count)], WAIT_MS),
        ),
      ),
    );
    const chunk = Buffer.alloc(0.9 * MB, 7);
    const heavy = await Promise.all(
      Array.from({ length: 20 }, () =>
        sendAnonymously(
          server.url,
          [binaryHead('/live', 9), ...Array.from({ length: 3 }, () => chunk)],
          WAIT_MS,
        ),
      ),
    );
    return { declared, heavy };
  }

  it('closes anonymous connections declaring thousands of attachments or sending megabytes; memory stays flat', async () => {
    // Every one is closed, and counted as refused by the parser (not merely timed out by the sign-in deadline).
    // The first round also lets the allocator reach its working size; the rounds after it must not grow the
    // process.
    const closedWithin = (times: (number | null)[]) => times.every((ms) => ms !== null);
    const first = await attack();
    expect(closedWithin(first.declared), String(first.declared)).toBe(true);
    expect(closedWithin(first.heavy), String(first.heavy)).toBe(true);
    const before = residentBytes(server.child.pid!);
    for (let round = 0; round < 2; round++) {
      const { declared, heavy } = await attack();
      expect(closedWithin([...declared, ...heavy])).toBe(true);
    }
    // Each round would hold 20 × 2.7 MB if the bytes were kept.
    expect(residentBytes(server.child.pid!) - before).toBeLessThan(40 * MB);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^ortaq_messages_over_budget_total (\d+)$/m.exec(metrics)![1])).toBe(3 * 29);
    expect(metrics).toMatch(/^ortaq_socket_pending_bytes 0$/m);
    expect(server.child.exitCode).toBeNull();
  }, 120_000);

  it('lets an authenticated station send a whole batch', async () => {
    const station = io(`${server.url}${INGEST_NAMESPACE}`, {
      auth: { stationId: 'astana', token: STATION_TOKENS.astana },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const batch = Array.from({ length: MAX_BATCH_FRAMES }, (_, i) => ({
      bytes: buildFrame({ spacecraftId: 'kazeosat-2', sequenceCount: i, timeMs: T0 + i * 100 }),
    }));
    const ack = (await station.timeout(20_000).emitWithAck('frames', batch)) as { results: FrameAck[] };
    station.close();
    expect(ack.results).toHaveLength(MAX_BATCH_FRAMES);
    expect(ack.results.every((r) => r.ok && r.status === 'stored')).toBe(true);
  }, 30_000);
});
