// A PostgreSQL schema of its own for each test of a describe block: the stores the test opens on it, and an
// admin connection to read its tables; all closed, and the schema dropped, after each test.
import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { createPostgresStore } from '../../server/archive/postgres/store';
import type { Store } from '../../server/archive/types';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

export interface PostgresSchemaPerTest {
  /** This test's schema. */
  readonly schema: string;
  /** A connection outside the stores, for reading or altering the schema's tables. */
  readonly admin: pg.Client;
  /** A store on this test's schema (a node): closed after the test. */
  open(): Promise<Store>;
}

/** Call inside a describe block that runs only where PostgreSQL is reachable. */
export function postgresSchemaPerTest(maxConnections: number): PostgresSchemaPerTest {
  let schema = '';
  let admin: pg.Client | undefined;
  const stores: Store[] = [];
  beforeEach(async () => {
    schema = uniqueSchema();
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await admin?.end();
    await dropSchema(POSTGRES_URL!, schema);
  });
  return {
    get schema() {
      return schema;
    },
    get admin() {
      return admin!;
    },
    open: async () => {
      const store = await createPostgresStore({ connectionString: POSTGRES_URL!, schema, maxConnections });
      stores.push(store);
      return store;
    },
  };
}
