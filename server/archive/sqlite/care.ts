// The SQLite archive's and auth store's own care: integrity check, an online backup taken while the server
// writes (SQLite's backup API reads one consistent snapshot; WAL lets the server go on writing meanwhile),
// and a restore into an empty data folder. Used by `npm run archive` (server/archive/cli.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ARCHIVE_DB_FILE, AUTH_DB_FILE } from '../../sqlite/files';
import { ARCHIVE_KIND, AUTH_KIND, inspectSqliteFile, type DatabaseKind } from '../../sqlite/inspect';

/** The databases of a data folder, each with the name its backup gets beside the FILE given. */
const PARTS: { file: string; kind: DatabaseKind; backupOf: (target: string) => string }[] = [
  { file: ARCHIVE_DB_FILE, kind: ARCHIVE_KIND, backupOf: (target) => target },
  { file: AUTH_DB_FILE, kind: AUTH_KIND, backupOf: (target) => authBackupPath(target) },
];

/** Where the auth store's backup goes for a backup FILE: `x.sqlite` → `x.auth.sqlite`. */
export function authBackupPath(target: string): string {
  const ext = path.extname(target);
  return `${ext ? target.slice(0, -ext.length) : target}.auth${ext || '.sqlite'}`;
}

export interface CheckResult {
  file: string;
  ok: boolean;
  problems: string[];
}

/** PRAGMA integrity_check on every database of the folder that exists (read-only; fine while it runs). */
export function checkDataDir(dataDir: string): CheckResult[] {
  return PARTS.map((part) => path.join(dataDir, part.file))
    .filter((file) => fs.existsSync(file))
    .map((file) => checkFile(file, PARTS.find((p) => file.endsWith(p.file))!.kind));
}

export function checkFile(file: string, kind: DatabaseKind): CheckResult {
  try {
    inspectSqliteFile(file, kind);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('integrity_check(100)') as { integrity_check: string }[];
      const problems = rows.map((r) => r.integrity_check).filter((text) => text !== 'ok');
      return { file, ok: problems.length === 0, problems };
    } finally {
      db.close();
    }
  } catch (error) {
    return { file, ok: false, problems: [(error as Error).message] };
  }
}

/** Pages per backup step after the first: all of them, so a busy server cannot keep restarting the copy. */
const ALL_PAGES = 1_000_000_000;

/** Backs up the archive to `target` and the auth store beside it; returns the files written. */
export async function backupDataDir(dataDir: string, target: string): Promise<string[]> {
  const written: string[] = [];
  for (const part of PARTS) {
    const source = path.join(dataDir, part.file);
    if (!fs.existsSync(source)) {
      if (part.kind === ARCHIVE_KIND) throw new Error(`no archive at ${source}`);
      continue;
    }
    const destination = part.backupOf(target);
    if (fs.existsSync(destination)) throw new Error(`${destination} exists already: not overwritten`);
    inspectSqliteFile(source, part.kind);
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(destination, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    const check = checkFile(destination, part.kind);
    if (!check.ok) throw new Error(`backup ${destination} fails its check: ${check.problems.join('; ')}`);
    written.push(destination);
  }
  return written;
}

/** Restores a backup (and its auth store, when there is one) into a data folder that holds neither yet. */
export async function restoreDataDir(backup: string, dataDir: string): Promise<string[]> {
  fs.mkdirSync(dataDir, { recursive: true });
  const restored: string[] = [];
  for (const part of PARTS) {
    const source = part.backupOf(backup);
    const destination = path.join(dataDir, part.file);
    if (!fs.existsSync(source)) {
      if (part.kind === ARCHIVE_KIND) throw new Error(`no backup at ${source}`);
      continue;
    }
    for (const existing of [destination, `${destination}-wal`]) {
      if (fs.existsSync(existing))
        throw new Error(`${existing} exists: restore only into an empty data folder`);
    }
    const check = checkFile(source, part.kind);
    if (!check.ok) throw new Error(`${source} fails its check: ${check.problems.join('; ')}`);
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(destination, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    restored.push(destination);
  }
  return restored;
}
