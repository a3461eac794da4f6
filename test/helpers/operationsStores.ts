// The operations stores the shift-log tests run against: a SQLite file in a temporary folder, and PostgreSQL
// in a schema of its own when a server is reachable. `open` may be called again after the store is closed to
// simulate a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresOperationsStore } from '../../server/operations/postgres/store';
import { createSqliteOperationsStore } from '../../server/operations/sqliteStore';
import type { OperationsStore } from '../../server/operations/store';
import { dropSchema, POSTGRES_URL, uniqueSchema } from './stores';

export interface OperationsStoreHandle {
  open(): Promise<OperationsStore>;
  dispose(): Promise<void>;
}

export interface OperationsStoreKind {
  name: string;
  create(): OperationsStoreHandle;
}

export const OPERATIONS_STORE_KINDS: OperationsStoreKind[] = [
  {
    name: 'sqlite',
    create: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-ops-'));
      return {
        open: () => Promise.resolve(createSqliteOperationsStore(path.join(dir, 'operations.sqlite'))),
        dispose: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })),
      };
    },
  },
  ...(POSTGRES_URL
    ? [
        {
          name: 'postgres',
          create: () => {
            const schema = uniqueSchema();
            return {
              open: () => createPostgresOperationsStore({ connectionString: POSTGRES_URL!, schema }),
              dispose: () => dropSchema(POSTGRES_URL!, schema),
            };
          },
        },
      ]
    : []),
];
