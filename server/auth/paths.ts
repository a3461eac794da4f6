import path from 'node:path';
import { AUTH_DB_FILE } from '../sqlite/files';

export function authDatabasePath(dataDir = 'data'): { dir: string; file: string } {
  const dir = path.resolve(dataDir);
  return { dir, file: path.join(dir, AUTH_DB_FILE) };
}
