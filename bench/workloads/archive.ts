// Reads back what a benchmark's server archived, after it stopped: the proof that an acknowledged frame was
// durable, not just acknowledged.
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from '../harness/appOptions';

export interface ArchiveCounts {
  frames: number;
  bytesOnDisk: number;
}

export function sqliteArchiveCounts(dataDir: string): ArchiveCounts {
  const db = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return { frames: count('frames'), bytesOnDisk: pages * pageSize };
  } finally {
    db.close();
  }
}
