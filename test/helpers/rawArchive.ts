// An archive a test may also reach behind the Store's back, with plain SQL: how the ledger tests tamper
// with receptions and ledger days the way someone with access to the database file or server could.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresStore } from '../../server/archive/postgres/store';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

export interface RawArchive {
  engine: 'sqlite' | 'postgres';
  store: Store;
  /** Runs SQL directly on the archive's database (the Store stays open). */
  exec(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface RawArchiveFactory {
  name: 'sqlite' | 'postgres';
  create(): Promise<RawArchive>;
}

const sqliteRaw: RawArchiveFactory = {
  name: 'sqlite',
  create: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-ledger-'));
    const file = path.join(dir, 'ortaq.sqlite');
    const store = createSqliteStore({ file, synchronous: 'NORMAL' });
    return Promise.resolve({
      engine: 'sqlite' as const,
      store,
      exec: async (sql: string) => {
        await Promise.resolve();
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      dispose: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    });
  },
};

function postgresRaw(url: string): RawArchiveFactory {
  return {
    name: 'postgres',
    create: async () => {
      const schema = uniqueSchema();
      const store = await createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
      return {
        engine: 'postgres' as const,
        store,
        exec: async (sql: string) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`SET search_path TO ${schema}`);
            await client.query(sql);
          } finally {
            await client.end();
          }
        },
        dispose: async () => {
          await store.close();
          await dropSchema(url, schema);
        },
      };
    },
  };
}

export const RAW_ARCHIVES: RawArchiveFactory[] = POSTGRES_URL
  ? [sqliteRaw, postgresRaw(POSTGRES_URL)]
  : [sqliteRaw];
