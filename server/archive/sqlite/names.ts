import type Database from 'better-sqlite3';

export type NameKind = 'spacecraft' | 'parameter' | 'station';

/** Small integer ids for spacecraft, parameters and stations, assigned on first use and cached. */
export class NameIds {
  // One map per kind: the archive looks up several names for every frame it writes, and a composite string
  // key would be built for each of those lookups.
  private readonly cache: Record<NameKind, Map<string, number>> = {
    spacecraft: new Map(),
    parameter: new Map(),
    station: new Map(),
  };
  private readonly byId = new Map<number, string>();
  /** Names created by the transaction under way: forgotten if it rolls back. */
  private uncommitted: { kind: NameKind; name: string; id: number }[] = [];
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
      this.cache[row.kind as NameKind]?.set(row.name, row.id);
      this.byId.set(row.id, row.name);
    }
  }

  /** The id of a name, created if new (call inside the write transaction). */
  idOf(kind: NameKind, name: string): number {
    const cached = this.cache[kind].get(name);
    if (cached !== undefined) return cached;
    const found = this.select.get(kind, name)?.id;
    const id = found ?? Number(this.insert.run(kind, name).lastInsertRowid);
    if (found === undefined) this.uncommitted.push({ kind, name, id });
    this.cache[kind].set(name, id);
    this.byId.set(id, name);
    return id;
  }

  /** The transaction ended (committed or not): what it created is no longer pending. */
  settle(): void {
    this.uncommitted = [];
  }

  /** The transaction rolled back: its new names were never stored, and their ids may be given again. */
  forgetUncommitted(): void {
    for (const { kind, name, id } of this.uncommitted) {
      this.cache[kind].delete(name);
      this.byId.delete(id);
    }
    this.uncommitted = [];
  }

  /** The id of a name if it was ever stored (for queries: an unknown name has no data). */
  find(kind: NameKind, name: string): number | undefined {
    return this.cache[kind].get(name);
  }

  /** Every id of one kind (for per-series maintenance such as pruning). */
  idsOf(kind: NameKind): number[] {
    return [...this.cache[kind].values()];
  }

  nameOf(id: number): string {
    return this.byId.get(id) ?? `#${id}`;
  }
}
