// `npm run archive -- check | backup FILE | restore FILE` round trip: a backup taken while the server runs
// its simulator (the archive written all the while) is one consistent snapshot, restores into an empty data
// folder, checks clean, and a server started on it serves what it holds, users included.
import { nextContactStart } from '../helpers/ortaqProcess';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StationsResponse } from '../../shared/protocol/api';
import { authBackupPath } from '../../server/archive/sqlite/care';
import { login, tempDir } from '../helpers/auth';
import { eventually } from '../helpers/cluster';
import { freePort, spawnServer, type ServerChild } from '../helpers/serverChild';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** `npm run archive -- …args` on a data folder; resolves with the exit code and output. */
async function archiveCli(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/archive/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ORTAQ_DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

const count = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function stop(server: ServerChild): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('archive care: check, backup while running, restore', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const servers: ServerChild[] = [];
  afterAll(async () => {
    for (const server of servers) await stop(server);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a consistent backup under ingest and serves it after a restore', async () => {
    const [live, restored, backups] = [
      tempDir('ortaq-live-'),
      tempDir('ortaq-restored-'),
      tempDir('ortaq-bk-'),
    ];
    dirs.push(live, restored, backups);
    fs.rmdirSync(restored);
    const server = await spawnServer(live, await freePort(), {
      ORTAQ_SIM: 'on',
      ORTAQ_SIM_SPEED: '5',
      // The simulator flies the present by default, when no station may hear anything for an hour.
      ORTAQ_SIM_START: nextContactStart(),
    });
    servers.push(server);
    const admin = await login(server.url, 'admin');
    await eventually(async () => {
      const { body } = await admin.json<StationsResponse>('/api/stations');
      expect(body.stations.some((s) => s.uniqueFrames > 0)).toBe(true);
    }, 60_000);

    const file = path.join(backups, 'ortaq-backup.sqlite');
    const backup = await archiveCli(live, 'backup', file);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toContain(`wrote ${file}`);
    expect(backup.output).toContain(`wrote ${authBackupPath(file)}`);
    // The server kept ingesting during the backup.
    expect(server.child.exitCode).toBeNull();
    // One snapshot: receptions (summed per second) and frames are written in the same transaction.
    const frames = count(file, 'SELECT count(*) AS n FROM frames');
    expect(frames).toBeGreaterThan(0);
    expect(count(file, 'SELECT total(uniq) AS n FROM receptions')).toBe(frames);
    const overwrite = await archiveCli(live, 'backup', file);
    expect(overwrite.code).toBe(1);
    expect(overwrite.output).toContain(`${file} exists already: not overwritten`);

    const check = await archiveCli(live, 'check');
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain(`${path.join(live, 'ortaq.sqlite')}: ok`);
    await stop(server);

    // Not over a folder that has an archive already.
    const refused = await archiveCli(live, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/restore only into an empty data folder/);

    const restore = await archiveCli(restored, 'restore', file);
    expect(restore.code, restore.output).toBe(0);
    expect((await archiveCli(restored, 'check')).code).toBe(0);
    expect(count(path.join(restored, 'ortaq.sqlite'), 'SELECT count(*) AS n FROM frames')).toBe(frames);

    const again = await spawnServer(restored, await freePort(), { ORTAQ_SIM: 'off' });
    servers.push(again);
    // The admin's password came back with the auth store; the station counters with the archive.
    const back = await login(again.url, 'admin');
    const { status, body } = await back.json<StationsResponse>('/api/stations');
    expect(status).toBe(200);
    const unique = body.stations.reduce((sum, s) => sum + s.uniqueFrames, 0);
    expect(unique).toBe(count(file, 'SELECT total(uniq) AS n FROM station_counters'));
    await stop(again);
  });

  it('reports a damaged archive and exits 1', async () => {
    const dir = tempDir('ortaq-check-');
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'ortaq.sqlite'), Buffer.alloc(4096, 7));
    const check = await archiveCli(dir, 'check');
    expect(check.code).toBe(1);
    expect(check.output).toContain(`${path.join(dir, 'ortaq.sqlite')}: DAMAGED`);
  });
});
