// Runs the real server (server/index.ts, as `npm start` does) with its built-in simulator in a child
// process on a free loopback port and a throw-away data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { forgetSession, login, openAgreement, rememberSession, TEST_PASSWORD } from './auth';

const root = path.resolve(import.meta.dirname, '../..');

export interface OrtaqProcess {
  url: string;
  /** What the server printed, for failure messages. */
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${output()}`);
}

/** Starts the server with the simulator; `env` adds or overrides variables (e.g. simulation speed). */
export async function startOrtaq(env: Record<string, string> = {}): Promise<OrtaqProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-e2e-'));
  // The first admin gets a known password (sign in with signInPage) and sees every spacecraft.
  const agreementFile = path.join(dataDir, 'agreement.json');
  fs.writeFileSync(agreementFile, JSON.stringify(openAgreement()));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORTAQ_DATA_DIR: dataDir,
      ORTAQ_SIM: 'on',
      ORTAQ_ADMIN_PASSWORD: TEST_PASSWORD,
      ORTAQ_AGREEMENT: agreementFile,
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
  const url = `http://127.0.0.1:${port}`;
  const output = () => log;
  try {
    await waitForHealth(url, child, 60_000, output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // Signed in as the first admin: authedFetch sends this session to the server (pages use signInPage).
  rememberSession(url, (await login(url, 'admin')).cookie);
  return {
    url,
    output,
    stop: async () => {
      forgetSession(url);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
