// Which operations store a node uses: the shared PostgreSQL database when DATABASE_URL is set (every node sees
// the same windows), else operations.sqlite in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { createPostgresOperationsStore } from './postgres/store';
import { createSqliteOperationsStore } from './sqliteStore';
import type { OperationsStore } from './store';

export const OPERATIONS_DB_FILE = 'operations.sqlite';

export async function openOperationsStore(choice: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<OperationsStore> {
  if (choice.databaseUrl) return createPostgresOperationsStore({ connectionString: choice.databaseUrl });
  const dir = path.resolve(choice.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  return createSqliteOperationsStore(path.join(dir, OPERATIONS_DB_FILE));
}
