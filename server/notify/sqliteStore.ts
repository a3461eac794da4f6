// The notifier's store on SQLite (better-sqlite3), in its own file beside the archive or in memory for
// tests. Migrations are numbered like PostgreSQL's and recorded in notify_schema_migrations.
import Database from 'better-sqlite3';
import type { PartnerId } from '../../shared/dictionary';
import type {
  DeliveryAttempt,
  DeliveryOutcome,
  NotifySeverity,
  PartnerRouting,
} from '../../shared/protocol/notify';
import { migrateSqlite } from '../sqlite/migrations';
import { SQLITE_NOTIFY_MIGRATIONS } from './schema';
import type {
  ChannelPatch,
  AckLink,
  ClaimQuery,
  DeliveryQuery,
  NewDeliveryAttempt,
  NotifyStore,
  OutboxEntry,
  OutboxState,
  Settlement,
  StoredChannel,
} from './store';

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  partner: string;
  min_severity: string;
  enabled: number;
  target: string;
  secret: string | null;
  created_by: string;
  created_at_ms: number;
}
interface OutboxRow {
  id: string;
  channel_id: string;
  alarm_id: string;
  body: string;
  state: string;
  attempts: number;
  next_at_ms: number;
  created_at_ms: number;
}
interface DeliveryRow {
  id: number;
  outbox_id: string;
  channel_id: string;
  alarm_id: string;
  at_ms: number;
  attempt: number;
  outcome: string;
  status: number | null;
  answer: string;
  duration_ms: number;
}

const toChannel = (r: ChannelRow): StoredChannel =>
  ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    partner: r.partner as PartnerId,
    minSeverity: r.min_severity as NotifySeverity,
    enabled: r.enabled !== 0,
    target: JSON.parse(r.target) as StoredChannel['target'],
    secret: r.secret,
    createdBy: r.created_by,
    createdAtMs: r.created_at_ms,
  }) as StoredChannel;
const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: r.id,
  channelId: r.channel_id,
  alarmId: r.alarm_id,
  notification: JSON.parse(r.body) as OutboxEntry['notification'],
  state: r.state as OutboxState,
  attempts: r.attempts,
  nextAtMs: r.next_at_ms,
  createdAtMs: r.created_at_ms,
});
const toAttempt = (r: DeliveryRow): DeliveryAttempt => ({
  id: r.id,
  channelId: r.channel_id,
  alarmId: r.alarm_id,
  idempotencyKey: r.outbox_id,
  atMs: r.at_ms,
  attempt: r.attempt,
  outcome: r.outcome as DeliveryOutcome,
  status: r.status,
  answer: r.answer,
  durationMs: r.duration_ms,
});

/** Opens (or creates) the notifier's SQLite database; `:memory:` for tests. */
export function createSqliteNotifyStore(file: string): NotifyStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: an outbox entry the notifier decided must survive a power cut, not only a crash of the process.
  db.pragma('synchronous = FULL');
  migrateSqlite(db, {
    name: 'notify',
    table: 'notify_schema_migrations',
    migrations: SQLITE_NOTIFY_MIGRATIONS,
  });
  const sync = { ...channelStatements(db), ...outboxStatements(db), ...routingStatements(db) };
  const wrap =
    <A extends unknown[], R>(method: (...args: A) => R) =>
    (...args: A): Promise<R> => {
      try {
        return Promise.resolve(method(...args));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
  return {
    partnerRouting: wrap(sync.partnerRouting),
    putPartnerRouting: wrap(sync.putPartnerRouting),
    insertAckLinks: wrap(sync.insertAckLinks),
    useAckLink: wrap(sync.useAckLink),
    insertChannel: wrap(sync.insertChannel),
    getChannel: wrap(sync.getChannel),
    listChannels: wrap(sync.listChannels),
    updateChannel: wrap(sync.updateChannel),
    deleteChannel: wrap(sync.deleteChannel),
    enqueue: wrap(sync.enqueue),
    claimDue: wrap(sync.claimDue),
    settle: wrap(sync.settle),
    pendingCount: wrap(sync.pendingCount),
    deliveries: wrap(sync.deliveries),
    close: () => {
      if (db.open) db.close();
      return Promise.resolve();
    },
  };
}

function channelStatements(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO notify_channels (id, name, kind, partner, min_severity, enabled, target, secret, created_by,
     created_at_ms) VALUES (@id, @name, @kind, @partner, @minSeverity, @enabled, @target, @secret, @createdBy,
     @createdAtMs)`,
  );
  const get = db.prepare<[string], ChannelRow>('SELECT * FROM notify_channels WHERE id = ?');
  const list = db.prepare<[], ChannelRow>('SELECT * FROM notify_channels ORDER BY created_at_ms, rowid');
  const update = db.prepare(
    `UPDATE notify_channels SET name = COALESCE(@name, name), min_severity = COALESCE(@minSeverity,
     min_severity), enabled = COALESCE(@enabled, enabled) WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM notify_channels WHERE id = ?');
  return {
    insertChannel: (c: StoredChannel) =>
      void insert.run({ ...c, enabled: c.enabled ? 1 : 0, target: JSON.stringify(c.target) }),
    getChannel: (id: string) => {
      const row = get.get(id);
      return row && toChannel(row);
    },
    listChannels: () => list.all().map(toChannel),
    updateChannel: (id: string, patch: ChannelPatch) =>
      update.run({
        id,
        name: patch.name ?? null,
        minSeverity: patch.minSeverity ?? null,
        enabled: patch.enabled === undefined ? null : patch.enabled ? 1 : 0,
      }).changes === 1,
    deleteChannel: (id: string) => remove.run(id).changes === 1,
  };
}

function outboxStatements(db: Database.Database) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO notify_outbox (id, channel_id, alarm_id, body, state, attempts, next_at_ms,
     lease_until_ms, created_at_ms) VALUES (@id, @channelId, @alarmId, @body, @state, @attempts, @nextAtMs, 0,
     @createdAtMs)`,
  );
  const due = db.prepare<[{ nowMs: number; limit: number }], OutboxRow>(
    `SELECT * FROM notify_outbox WHERE state = 'pending' AND next_at_ms <= @nowMs AND lease_until_ms <= @nowMs
     ORDER BY next_at_ms, rowid LIMIT @limit`,
  );
  const lease = db.prepare('UPDATE notify_outbox SET lease_until_ms = ? WHERE id = ?');
  const settleEntry = db.prepare(
    `UPDATE notify_outbox SET state = @state, attempts = @attempts, next_at_ms = @nextAtMs, lease_until_ms = 0
     WHERE id = @id`,
  );
  const log = db.prepare(
    `INSERT INTO notify_deliveries (outbox_id, channel_id, alarm_id, at_ms, attempt, outcome, status, answer,
     duration_ms) VALUES (@idempotencyKey, @channelId, @alarmId, @atMs, @attempt, @outcome, @status, @answer,
     @durationMs)`,
  );
  const pending = db.prepare<[], { n: number }>(
    "SELECT COUNT(*) AS n FROM notify_outbox WHERE state = 'pending'",
  );
  const enqueue = db.transaction((entries: readonly OutboxEntry[]) => {
    let stored = 0;
    for (const e of entries) stored += insert.run({ ...e, body: JSON.stringify(e.notification) }).changes;
    return stored;
  });
  const claimDue = db.transaction((q: ClaimQuery) => {
    const busy = new Set(q.busyChannels);
    // Read a few more than asked: some may belong to busy channels and are left for later.
    const rows = due
      .all({ nowMs: q.nowMs, limit: q.limit + busy.size * 4 })
      .filter((r) => !busy.has(r.channel_id));
    const taken = rows.slice(0, q.limit);
    for (const row of taken) lease.run(q.leaseUntilMs, row.id);
    return taken.map(toEntry);
  });
  const settle = db.transaction((id: string, s: Settlement, attempt: NewDeliveryAttempt) => {
    settleEntry.run({ id, ...s });
    log.run(attempt);
  });
  return {
    enqueue: (entries: readonly OutboxEntry[]) => enqueue(entries),
    claimDue: (q: ClaimQuery) => claimDue(q),
    settle: (id: string, s: Settlement, attempt: NewDeliveryAttempt) => settle(id, s, attempt),
    pendingCount: () => pending.get()!.n,
    deliveries: (q: DeliveryQuery) => {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (q.channelId !== undefined) {
        where.push('channel_id = ?');
        params.push(q.channelId);
      }
      if (q.alarmId !== undefined) {
        where.push('alarm_id = ?');
        params.push(q.alarmId);
      }
      const sql = `SELECT * FROM notify_deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], DeliveryRow>(sql)
        .all(...params, q.limit)
        .map(toAttempt);
    },
  };
}

function routingStatements(db: Database.Database) {
  const all = db.prepare<[], { partner: string; body: string }>(
    'SELECT partner, body FROM notify_partner_routing',
  );
  const put = db.prepare(
    `INSERT INTO notify_partner_routing (partner, body, updated_at_ms) VALUES (?, ?, ?)
     ON CONFLICT (partner) DO UPDATE SET body = excluded.body, updated_at_ms = excluded.updated_at_ms`,
  );
  const insertLink = db.prepare(
    `INSERT OR IGNORE INTO notify_ack_links (token_hash, alarm_id, channel_id, expires_at_ms)
     VALUES (@tokenHash, @alarmId, @channelId, @expiresAtMs)`,
  );
  const useLink = db.prepare<
    [number, string, number],
    { alarm_id: string; channel_id: string; expires_at_ms: number }
  >(
    `UPDATE notify_ack_links SET used_at_ms = ? WHERE token_hash = ? AND used_at_ms IS NULL AND expires_at_ms > ?
     RETURNING alarm_id, channel_id, expires_at_ms`,
  );
  const insertLinks = db.transaction((links: readonly AckLink[]) => {
    for (const link of links) insertLink.run(link);
  });
  return {
    partnerRouting: () =>
      new Map(all.all().map((r) => [r.partner as PartnerId, JSON.parse(r.body) as PartnerRouting])),
    putPartnerRouting: (partner: PartnerId, routing: PartnerRouting, atMs: number) =>
      void put.run(partner, JSON.stringify(routing), atMs),
    insertAckLinks: (links: readonly AckLink[]) => insertLinks(links),
    useAckLink: (tokenHash: string, nowMs: number): AckLink | undefined => {
      const row = useLink.get(nowMs, tokenHash, nowMs);
      return (
        row && { tokenHash, alarmId: row.alarm_id, channelId: row.channel_id, expiresAtMs: row.expires_at_ms }
      );
    },
  };
}
