// Starts and stops the server under test in a child process (serverChild.ts) and asks it for its resource
// use. BENCH_CPU_PROF=<dir> makes the server write a V8 CPU profile there when it stops.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchServerSpec } from './appOptions';
import type { ServerReply, ServerRequest, ServerStats } from './serverChild';

const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HARNESS_DIR, '..', '..');
// Generous: on a machine shared with other work, loading the TypeScript alone can take tens of seconds.
const START_TIMEOUT_MS = 90_000;

export interface ServerProcess {
  url: string;
  pid: number;
  stats(): Promise<ServerStats>;
  /** Closes the app cleanly; the process exits afterwards. */
  stop(): Promise<void>;
  /** Kills the process without a clean shutdown, as a crash would. */
  kill(): Promise<void>;
}

export function startServerProcess(spec: BenchServerSpec): Promise<ServerProcess> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child = fork(path.join(HARNESS_DIR, 'serverChild.ts'), [JSON.stringify(spec)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('server did not start in time'));
    }, START_TIMEOUT_MS);
    const onMessage = (reply: ServerReply) => {
      if (reply.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`server failed: ${reply.message}`));
      } else if (reply.type === 'ready') {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(controller(child, reply.url));
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready`));
    });
  });
}

function controller(child: ChildProcess, url: string): ServerProcess {
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = <T extends ServerReply['type']>(cmd: ServerRequest['cmd'], type: T) =>
    new Promise<Extract<ServerReply, { type: T }>>((resolve, reject) => {
      const id = nextId++;
      const onMessage = (reply: ServerReply) => {
        if (reply.type === type && 'id' in reply && reply.id === id) {
          child.off('message', onMessage);
          resolve(reply as Extract<ServerReply, { type: T }>);
        }
      };
      child.on('message', onMessage);
      if (!child.connected) reject(new Error('server process is gone'));
      else child.send({ cmd, id } satisfies ServerRequest);
    });
  return {
    url,
    pid: child.pid!,
    stats: async () => (await request('stats', 'stats')).stats,
    stop: async () => {
      if (child.exitCode === null && child.connected) {
        await Promise.race([request('stop', 'stopped'), exited]);
      }
      await exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
