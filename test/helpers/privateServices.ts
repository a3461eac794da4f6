// PostgreSQL and Redis instances of a test's own, on free loopback ports in temporary folders, that the
// test may stop and restart at will. The machine's shared servers (5432, 6379) are never touched: other
// test files and other work use them at the same time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = process.env.ORTAQ_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const REDIS_SERVER = '/usr/bin/redis-server';
/** Any start, stop or command of a private server gives up after this long. */
const COMMAND_TIMEOUT_MS = 30_000;

/** A free TCP port on loopback (taken by the OS, then released for the server to bind). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

/** Why a private PostgreSQL cannot run here, or null. */
export function privatePostgresSkipReason(): string | null {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb'))) return `no PostgreSQL binaries in ${PG_BIN}`;
  if (isRoot && spawnSync('id', ['postgres']).status !== 0) {
    return 'running as root without a postgres user to run initdb as';
  }
  return null;
}

/** Runs a PostgreSQL binary, as the postgres user when this process is root (initdb refuses root). */
function runPg(binary: string, args: string[]): void {
  const command = isRoot ? 'runuser' : path.join(PG_BIN, binary);
  const argv = isRoot ? ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`);
  }
}

export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** initdb in a fresh folder and start it; trust authentication for user postgres on loopback only. */
  static async start(): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-pg-'));
    if (isRoot) spawnSync('chown', ['postgres:postgres', dir]);
    runPg('initdb', [
      '-D',
      path.join(dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const instance = new PrivatePostgres(dir, await freePort());
    instance.startServer();
    return instance;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the stopped server (same data, same port). */
  startServer(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
    runPg('pg_ctl', ['-D', path.join(this.dir, 'data'), '-o', options, '-l', this.logFile, '-w', 'start']);
  }

  /**
   * What `pg_ctlcluster … restart` does: fast shutdown, so every open connection is ended with 57P01
   * "terminating connection due to administrator command".
   */
  stopServer(): void {
    runPg('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }

  dispose(): void {
    try {
      runPg('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private get logFile(): string {
    return path.join(this.dir, 'postgres.log');
  }
}

export function privateRedisSkipReason(): string | null {
  return fs.existsSync(REDIS_SERVER) ? null : `no ${REDIS_SERVER}`;
}

export class PrivateRedis {
  private process: ChildProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const instance = new PrivateRedis(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-redis-')),
      await freePort(),
    );
    await instance.startServer();
    return instance;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server without persistence; resolves once it accepts connections. */
  async startServer(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(REDIS_SERVER, [...args, '--dir', this.dir], { stdio: 'ignore' });
    child.on('error', (error) => console.error('private redis:', error.message));
    this.process = child;
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    while (!(await accepts(this.port))) {
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the server this helper started (by its own process id) and waits for it to exit. */
  async stopServer(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stopServer();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
