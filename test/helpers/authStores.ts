// The auth stores the security suite runs against: SQLite (one node) and, when it is reachable, PostgreSQL
// (nodes sharing one database). Store-agnostic auth tests loop over AUTH_STORE_FACTORIES with describe.each,
// as the archive tests loop over STORE_FACTORIES.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { systemClock } from '../../shared/clock';
import { DICTIONARY } from '../../server/mission/shipped';
import { createAuth, type Agreement, type Auth, type AuthOptions } from '../../server/auth';
import { createPostgresAuthStore } from '../../server/auth/postgres/store';
import { createSqliteAuthStore } from '../../server/auth/sqliteStore';
import type { AuthStore } from '../../server/auth/store';
import { ManualClock } from './auth';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

export const AUTH_TABLES = [
  'auth_users',
  'auth_sessions',
  'auth_station_tokens',
  'auth_kiosks',
  'auth_audit',
];

/** One empty auth database for one test; `open` may be called again to see it as a restarted node would. */
export interface AuthStoreHandle {
  open(): Promise<AuthStore>;
  /** Every row of every auth table, as text: for checks that no secret is stored in clear. */
  dump(): Promise<string>;
  /** The environment under which `npm run user` (or a node) opens this same database. */
  env: Record<string, string>;
  /** Removes what the store left behind (files, schemas); its stores must be closed first. */
  dispose(): Promise<void>;
}

export interface AuthStoreFactory {
  name: string;
  create(): AuthStoreHandle;
}

export const sqliteAuthFactory: AuthStoreFactory = {
  name: 'sqlite',
  create: () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-auth-'));
    const file = path.join(dir, 'auth.sqlite');
    return {
      open: () => Promise.resolve(createSqliteAuthStore(file)),
      env: { ORTAQ_DATA_DIR: dir },
      dump: () => {
        const db = new Database(file, { readonly: true });
        try {
          return Promise.resolve(
            JSON.stringify(AUTH_TABLES.map((table) => db.prepare(`SELECT * FROM ${table}`).all())),
          );
        } finally {
          db.close();
        }
      },
      dispose: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  },
};

export function postgresAuthFactory(url: string): AuthStoreFactory {
  return {
    name: 'postgres',
    create: () => {
      const schema = uniqueSchema();
      return {
        open: () => createPostgresAuthStore({ connectionString: url, schema, maxConnections: 2 }),
        // The schema exists once open() has run.
        env: { DATABASE_URL: `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}` },
        dump: async () => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            const tables = [];
            for (const table of AUTH_TABLES) {
              tables.push((await client.query(`SELECT * FROM ${schema}.${table}`)).rows);
            }
            return JSON.stringify(tables);
          } finally {
            await client.end();
          }
        },
        dispose: () => dropSchema(url, schema),
      };
    },
  };
}

export const AUTH_STORE_FACTORIES: AuthStoreFactory[] = POSTGRES_URL
  ? [sqliteAuthFactory, postgresAuthFactory(POSTGRES_URL)]
  : [sqliteAuthFactory];

export interface TestAuth {
  auth: Auth;
  clock: ManualClock;
  store: AuthStoreHandle;
  /** Closes the auth room and removes its database. */
  dispose(): Promise<void>;
}

/** An auth room on a fresh database of the factory's kind, with a clock the test sets. */
export async function createTestAuth(
  factory: AuthStoreFactory = sqliteAuthFactory,
  options: Partial<Omit<AuthOptions, 'store' | 'clock'>> = {},
): Promise<TestAuth> {
  const store = factory.create();
  const clock = new ManualClock();
  const auth = createAuth({ store: await store.open(), clock, dictionary: DICTIONARY, ...options });
  return {
    auth,
    clock,
    store,
    dispose: async () => {
      await auth.close();
      await store.dispose();
    },
  };
}

/** An auth room for a running server (sessions on the wall clock); the server closes it, `dispose` cleans up. */
export async function createServerAuth(
  factory: AuthStoreFactory,
  agreement: Agreement,
): Promise<{ auth: Auth; dispose(): Promise<void> }> {
  const store = factory.create();
  const auth = createAuth({
    store: await store.open(),
    clock: systemClock,
    dictionary: DICTIONARY,
    agreement,
  });
  return { auth, dispose: () => store.dispose() };
}
