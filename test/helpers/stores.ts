// The archives the server suite runs against. Every store-agnostic test loops over STORE_FACTORIES with
// describe.each, so a new archive (PostgreSQL) is one more entry here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';

/** One empty archive for one test; `open` may be called again after `close` to simulate a restart. */
export interface StoreHandle {
  open(): Promise<Store>;
  /** Removes whatever the archive left behind (files, schemas). */
  dispose(): Promise<void>;
}

export interface StoreFactory {
  name: string;
  create(): Promise<StoreHandle>;
}

export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  create: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-test-'));
    // NORMAL keeps the tests fast; durability under FULL is the same code path plus an fsync.
    return Promise.resolve({
      open: () =>
        Promise.resolve(createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' })),
      dispose: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    });
  },
};

/**
 * The PostgreSQL the scale-out tests use: ORTAQ_TEST_DATABASE_URL, or the local development server (trust
 * auth, database `test`) as user postgres or root, whichever exists.
 */
const POSTGRES_CANDIDATES = process.env.ORTAQ_TEST_DATABASE_URL
  ? [process.env.ORTAQ_TEST_DATABASE_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

async function findPostgres(): Promise<{ url: string } | { reason: string }> {
  const reasons: string[] = [];
  for (const url of POSTGRES_CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return { url };
    } catch (error) {
      reasons.push(`${url.replace(/:[^:@/]*@/, '@')}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return { reason: reasons.join('; ') };
}

/** Reachable PostgreSQL, or why the PostgreSQL and scale-out tests are skipped on this machine. */
export const POSTGRES = await findPostgres();
export const POSTGRES_URL = 'url' in POSTGRES ? POSTGRES.url : null;
export const POSTGRES_SKIP_REASON =
  'reason' in POSTGRES ? `PostgreSQL not reachable (${POSTGRES.reason})` : null;

/** A schema of its own per test archive, so test files running in parallel never share tables. */
export function uniqueSchema(): string {
  return `ortaq_t_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function postgresFactory(url: string): StoreFactory {
  return {
    name: 'postgres',
    create: () => {
      const schema = uniqueSchema();
      return Promise.resolve({
        open: () => createPostgresStore({ connectionString: url, schema, maxConnections: 4 }),
        dispose: () => dropSchema(url, schema),
      });
    },
  };
}

if (POSTGRES_SKIP_REASON) {
  console.warn(
    `\n*** PostgreSQL suite SKIPPED: ${POSTGRES_SKIP_REASON}. The server tests ran on SQLite only. ***\n`,
  );
}

export const STORE_FACTORIES: StoreFactory[] = POSTGRES_URL
  ? [sqliteFactory, postgresFactory(POSTGRES_URL)]
  : [sqliteFactory];
