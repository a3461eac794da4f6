// Numbered migrations for the rooms that keep their own SQLite file beside the archive (notifications,
// operations): the same versions as their PostgreSQL migrations, recorded in the set's own table.
import type Database from 'better-sqlite3';
import type { Migration } from '../postgres/migrations';

export interface SqliteMigrationSet {
  /** What the tables hold, for error messages ("notify", "operations"). */
  name: string;
  /** The table recording the versions applied. */
  table: string;
  migrations: readonly Migration[];
}

/** Applies the migrations not applied yet, in one transaction; refuses a file newer than this server. */
export function migrateSqlite(db: Database.Database, set: SqliteMigrationSet): void {
  const { name, table, migrations } = set;
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL)`,
  );
  db.transaction(() => {
    const row = db.prepare(`SELECT max(version) AS v FROM ${table}`).get() as { v: number | null };
    const current = row.v ?? 0;
    const newest = migrations[migrations.length - 1]!.version;
    if (current > newest)
      throw new Error(`${name} schema ${current} is newer than this server's (${newest})`);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.prepare(`INSERT INTO ${table} (version, applied_at_ms) VALUES (?, ?)`).run(
        migration.version,
        Date.now(),
      );
    }
  })();
}
