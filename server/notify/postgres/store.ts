// The notifier's store on PostgreSQL, for nodes that share one database: the outbox is leased with
// FOR UPDATE SKIP LOCKED, so two nodes never send the same entry at once, and an entry leased by a node that
// died is handed out again once its lease ends.
import type pg from 'pg';
import type { PartnerId } from '../../../shared/dictionary';
import type { DeliveryAttempt, PartnerRouting } from '../../../shared/protocol/notify';
import { applyMigrations } from '../../postgres/migrations';
import { openPool, withConnection } from '../../postgres/pool';
import { NOTIFY_MIGRATION_SET } from '../schema';
import type {
  AckLink,
  ChannelPatch,
  ClaimQuery,
  DeliveryQuery,
  NewDeliveryAttempt,
  NotifyStore,
  OutboxEntry,
  Settlement,
  StoredChannel,
} from '../store';

export interface PostgresNotifyStoreOptions {
  connectionString: string;
  /** Schema to keep the tables in (created if missing); default: the connection's search_path. */
  schema?: string;
}

const CHANNEL = `id, name, kind, partner, min_severity AS "minSeverity", enabled, target, secret,
  created_by AS "createdBy", created_at_ms AS "createdAtMs"`;
const ENTRY = `id, channel_id AS "channelId", alarm_id AS "alarmId", body AS notification, state, attempts,
  next_at_ms AS "nextAtMs", created_at_ms AS "createdAtMs"`;
const ATTEMPT = `id, channel_id AS "channelId", alarm_id AS "alarmId", outbox_id AS "idempotencyKey",
  at_ms AS "atMs", attempt, outcome, status, answer, duration_ms AS "durationMs"`;

export async function createPostgresNotifyStore(options: PostgresNotifyStoreOptions): Promise<NotifyStore> {
  const pool = openPool({ ...options, max: 2 });
  pool.on('error', (error) => console.error('notify database:', error.message));
  try {
    await withConnection(pool, (client) => applyMigrations(client, options.schema, NOTIFY_MIGRATION_SET));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return postgresNotifyStore(pool);
}

function postgresNotifyStore(pool: pg.Pool): NotifyStore {
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await pool.query<T & pg.QueryResultRow>(sql, params)).rows;
  const changed = async (sql: string, params: unknown[]): Promise<number> =>
    (await pool.query(sql, params)).rowCount ?? 0;
  let closed = false;
  return {
    partnerRouting: async () =>
      new Map(
        (
          await rows<{ partner: PartnerId; body: PartnerRouting }>(
            'SELECT partner, body FROM notify_partner_routing',
          )
        ).map((r) => [r.partner, r.body]),
      ),
    putPartnerRouting: async (partner: PartnerId, routing: PartnerRouting, atMs: number) => {
      await pool.query(
        `INSERT INTO notify_partner_routing (partner, body, updated_at_ms) VALUES ($1, $2, $3)
         ON CONFLICT (partner) DO UPDATE SET body = excluded.body, updated_at_ms = excluded.updated_at_ms`,
        [partner, JSON.stringify(routing), atMs],
      );
    },
    insertAckLinks: async (links: readonly AckLink[]) => {
      for (const l of links) {
        await pool.query(
          `INSERT INTO notify_ack_links (token_hash, alarm_id, channel_id, expires_at_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [l.tokenHash, l.alarmId, l.channelId, l.expiresAtMs],
        );
      }
    },
    useAckLink: async (tokenHash: string, nowMs: number) =>
      (
        await rows<AckLink>(
          `UPDATE notify_ack_links SET used_at_ms = $2 WHERE token_hash = $1 AND used_at_ms IS NULL
           AND expires_at_ms > $2 RETURNING token_hash AS "tokenHash", alarm_id AS "alarmId",
           channel_id AS "channelId", expires_at_ms AS "expiresAtMs"`,
          [tokenHash, nowMs],
        )
      )[0],
    insertChannel: async (c: StoredChannel) => {
      await pool.query(
        `INSERT INTO notify_channels (id, name, kind, partner, min_severity, enabled, target, secret,
         created_by, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          c.id,
          c.name,
          c.kind,
          c.partner,
          c.minSeverity,
          c.enabled,
          JSON.stringify(c.target),
          c.secret,
          c.createdBy,
          c.createdAtMs,
        ],
      );
    },
    getChannel: async (id: string) =>
      (await rows<StoredChannel>(`SELECT ${CHANNEL} FROM notify_channels WHERE id = $1`, [id]))[0],
    listChannels: () =>
      rows<StoredChannel>(`SELECT ${CHANNEL} FROM notify_channels ORDER BY created_at_ms, seq`),
    updateChannel: async (id: string, patch: ChannelPatch) =>
      (await changed(
        `UPDATE notify_channels SET name = COALESCE($2, name), min_severity = COALESCE($3, min_severity),
         enabled = COALESCE($4, enabled) WHERE id = $1`,
        [id, patch.name ?? null, patch.minSeverity ?? null, patch.enabled ?? null],
      )) === 1,
    deleteChannel: async (id: string) =>
      (await changed('DELETE FROM notify_channels WHERE id = $1', [id])) === 1,
    enqueue: (entries: readonly OutboxEntry[]) => enqueue(pool, entries),
    claimDue: (q: ClaimQuery) =>
      rows<OutboxEntry>(
        `UPDATE notify_outbox SET lease_until_ms = $2 WHERE id IN (
           SELECT id FROM notify_outbox WHERE state = 'pending' AND next_at_ms <= $1 AND lease_until_ms <= $1
           AND NOT (channel_id = ANY($4::text[])) ORDER BY next_at_ms, seq LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${ENTRY}`,
        [q.nowMs, q.leaseUntilMs, q.limit, q.busyChannels],
      ),
    settle: (id: string, s: Settlement, attempt: NewDeliveryAttempt) => settle(pool, id, s, attempt),
    pendingCount: async () =>
      (await rows<{ n: number }>("SELECT count(*)::int AS n FROM notify_outbox WHERE state = 'pending'"))[0]!
        .n,
    deliveries: (q: DeliveryQuery) =>
      rows<DeliveryAttempt>(
        `SELECT ${ATTEMPT} FROM notify_deliveries WHERE ($1::text IS NULL OR channel_id = $1)
         AND ($2::text IS NULL OR alarm_id = $2) ORDER BY id DESC LIMIT $3`,
        [q.channelId ?? null, q.alarmId ?? null, q.limit],
      ),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function enqueue(pool: pg.Pool, entries: readonly OutboxEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const result = await pool.query(
    `INSERT INTO notify_outbox (id, channel_id, alarm_id, body, state, attempts, next_at_ms, lease_until_ms,
     created_at_ms)
     SELECT e.id, e.channel_id, e.alarm_id, e.body, e.state, e.attempts, e.next_at_ms, 0, e.created_at_ms
     FROM jsonb_to_recordset($1::jsonb) AS e(id text, channel_id text, alarm_id text, body jsonb, state text,
       attempts integer, next_at_ms bigint, created_at_ms bigint)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify(
        entries.map((e) => ({
          id: e.id,
          channel_id: e.channelId,
          alarm_id: e.alarmId,
          body: e.notification,
          state: e.state,
          attempts: e.attempts,
          next_at_ms: e.nextAtMs,
          created_at_ms: e.createdAtMs,
        })),
      ),
    ],
  );
  return result.rowCount ?? 0;
}

async function settle(pool: pg.Pool, id: string, s: Settlement, a: NewDeliveryAttempt): Promise<void> {
  await withConnection(pool, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(
        `UPDATE notify_outbox SET state = $2, attempts = $3, next_at_ms = $4, lease_until_ms = 0 WHERE id = $1`,
        [id, s.state, s.attempts, s.nextAtMs],
      );
      await client.query(
        `INSERT INTO notify_deliveries (outbox_id, channel_id, alarm_id, at_ms, attempt, outcome, status, answer,
         duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          a.idempotencyKey,
          a.channelId,
          a.alarmId,
          a.atMs,
          a.attempt,
          a.outcome,
          a.status,
          a.answer,
          Math.round(a.durationMs),
        ],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}
