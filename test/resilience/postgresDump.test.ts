// The PostgreSQL archive's backup as docs/operations.md describes it: pg_dump of the deployment's schema
// (archive and auth store), pg_restore into a freshly created database, and a server started on the
// restored copy serves the same frames and signs in the same users.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../../server/mission/shipped';
import type { StationsResponse } from '../../shared/protocol/api';
import { createAuth } from '../../server/auth';
import { createPostgresAuthStore } from '../../server/auth/postgres/store';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { loginAs, openAgreement, tempDir } from '../helpers/auth';
import { startServer, TEST_STATION_TOKENS, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch } from '../helpers/stations';
import { dropSchema, POSTGRES_SKIP_REASON, POSTGRES_URL, uniqueSchema } from '../helpers/stores';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const SKIP =
  POSTGRES_SKIP_REASON ?? (fs.existsSync(path.join(PG_BIN, 'pg_dump')) ? null : `no ${PG_BIN}/pg_dump`);
if (SKIP) console.warn(`\n*** PostgreSQL dump/restore test SKIPPED: ${SKIP} ***\n`);
const TITLE = 'a PostgreSQL archive dumped and restored into a new database';
const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

async function nodeOn(connectionString: string, schema: string): Promise<RunningServer> {
  const auth = createAuth({
    store: await createPostgresAuthStore({ connectionString, schema, maxConnections: 2 }),
    clock: systemClock,
    dictionary: DICTIONARY,
    agreement: openAgreement(),
  });
  await auth.stations.importConfigured(TEST_STATION_TOKENS);
  return startServer({
    store: await createPostgresStore({ connectionString, schema, maxConnections: 2 }),
    auth,
    stationAuth: auth.stations,
  });
}

function run(binary: string, args: string[]): void {
  const result = spawnSync(path.join(PG_BIN, binary), args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || String(result.error)}`);
}

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  const schema = uniqueSchema();
  const database = `ortaq_restore_${randomBytes(6).toString('hex')}`;
  const dir = tempDir('ortaq-dump-');
  const cleanup: (() => Promise<void>)[] = [];
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL! });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch((e: Error) => console.error(e.message));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same frames and users from the restored copy', async () => {
    const original = await nodeOn(POSTGRES_URL!, schema);
    cleanup.push(() => dropSchema(POSTGRES_URL!, schema));
    cleanup.push(() => original.stop());
    const station = await connectStation(original.url, 'astana', 'astana-secret');
    const batch = Array.from({ length: 50 }, (_, i) => ({
      bytes: buildFrame({ sequenceCount: i + 1, timeMs: T0 + i * 1000 }),
    }));
    const ack = await sendBatch(station, batch);
    station.close();
    expect('results' in ack && ack.results.every((r) => r.ok && r.status === 'stored')).toBe(true);
    await original.app.flush();
    const before = await original.app.archive.frames({ fromMs: T0, toMs: T0 + 60_000, limit: 1000 });

    // As docs/operations.md: custom format, the deployment's schema only, no owners (restorable anywhere).
    const dump = path.join(dir, 'ortaq.dump');
    const url = new URL(POSTGRES_URL!);
    run('pg_dump', ['--format=custom', `--schema=${schema}`, '--no-owner', `--file=${dump}`, POSTGRES_URL!]);
    await admin(`CREATE DATABASE ${database}`);
    cleanup.push(() => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    url.pathname = `/${database}`;
    run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url.toString()}`, dump]);

    const restored = await nodeOn(url.toString(), schema);
    cleanup.push(() => restored.stop());
    const after = await restored.app.archive.frames({ fromMs: T0, toMs: T0 + 60_000, limit: 1000 });
    expect(after).toEqual(before);
    // The auth store came along: the admin the original node created signs in on the restored one.
    const session = await loginAs(restored, 'admin');
    const stations = await session.json<StationsResponse>('/api/stations');
    expect(stations.body.stations.find((s) => s.stationId === 'astana')?.uniqueFrames).toBe(50);
    // Still an archive that takes frames (its partitions and sequences came back too).
    const late = await connectStation(restored.url, 'astana', 'astana-secret');
    const next = await sendBatch(late, [{ bytes: buildFrame({ sequenceCount: 51, timeMs: T0 + 50_000 }) }]);
    late.close();
    expect(next).toEqual({ results: [{ ok: true, status: 'stored' }] });
  });
});
