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
  /** Closes the Store and opens the archive again (a restart: migrations not applied yet run), as `store`. */
  reopen(): Promise<void>;
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
    const open = () => createSqliteStore({ file, synchronous: 'NORMAL' });
    const raw: RawArchive = {
      engine: 'sqlite' as const,
      store: open(),
      reopen: async () => {
        await raw.store.close();
        raw.store = open();
      },
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
        await raw.store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    return Promise.resolve(raw);
  },
};

function postgresRaw(url: string): RawArchiveFactory {
  return {
    name: 'postgres',
    create: async () => {
      const schema = uniqueSchema();
      const open = () => createPostgresStore({ connectionString: url, schema, maxConnections: 4 });
      const raw: RawArchive = {
        engine: 'postgres' as const,
        store: await open(),
        reopen: async () => {
          await raw.store.close();
          raw.store = await open();
        },
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
          await raw.store.close();
          await dropSchema(url, schema);
        },
      };
      return raw;
    },
  };
}

export const RAW_ARCHIVES: RawArchiveFactory[] = POSTGRES_URL
  ? [sqliteRaw, postgresRaw(POSTGRES_URL)]
  : [sqliteRaw];
