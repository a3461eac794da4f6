// The whole system as `npm start` runs it (server with its built-in simulator) in a child process on a free
// loopback port and a throw-away data folder, signed in as the first admin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DICTIONARY } from '../../server/mission/shipped';
import { nextSharedContactMs } from '../../server/sim/startEpoch';
import { forgetSession, login, rememberSession } from './auth';
import { freePort, spawnServer } from './serverChild';

export interface OrtaqProcess {
  url: string;
  /** What the server printed, for failure messages. */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * A simulated start at the next moment two stations share a pass, so frames flow within seconds (the
 * server's own default is the present, when the next contact may be an hour away).
 */
export function nextContactStart(fromMs = Date.now()): string {
  return new Date(nextSharedContactMs(DICTIONARY, fromMs) ?? fromMs).toISOString();
}

/**
 * Starts the server with the simulator; `env` adds or overrides variables (e.g. simulation speed). A
 * `dataDir` given is kept on stop (a restart on the same folder); otherwise a throw-away one is used.
 */
export async function startOrtaq(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<OrtaqProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-e2e-'));
  const server = await spawnServer(dataDir, await freePort(), {
    ORTAQ_SIM: 'on',
    ORTAQ_SIM_START: nextContactStart(),
    ...env,
  });
  // Signed in as the first admin: authedFetch sends this session to the server (pages use signInPage).
  try {
    rememberSession(server.url, (await login(server.url, 'admin')).cookie);
  } catch (error) {
    server.child.kill('SIGKILL');
    throw error;
  }
  return {
    url: server.url,
    output: server.output,
    stop: async () => {
      forgetSession(server.url);
      if (server.child.exitCode === null) {
        server.child.kill('SIGTERM');
        const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
        await server.exited;
        clearTimeout(timer);
      }
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
