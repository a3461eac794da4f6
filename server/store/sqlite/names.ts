import type Database from 'better-sqlite3';

export type NameKind = 'spacecraft' | 'parameter' | 'station';

/** Small integer ids for spacecraft, parameters and stations, assigned on first use and cached. */
export class NameIds {
  private readonly cache = new Map<string, number>();
  private readonly byId = new Map<number, string>();
  private readonly select: Database.Statement<[string, string], { id: number }>;
  private readonly insert: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT id FROM names WHERE kind = ? AND name = ?');
    this.insert = db.prepare('INSERT INTO names (kind, name) VALUES (?, ?)');
    for (const row of db.prepare('SELECT id, kind, name FROM names').all() as {
      id: number;
      kind: string;
      name: string;
    }[]) {
      this.cache.set(`${row.kind}\u0000${row.name}`, row.id);
      this.byId.set(row.id, row.name);
    }
  }

  /** The id of a name, created if new (call inside the write transaction). */
  idOf(kind: NameKind, name: string): number {
    const key = `${kind}\u0000${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const id = this.select.get(kind, name)?.id ?? Number(this.insert.run(kind, name).lastInsertRowid);
    this.cache.set(key, id);
    this.byId.set(id, name);
    return id;
  }

  /** The id of a name if it was ever stored (for queries: an unknown name has no data). */
  find(kind: NameKind, name: string): number | undefined {
    return this.cache.get(`${kind}\u0000${name}`);
  }

  nameOf(id: number): string {
    return this.byId.get(id) ?? `#${id}`;
  }
}
