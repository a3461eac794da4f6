// Which auth store a node (or `npm run user`) uses: the shared PostgreSQL database when DATABASE_URL is set,
// so every node sees the same users, sessions, tokens and kiosk links; else auth.sqlite in the data folder.
import fs from 'node:fs';
import { authDatabasePath } from './paths';
import { createPostgresAuthStore } from './postgres/store';
import { createSqliteAuthStore } from './sqliteStore';
import type { AuthStore } from './store';

export interface AuthStoreChoice {
  databaseUrl: string | undefined;
  dataDir: string | undefined;
}

export async function openAuthStore(choice: AuthStoreChoice): Promise<AuthStore> {
  if (choice.databaseUrl) return createPostgresAuthStore({ connectionString: choice.databaseUrl });
  const { dir, file } = authDatabasePath(choice.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  return createSqliteAuthStore(file);
}
