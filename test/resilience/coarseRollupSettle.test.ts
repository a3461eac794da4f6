// A settle of the PostgreSQL archive's coarse rollups (server/archive/postgres/coarseRollups.ts) that fails
// because the database restarted: nothing is thrown out of the ingest, the process goes on, the marks stay,
// and once the database is back the 10-minute and hour cells hold every committed sample.
// Runs on a PostgreSQL of its own (the machine's shared one is never restarted).
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PgCoarseRollups } from '../../server/archive/postgres/coarseRollups';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { SETTLE_EVERY_COMMITS } from '../../server/archive/rollup';
import type { Store } from '../../server/archive/types';
import { openPool } from '../../server/postgres/pool';
import { eventually } from '../helpers/cluster';
import { batchOf, expectedHistory, framesOf, historyOf, samplesOf } from '../helpers/coarseRollups';
import { PrivatePostgres, privatePostgresSkipReason } from '../helpers/privateServices';

const SKIP = privatePostgresSkipReason();
if (SKIP) console.warn(`\n*** coarse rollup settle outage test SKIPPED: ${SKIP} ***\n`);
const TITLE = 'coarse rollups settling while the archive database restarts';

describe.skipIf(SKIP !== null)(SKIP ? `${TITLE} (skipped: ${SKIP})` : TITLE, { timeout: 60_000 }, () => {
  let database: PrivatePostgres;
  let schema = 0;
  let url: string;
  let store: Store | undefined;

  const pendingMarks = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number(
        (await client.query<{ n: string }>('SELECT count(*) AS n FROM rollup_pending')).rows[0]!.n,
      );
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await PrivatePostgres.start();
  }, 60_000);

  afterAll(() => {
    database?.dispose();
  });

  beforeEach(async () => {
    // A database of its own per test: the stores use the connection's default schema.
    schema++;
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE settle_${schema}`);
    await admin.end();
    url = database.url.replace(/\/postgres$/, `/settle_${schema}`);
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('leaves the marks of a background settle that failed, and throws nothing out', async () => {
    store = await createPostgresStore({ connectionString: url, maxConnections: 3 });
    const frames = framesOf(0);
    for (let i = 0; i < frames.length; i += 200) await store.commit(batchOf(frames.slice(i, i + 200)));
    const marks = await pendingMarks();
    expect(marks).toBeGreaterThan(0);

    const pool = openPool({ connectionString: url, max: 1, label: 'settle test' });
    const failures: unknown[] = [];
    const rollups = new PgCoarseRollups(pool, (error) => failures.push(error));
    database.stopServer();
    try {
      for (let i = 0; i < SETTLE_EVERY_COMMITS; i++) rollups.committed(0);
      await rollups.idle();
      expect(failures).toHaveLength(1);
      // A read cannot settle either: it fails, as any read does while the database is away.
      await expect(historyOf(store)).rejects.toThrow();
    } finally {
      database.startServer();
      await pool.end();
    }
    expect(await pendingMarks()).toBe(marks);
    const expected = expectedHistory(samplesOf(frames));
    await eventually(async () => expect(await historyOf(store!)).toEqual(expected), 10_000);
    expect(await pendingMarks()).toBe(0);
  });

  it("rebuilds every committed sample when the database restarts under the store's own settle", async () => {
    store = await createPostgresStore({ connectionString: url, maxConnections: 3 });
    const frames = framesOf(0);
    // Commit number SETTLE_EVERY_COMMITS starts a settle in the background; the database stops under it.
    const size = Math.ceil(frames.length / SETTLE_EVERY_COMMITS);
    for (let i = 0; i < SETTLE_EVERY_COMMITS; i++) {
      expect(await store.commit(batchOf(frames.slice(i * size, (i + 1) * size)))).not.toContain(false);
    }
    database.stopServer();
    database.startServer();
    const late = framesOf(1);
    await eventually(async () => {
      expect(await store!.commit(batchOf(late))).not.toContain(false);
    }, 10_000);
    expect(await historyOf(store)).toEqual(expectedHistory(samplesOf([...frames, ...late])));
    expect(await pendingMarks()).toBe(0);
  });
});
