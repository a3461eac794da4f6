// Limit changes in the PostgreSQL archive. Several nodes may change one parameter at once: a transaction
// takes an advisory lock on the spacecraft and parameter, so each reads as `previous` what the other wrote.
import type pg from 'pg';
import { withTransaction } from '../../postgres/pool';
import type { Limits } from '../../../shared/dictionary/types';
import type { LimitChange } from '../../../shared/protocol/limits';
import type { LimitChangeQuery, NewLimitChange } from '../types';

const CHANGE_COLUMNS = `c.id, c.sc AS "spacecraftId", c.p AS "parameterId", c.t AS "atMs", c.actor AS "by",
  c.previous, c.limits, c.reason`;

export async function recordLimitChange(pool: pg.Pool, change: NewLimitChange): Promise<LimitChange> {
  return withTransaction(pool, (client) => writeChange(client, change));
}

async function writeChange(client: pg.PoolClient, change: NewLimitChange): Promise<LimitChange> {
  const { spacecraftId: sc, parameterId: p } = change;
  await client.query(
    "SELECT pg_advisory_xact_lock(hashtext('ortaq-limits:' || $1::text || '/' || $2::text))",
    [sc, p],
  );
  const held = await client.query<{ limits: Limits | null }>(
    `SELECT c.limits FROM limit_overrides o JOIN limit_changes c ON c.id = o.change_id WHERE o.sc = $1 AND o.p = $2`,
    [sc, p],
  );
  const previous = held.rows[0]?.limits ?? null;
  const inserted = await client.query<LimitChange>(
    `INSERT INTO limit_changes AS c (sc, p, t, actor, previous, limits, reason)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) RETURNING ${CHANGE_COLUMNS}`,
    [sc, p, change.atMs, change.by, jsonOrNull(previous), jsonOrNull(change.limits), change.reason],
  );
  const row = inserted.rows[0]!;
  if (change.limits === null) {
    await client.query('DELETE FROM limit_overrides WHERE sc = $1 AND p = $2', [sc, p]);
  } else {
    await client.query(
      `INSERT INTO limit_overrides (sc, p, change_id) VALUES ($1, $2, $3)
       ON CONFLICT (sc, p) DO UPDATE SET change_id = excluded.change_id`,
      [sc, p, row.id],
    );
  }
  return row;
}

export async function limitOverrides(pool: pg.Pool): Promise<LimitChange[]> {
  const { rows } = await pool.query<LimitChange>(
    `SELECT ${CHANGE_COLUMNS} FROM limit_overrides o JOIN limit_changes c ON c.id = o.change_id ORDER BY c.id`,
  );
  return rows;
}

export async function limitChanges(pool: pg.Pool, query: LimitChangeQuery): Promise<LimitChange[]> {
  const { rows } = await pool.query<LimitChange>(
    `SELECT ${CHANGE_COLUMNS} FROM limit_changes c WHERE c.sc = $1 AND c.p = $2 ORDER BY c.id DESC LIMIT $3`,
    [query.spacecraftId, query.parameterId, query.limit],
  );
  return rows;
}

export async function limitChangesAfter(
  pool: pg.Pool,
  afterId: number,
  limit: number,
): Promise<LimitChange[]> {
  const { rows } = await pool.query<LimitChange>(
    `SELECT ${CHANGE_COLUMNS} FROM limit_changes c WHERE c.id > $1 ORDER BY c.id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

/** jsonb parameters go as text: node-postgres would send a JS null as SQL NULL, which is what null means here. */
function jsonOrNull(limits: Limits | null): string | null {
  return limits === null ? null : JSON.stringify(limits);
}
