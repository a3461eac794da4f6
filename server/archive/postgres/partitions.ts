// Day partitions of the time-partitioned tables: created ahead of the rows that need them, dropped whole
// for retention. Partition names carry the day number since the epoch (frames_d20574 holds
// [20574·DAY, 20575·DAY)), so any packet time has a name and the names sort by time.
import type { Pool, PoolClient } from 'pg';

export const DAY_MS = 86_400_000;
export const PARTITIONED_TABLES = ['frames', 'receptions', 'packet_receptions'] as const;

/** Serialises partition DDL across nodes sharing the schema (two nodes may see a new day at once). */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':ortaq-partitions'))";

export function dayOf(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}

function partitionName(table: string, day: number): string {
  return day < 0 ? `${table}_dm${-day}` : `${table}_d${day}`;
}

function dayOfPartition(table: string, name: string): number | null {
  const match = new RegExp(`^${table}_d(m?)(\\d+)$`).exec(name);
  if (!match) return null;
  const day = Number(match[2]);
  return match[1] ? -day : day;
}

export class DayPartitions {
  /** Days whose partitions exist in every partitioned table (as far as this node knows). */
  private readonly known = new Set<number>();

  constructor(private readonly pool: Pool) {}

  /** Reads the partitions that exist (at start, and after another node may have dropped some). */
  async load(): Promise<void> {
    this.known.clear();
    for (const day of await this.existingDays('frames')) this.known.add(day);
  }

  forget(): void {
    this.known.clear();
  }

  /** Creates the partitions of any day in `days` not known to exist yet. */
  async ensure(days: Iterable<number>): Promise<void> {
    const missing = [...new Set(days)].filter((day) => !this.known.has(day)).sort((a, b) => a - b);
    if (missing.length === 0) return;
    await this.inTransaction(async (client) => {
      for (const day of missing) {
        for (const table of PARTITIONED_TABLES) {
          await client.query(
            `CREATE TABLE IF NOT EXISTS ${partitionName(table, day)} PARTITION OF ${table}
             FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`,
          );
        }
      }
    });
    for (const day of missing) this.known.add(day);
  }

  /** Drops every partition that ends at or before the cutoff; returns how many days went. */
  async dropBefore(cutoffMs: number): Promise<number> {
    const lastDayToKeep = dayOf(cutoffMs);
    let dropped = 0;
    await this.inTransaction(async (client) => {
      for (const table of PARTITIONED_TABLES) {
        for (const day of await this.existingDays(table, client)) {
          if (day >= lastDayToKeep) continue;
          await client.query(`DROP TABLE IF EXISTS ${partitionName(table, day)}`);
          if (table === 'frames') dropped++;
          this.known.delete(day);
        }
      }
    });
    return dropped;
  }

  private async existingDays(table: string, client: Pool | PoolClient = this.pool): Promise<number[]> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = to_regclass($1)`,
      [table],
    );
    return rows.map((row) => dayOfPartition(table, row.name)).filter((day) => day !== null);
  }

  private async inTransaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(LOCK_SQL);
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
