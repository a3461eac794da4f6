import path from 'node:path';

/** Users, sessions, tokens and the audit log live in their own SQLite file beside the archive. */
export const AUTH_DB_FILE = 'auth.sqlite';

export function authDatabasePath(dataDir = 'data'): { dir: string; file: string } {
  const dir = path.resolve(dataDir);
  return { dir, file: path.join(dir, AUTH_DB_FILE) };
}
