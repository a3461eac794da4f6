// A connection pool to one schema of a PostgreSQL database, as the archive and the auth store both use it.
// The database may restart, fail over or stall at any time: every connection has an error listener (an
// unhandled 'error' event would end the process), statements have a timeout, and the queue of callers
// waiting for a connection is bounded, so a slow database gives quick "busy" answers instead of a backlog.
import pg from 'pg';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Longest a statement may run before the database cancels it (57014, answered as "overloaded"). */
export const STATEMENT_TIMEOUT_MS = 30_000;
/** Longest a caller waits for a free connection, or for a new one to open. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Callers that may wait for a connection per pooled connection before new ones are refused at once. */
const WAITING_PER_CONNECTION = 32;

export interface PoolOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** Schema to work in (its name goes into search_path, so only a plain identifier is accepted). */
  schema?: string;
  max: number;
  /** Names the pool in log lines ("archive", "auth"). */
  label?: string;
  statementTimeoutMs?: number;
}

export function openPool(options: PoolOptions): pg.Pool {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`not a plain schema name: ${options.schema}`);
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Times in ms, counters and ids exceed 32 bits but stay far below 2^53: plain numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (text: string) => Number(text)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  guardErrors(pool, options.label ?? 'database');
  boundWaiting(pool, options.max * WAITING_PER_CONNECTION);
  return pool;
}

/**
 * node-postgres emits 'error' on the pool for an idle connection the server dropped, and on a checked-out
 * client whose connection died (57P01 on a restart). Both are also reported to whoever is using the
 * connection (its query rejects), so here they are only logged.
 */
function guardErrors(pool: pg.Pool, label: string): void {
  pool.on('error', (error) => console.error(`${label} pool: idle connection lost: ${error.message}`));
  pool.on('connect', (client) => {
    client.on('error', (error) => console.error(`${label} pool: connection lost: ${error.message}`));
  });
}

/**
 * Refused at once because too many callers already wait for a connection. The pool is plumbing shared by the
 * archive, the auth store and the notification outbox, so the error names none of them; the archive's
 * failure classifier (server/archive/failures.ts) answers it as "overloaded".
 */
export class PoolBusyError extends Error {
  readonly code = 'ORTAQ_POOL_BUSY';
}

type ConnectCallback = (error: Error | undefined, client?: pg.PoolClient, done?: () => void) => void;

/** pg-pool queues callers without limit; past `maxWaiting` they are refused with PoolBusyError. */
function boundWaiting(pool: pg.Pool, maxWaiting: number): void {
  const connect = pool.connect.bind(pool) as (
    callback?: ConnectCallback,
  ) => Promise<pg.PoolClient> | undefined;
  const bounded = (callback?: ConnectCallback) => {
    if (pool.waitingCount < maxWaiting) return connect(callback);
    const error = new PoolBusyError(`${pool.waitingCount} callers already wait for a database connection`);
    if (!callback) return Promise.reject(error);
    process.nextTick(() => callback(error));
    return undefined;
  };
  // pool.query() calls this.connect(), so the bound covers plain queries as well.
  pool.connect = bounded as typeof pool.connect;
}

/** Runs `work` on one connection of the pool, then gives it back (pg-pool drops it if it died meanwhile). */
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

/** Runs `work` in a transaction on one connection: committed if it resolves, rolled back if it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return withConnection(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}
