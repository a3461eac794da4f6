// The local PostgreSQL for the benchmarks' PostgreSQL variants: found the way the test suite finds it, each
// run in a schema of its own that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const CANDIDATES = process.env.ORTAQ_BENCH_DATABASE_URL
  ? [process.env.ORTAQ_BENCH_DATABASE_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** A reachable PostgreSQL URL, or null (the PostgreSQL rows are then reported as not run). */
export async function findPostgres(): Promise<string | null> {
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return url;
    } catch {
      // try the next candidate
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return null;
}

export function benchSchema(): string {
  return `ortaq_bench_${randomBytes(5).toString('hex')}`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function countPostgresFrames(url: string, schema: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.frames`);
    return Number(result.rows[0]!.n);
  });
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}
