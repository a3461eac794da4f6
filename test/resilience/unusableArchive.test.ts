// A damaged or foreign SQLite file where the archive or the auth store should be: the server refuses to
// start with a message naming the file, exits non-zero, and leaves the file byte for byte as it was.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { tempDir } from '../helpers/auth';
import { buildFrame, codec } from '../helpers/stations';
import { freePort } from '../helpers/privateServices';

const ROOT = path.resolve(import.meta.dirname, '../..');
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

/** Runs server/index.ts on `dataDir` until it exits (or 30 s); resolves with its exit code and output. */
async function startOn(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ORTAQ_DATA_DIR: dataDir, ORTAQ_SIM: 'off', PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

const digest = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A real archive with a few frames, then a page in its middle overwritten with junk. */
async function damagedArchive(file: string): Promise<void> {
  const store = createSqliteStore({ file });
  const frames = Array.from({ length: 400 }, (_, i) => {
    const bytes = buildFrame({ sequenceCount: i + 1, timeMs: T0 + i * 1000 });
    const decoded = codec.decode(bytes);
    if (!decoded.ok) throw new Error(decoded.error);
    const f = decoded.frame;
    return {
      stationId: 'astana',
      spacecraftId: f.spacecraft.id,
      apid: f.apid,
      sequenceCount: f.sequenceCount,
      timeMs: f.timeMs,
      playback: false,
      receivedMs: T0,
      ertMs: null,
      snrDb: null,
      bytes,
      parameterIds: f.packet.parameters.map((p) => p.id),
      values: f.eng,
    };
  });
  await store.commit({ frames, alarms: [], events: [], stations: [], downlink: [] });
  await store.close();
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

describe('an unusable database file at start', { timeout: 60_000 }, () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string, (file: string) => Promise<void> | void, RegExp][] = [
    [
      'ortaq.sqlite',
      'not SQLite at all',
      (f) => fs.writeFileSync(f, 'these are not the bytes of a database\n'.repeat(200)),
      /is not an SQLite database/,
    ],
    [
      'ortaq.sqlite',
      'a foreign SQLite database',
      (f) => {
        const db = new Database(f);
        db.exec(
          "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'x')",
        );
        db.close();
      },
      /is not an Ortaq archive \(it holds tables customers\)/,
    ],
    ['ortaq.sqlite', 'a damaged archive', damagedArchive, /is damaged/],
    [
      'auth.sqlite',
      'not SQLite at all',
      (f) => fs.writeFileSync(f, Buffer.alloc(8192, 0x42)),
      /is not an SQLite database/,
    ],
  ];

  it.each(cases)('%s holding %s: named, untouched, exit 2', async (name, _what, make, message) => {
    dir = tempDir('ortaq-unusable-');
    const file = path.join(dir, name);
    await make(file);
    const before = digest(file);
    const walBefore = fs.existsSync(`${file}-wal`) ? digest(`${file}-wal`) : null;
    const { code, output } = await startOn(dir);
    expect(code).toBe(2);
    expect(output).toContain(`Ortaq cannot start: ${file}`);
    expect(output).toMatch(message);
    expect(digest(file)).toBe(before);
    // Nothing written beside it either: no log created, none replayed or changed.
    expect(fs.existsSync(`${file}-wal`) ? digest(`${file}-wal`) : null).toBe(walBefore);
  });
});
