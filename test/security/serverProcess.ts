// The real server (server/index.ts) in a child process on a fixed loopback port and a data folder that
// outlives it, so a test can kill it (SIGKILL or SIGTERM) and start it again on the same archive.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { openAgreement, TEST_PASSWORD } from '../helpers/auth';

const root = path.resolve(import.meta.dirname, '../..');

export const STATION_TOKENS = { astana: 'astana-crash-token', ankara: 'ankara-crash-token' };

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts the server without the simulator; resolves once /healthz answers. */
export async function startServerProcess(dataDir: string, port: number): Promise<ServerProcess> {
  const agreementFile = path.join(dataDir, 'agreement.json');
  fs.writeFileSync(agreementFile, JSON.stringify(openAgreement()));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORTAQ_DATA_DIR: dataDir,
      ORTAQ_SIM: 'off',
      ORTAQ_STATION_TOKENS: Object.entries(STATION_TOKENS)
        .map(([id, token]) => `${id}:${token}`)
        .join(','),
      ORTAQ_ADMIN_PASSWORD: TEST_PASSWORD,
      ORTAQ_AGREEMENT: agreementFile,
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
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, child, output: () => log, exited };
}
