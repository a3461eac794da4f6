// Which notify store a node uses: the shared PostgreSQL database when DATABASE_URL is set (every node sees
// the same channels and one outbox), else notify.sqlite in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { createPostgresNotifyStore } from './postgres/store';
import { createSqliteNotifyStore } from './sqliteStore';
import type { NotifyStore } from './store';

export const NOTIFY_DB_FILE = 'notify.sqlite';

export async function openNotifyStore(choice: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<NotifyStore> {
  if (choice.databaseUrl) return createPostgresNotifyStore({ connectionString: choice.databaseUrl });
  const dir = path.resolve(choice.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  return createSqliteNotifyStore(path.join(dir, NOTIFY_DB_FILE));
}
