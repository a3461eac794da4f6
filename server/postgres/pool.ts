// A connection pool to one schema of a PostgreSQL database, as the archive and the auth store both use it.
import pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export interface PoolOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** Schema to work in (its name goes into search_path, so only a plain identifier is accepted). */
  schema?: string;
  max: number;
}

export function openPool(options: PoolOptions): pg.Pool {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`not a plain schema name: ${options.schema}`);
  }
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    // Times in ms, counters and ids exceed 32 bits but stay far below 2^53: plain numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (text: string) => Number(text)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
}

/** Runs `work` on one connection of the pool, then gives it back. */
export async function withConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
