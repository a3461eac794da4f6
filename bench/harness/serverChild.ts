// The server under test, in its own process so that the load generators in the benchmark process do not
// share its event loop: `createApp` exactly as server/index.ts builds it, listening on port 0 on loopback.
// It answers the controller in serverProcess.ts over IPC: its URL once listening, its resource use on
// request, and a clean shutdown.
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { benchApp, type BenchServerSpec } from './appOptions';
import { createEchoServer } from './echoServer';

export type ServerRequest = { cmd: 'stats'; id: number } | { cmd: 'stop'; id: number };

export interface ServerStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** CPU time used since the process started, user + system, in ms. */
  cpuMs: number;
  uptimeMs: number;
}

export type ServerReply =
  | { type: 'ready'; url: string }
  | { type: 'stats'; id: number; stats: ServerStats }
  | { type: 'stopped'; id: number }
  | { type: 'error'; message: string };

function send(reply: ServerReply, then: () => void = () => undefined): void {
  process.send!(reply, undefined, undefined, then);
}

function stats(): ServerStats {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    uptimeMs: process.uptime() * 1000,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as BenchServerSpec;
  const bench = spec.kind === 'echo' ? null : await benchApp(spec);
  const app = bench ? await createApp(bench.options) : createEchoServer();
  await new Promise<void>((resolve) => app.httpServer.listen(spec.port ?? 0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  bench?.afterListen(url);
  process.on('message', (request: ServerRequest) => {
    if (request.cmd === 'stats') send({ type: 'stats', id: request.id, stats: stats() });
    else void app.close().then(() => send({ type: 'stopped', id: request.id }, () => process.exit(0)));
  });
  send({ type: 'ready', url });
}

// The controller going away must not leave a server behind, even one still starting.
process.on('disconnect', () => process.exit(0));

main().catch((error: unknown) => {
  send(
    { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    () => process.exit(1),
  );
});
