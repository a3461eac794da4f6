// Small integer ids for spacecraft, parameters and stations, shared by every node through the names table.
// Ids never change once given, so each node caches them; a name another node added is looked up on demand.
import type { Pool } from 'pg';

export type NameKind = 'spacecraft' | 'parameter' | 'station';

export class PgNames {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();

  constructor(private readonly pool: Pool) {}

  async load(): Promise<void> {
    const { rows } = await this.pool.query<{ id: number; kind: string; name: string }>(
      'SELECT id, kind, name FROM names',
    );
    for (const row of rows) this.remember(row.kind, row.name, row.id);
  }

  /** Ids of these names, created when new (outside the write transaction: an unused name is harmless). */
  async idsOf(kind: NameKind, names: Iterable<string>): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    const missing: string[] = [];
    for (const name of new Set(names)) {
      const id = this.ids.get(keyOf(kind, name));
      if (id === undefined) missing.push(name);
      else result.set(name, id);
    }
    if (missing.length > 0) {
      missing.sort();
      await this.pool.query(
        'INSERT INTO names (kind, name) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
        [kind, missing],
      );
      const { rows } = await this.pool.query<{ id: number; name: string }>(
        'SELECT id, name FROM names WHERE kind = $1 AND name = ANY($2::text[])',
        [kind, missing],
      );
      for (const row of rows) {
        this.remember(kind, row.name, row.id);
        result.set(row.name, row.id);
      }
    }
    return result;
  }

  /** The id of a name if any node ever stored it (for queries: an unknown name has no data). */
  async find(kind: NameKind, name: string): Promise<number | undefined> {
    const cached = this.ids.get(keyOf(kind, name));
    if (cached !== undefined) return cached;
    const { rows } = await this.pool.query<{ id: number }>(
      'SELECT id FROM names WHERE kind = $1 AND name = $2',
      [kind, name],
    );
    const id = rows[0]?.id;
    if (id !== undefined) this.remember(kind, name, id);
    return id;
  }

  /** Names of ids read from the archive; reloads the table once if another node added some. */
  async resolve(ids: Iterable<number>): Promise<(id: number) => string> {
    for (const id of ids) {
      if (!this.names.has(id)) {
        await this.load();
        break;
      }
    }
    return (id) => this.names.get(id) ?? `#${id}`;
  }

  private remember(kind: string, name: string, id: number): void {
    this.ids.set(keyOf(kind, name), id);
    this.names.set(id, name);
  }
}

function keyOf(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}
