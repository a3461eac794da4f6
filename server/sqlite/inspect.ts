// Before Ortaq opens an existing SQLite file for writing (which would switch it to WAL and create tables),
// it makes sure the file is a readable SQLite database of the expected kind. A damaged or foreign file is
// left byte for byte as it was and the server refuses to start, naming the file.
import fs from 'node:fs';
import Database from 'better-sqlite3';

/** The file cannot be used; its message names it and says what to do. */
export class UnusableDatabaseError extends Error {}

export interface DatabaseKind {
  /** What the file should hold ("archive", "auth store"). */
  label: string;
  /** True for the tables of a database of this kind (of any of its schema versions). */
  recognise: (tables: readonly string[]) => boolean;
}

export const ARCHIVE_KIND: DatabaseKind = {
  label: 'archive',
  recognise: (tables) => tables.includes('frames') && tables.includes('names'),
};

export const AUTH_KIND: DatabaseKind = {
  label: 'auth store',
  recognise: (tables) => tables.includes('auth_users'),
};

const SQLITE_HEADER = 'SQLite format 3\0';
/**
 * Files up to this size get a full quick_check at start (about a second for this much on a laptop disk);
 * a larger archive is checked for its header and schema only, and in full by `npm run archive -- check`.
 */
const START_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export function inspectSqliteFile(file: string, kind: DatabaseKind): void {
  if (file === ':memory:' || !fs.existsSync(file) || fs.statSync(file).size === 0) return;
  const advice =
    'Ortaq has left it untouched; restore it from a backup (npm run archive -- restore) or move it away.';
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new UnusableDatabaseError(`${file} is not an SQLite database (its header is wrong). ${advice}`);
  }
  let tables: string[];
  // Reading a WAL-mode file creates its -wal and -shm files: those this look created, it removes again.
  const created = ['-wal', '-shm'].map((suffix) => `${file}${suffix}`).filter((f) => !fs.existsSync(f));
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((row) => row.name);
      if (fs.statSync(file).size <= START_CHECK_MAX_BYTES) {
        const check = db.pragma('quick_check(1)', { simple: true });
        if (check !== 'ok') throw new Error(String(check));
      }
    } finally {
      db.close();
      for (const leftover of created) fs.rmSync(leftover, { force: true });
    }
  } catch (error) {
    throw new UnusableDatabaseError(`${file} is damaged: ${(error as Error).message}. ${advice}`);
  }
  if (tables.length > 0 && !kind.recognise(tables)) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
    throw new UnusableDatabaseError(
      `${file} is not an Ortaq ${kind.label} (it holds tables ${shown}). ${advice}`,
    );
  }
}
