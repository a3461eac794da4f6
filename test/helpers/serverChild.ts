// The real server (server/index.ts, as `npm start` runs it) in a child process on a loopback port, signing in
// its first admin with the test password and letting every partner see every spacecraft.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { openAgreement, TEST_PASSWORD } from './auth';

const root = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 60_000;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerChild {
  url: string;
  child: ChildProcess;
  /** The last 20 kB the server printed, for failure messages. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/**
 * Spawns the server on `port` with `dataDir`; resolves once /healthz answers. `env` adds or overrides;
 * `preload` names modules (paths from the project root) imported before the server, as `node --import` does.
 */
export async function spawnServer(
  dataDir: string,
  port: number,
  env: Record<string, string>,
  preload: string[] = [],
): Promise<ServerChild> {
  const agreementFile = path.join(dataDir, 'agreement.json');
  fs.writeFileSync(agreementFile, JSON.stringify(openAgreement()));
  const imports = ['tsx', ...preload.map((p) => `./${p}`)].flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [...imports, 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORTAQ_DATA_DIR: dataDir,
      ORTAQ_ADMIN_PASSWORD: TEST_PASSWORD,
      ORTAQ_AGREEMENT: agreementFile,
      // A first start flies a day of history before going live and one battery ages: tests that want either
      // ask for it, the others start at once and fly a nominal fleet.
      ORTAQ_SIM_BACKFILL_HOURS: '0',
      ORTAQ_SIM_ANOMALY: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, output: () => log, exited };
}
