// The PostgreSQL archive (node-postgres, a pool per server node). Same interface and semantics as the SQLite
// archive; what changes is that several nodes may write at once: de-duplication is the frames table's
// primary key, counters are added in the database, and partition DDL takes an advisory lock.
import type pg from 'pg';
import type { Alarm, TelemetryEvent } from '../../../shared/protocol/api';
import type { FrameDecoder } from '../../../shared/codec';
import type { Dictionary } from '../../../shared/dictionary';
import type { IngestErrorCode } from '../../../shared/protocol/ingest';
import type { LimitChange } from '../../../shared/protocol/limits';
import type { ReceivedPacket } from '../../../shared/protocol/receptions';
import { groupReceptions, type PacketReceptionRow } from '../packetReceptions';
import { ArchivedFrames, LATEST_WALK_FRAMES, newestOfEach } from '../archivedFrames';
import { RECEPTION_CELL_MS } from '../receptionCells';
import type {
  AlarmQuery,
  CommitBatch,
  ContactCountQuery,
  ContactCountRow,
  ContactOrbitQuery,
  ContactQuery,
  CommitResult,
  ContactTotal,
  DeliveredFrame,
  DeliveryRun,
  DownlinkTotal,
  EventQuery,
  FrameQuery,
  HistoryQuery,
  LatestValue,
  LimitChangeQuery,
  NewLimitChange,
  PacketReceptionQuery,
  ReceivedSinceQuery,
  ReceptionQuery,
  ReceptionRow,
  SavedReassembly,
  StationCounterDelta,
  Store,
  StoredFrame,
  StoredLedgerDay,
} from '../types';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import * as contactRecords from './contacts';
import * as ledger from './ledger';
import * as receptionHours from './receptionHours';
import { PgCoarseRollups } from './coarseRollups';
import { queryHistory } from './history';
import { PgNames } from './names';
import { DayPartitions, PARTITIONED_TABLES, dayOf } from './partitions';
import { applyMigrations } from '../../postgres/migrations';
import { openPool, withConnection, withTransaction } from '../../postgres/pool';
import { ARCHIVE_MIGRATION_SET } from './schema';
import { writeBatch, type BatchIds } from './write';
import { limitChanges, limitChangesAfter, limitOverrides, recordLimitChange } from './limitChanges';
import { addLinkCells, linkCells } from './linkCells';
import type { LinkCell, LinkCellQuery, LinkCellRow } from '../linkCells';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** Schema to keep the archive in (created if missing); default: the connection's search_path. */
  schema?: string;
  /** Pool size per node (default 8). */
  maxConnections?: number;
  /** The dictionary the archived frames are decoded with (default: Ortaq's bundled one). */
  dictionary?: Dictionary;
  /** What reads them: the mission's XTCE decoder (see ArchivedFrames for the default). */
  decoder?: FrameDecoder;
  /** Longest one statement may run (default STATEMENT_TIMEOUT_MS); past it the archive answers "overloaded". */
  statementTimeoutMs?: number;
}

/** Transactions that lost a race with another node are retried this many times. */
const MAX_ATTEMPTS = 4;
// deadlock_detected, serialization_failure, and check_violation (no partition for the row: another node
// dropped it for retention after this one cached it as existing).
const RETRYABLE = new Set(['40P01', '40001', '23514']);
const FRAME_COLUMNS = 'sc, t, apid, seq, pb, recv, bytes';

interface FrameRow {
  sc: number;
  t: number;
  apid: number;
  seq: number;
  pb: boolean;
  recv: number;
  bytes: Buffer;
}

/** Connects, applies the migrations and loads the name and partition caches. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = openPool({ ...options, max: options.maxConnections ?? 8, label: 'archive' });
  try {
    await withConnection(pool, (client) => applyMigrations(client, options.schema, ARCHIVE_MIGRATION_SET));
    const store = new PostgresStore(pool, new ArchivedFrames(options.dictionary, options.decoder));
    await store.load();
    return store;
  } catch (error) {
    await pool.end();
    throw error;
  }
}

class PostgresStore implements Store {
  /** Two: the next batch is prepared and sent while the database writes the last (see groupCommit.ts). */
  readonly commitConcurrency = 2;
  private readonly names: PgNames;
  private readonly partitions: DayPartitions;
  private readonly coarseRollups: PgCoarseRollups;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly archived: ArchivedFrames,
  ) {
    this.names = new PgNames(pool);
    this.partitions = new DayPartitions(pool);
    this.coarseRollups = new PgCoarseRollups(pool, (error) =>
      console.error(
        `archive: coarse rollups not rebuilt yet, kept for the next settle: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  async load(): Promise<void> {
    await this.names.load();
    await this.partitions.load();
  }

  async commit(batch: CommitBatch): Promise<CommitResult> {
    const ids = await this.resolveIds(batch);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.partitions.ensure(batch.frames.map((f) => dayOf(f.timeMs)));
        const written = await this.inTransaction((client) => writeBatch(client, batch, ids));
        if (!this.closed) this.coarseRollups.committed(written.newMarks);
        return written.unique;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
        this.partitions.forget();
      }
    }
  }

  private async resolveIds(batch: CommitBatch): Promise<BatchIds> {
    return {
      spacecraft: await this.names.idsOf(
        'spacecraft',
        batch.frames.map((f) => f.spacecraftId),
      ),
      station: await this.names.idsOf(
        'station',
        batch.frames.map((f) => f.stationId),
      ),
      parameter: await this.names.idsOf(
        'parameter',
        batch.frames.flatMap((f) => f.parameterIds),
      ),
    };
  }

  /** Resolves only after COMMIT returned: the batch is durable (synchronous_commit) when the ack goes out. */
  private inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  history(query: HistoryQuery) {
    return queryHistory(this.pool, this.names, this.archived, this.coarseRollups, query);
  }

  /**
   * Each parameter's value from the newest frame of its spacecraft and APID that carries it: one backward walk
   * of the frames key per pair, taking the newest frame, and a longer walk only for the pairs whose newest
   * packet left a parameter out. Of two packets at the same time, the later sequence count is the newer; of a
   * parameter that packets of several APIDs carry, the later packet time.
   */
  async latestValues(): Promise<LatestValue[]> {
    const { rows } = await this.pool.query<{ sc: number; apid: number; t: number; bytes: Buffer }>(
      `SELECT s.id AS sc, a.apid, l.t, l.bytes FROM names s CROSS JOIN unnest($1::integer[]) a(apid)
       CROSS JOIN LATERAL (SELECT t, bytes FROM frames WHERE sc = s.id AND apid = a.apid
         ORDER BY t DESC, seq DESC LIMIT 1) l
       WHERE s.kind = 'spacecraft'`,
      [this.archived.apids],
    );
    const nameOf = await this.names.resolve(rows.map((r) => r.sc));
    const values: LatestValue[] = [];
    for (const row of rows) {
      const spacecraftId = nameOf(row.sc);
      const newest = [{ t: row.t, pb: false, bytes: row.bytes }];
      let found = this.archived.newestValues(spacecraftId, row.apid, newest);
      if (!this.archived.carriesAll(row.apid, found.length)) {
        const older = await this.pool.query<{ t: number; bytes: Buffer }>(
          'SELECT t, bytes FROM frames WHERE sc = $1 AND apid = $2 ORDER BY t DESC, seq DESC LIMIT $3',
          [row.sc, row.apid, LATEST_WALK_FRAMES],
        );
        const walk = older.rows.map((r) => ({ t: r.t, pb: false, bytes: r.bytes }));
        found = this.archived.newestValues(spacecraftId, row.apid, walk);
      }
      values.push(...found);
    }
    return newestOfEach(values);
  }

  async frames(query: FrameQuery): Promise<StoredFrame[]> {
    if (query.spacecraftId === undefined) {
      const { rows } = await this.pool.query<FrameRow>(
        `SELECT ${FRAME_COLUMNS} FROM frames WHERE t >= $1 AND t <= $2 ORDER BY t LIMIT $3`,
        [query.fromMs, query.toMs, query.limit],
      );
      return this.storedFrames(rows);
    }
    const sc = await this.names.find('spacecraft', query.spacecraftId);
    if (sc === undefined) return [];
    const { rows } = await this.pool.query<FrameRow>(
      `SELECT ${FRAME_COLUMNS} FROM frames WHERE sc = $1 AND t >= $2 AND t <= $3 ORDER BY t LIMIT $4`,
      [sc, query.fromMs, query.toMs, query.limit],
    );
    return this.storedFrames(rows);
  }

  async framesReceivedSince(query: ReceivedSinceQuery): Promise<StoredFrame[]> {
    const ids: number[] = [];
    for (const id of query.spacecraftIds) {
      const sc = await this.names.find('spacecraft', id);
      if (sc !== undefined) ids.push(sc);
    }
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<FrameRow>(
      `SELECT ${FRAME_COLUMNS} FROM frames WHERE recv > $1 AND sc = ANY($2::integer[]) ORDER BY recv LIMIT $3`,
      [query.afterReceivedMs, ids, query.limit],
    );
    return this.storedFrames(rows);
  }

  private async storedFrames(rows: FrameRow[]): Promise<StoredFrame[]> {
    const nameOf = await this.names.resolve(rows.map((r) => r.sc));
    return rows.map((row) => ({
      spacecraftId: nameOf(row.sc),
      apid: row.apid,
      sequenceCount: row.seq,
      timeMs: row.t,
      playback: row.pb,
      receivedMs: row.recv,
      bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    }));
  }

  async receptions(query: ReceptionQuery): Promise<ReceptionRow[]> {
    const sc = await this.names.find('spacecraft', query.spacecraftId);
    const station = await this.names.find('station', query.stationId);
    if (sc === undefined || station === undefined) return [];
    const firstSecond = Math.floor(query.fromMs / RECEPTION_CELL_MS) * RECEPTION_CELL_MS;
    const { rows } = await this.pool.query<ReceptionRow>(
      `SELECT first AS "firstMs", last AS "lastMs", n AS frames, uniq AS "uniqueFrames", snr_sum AS "snrSumDb",
         snr_n AS "snrCount", snr_max AS "bestSnrDb"
       FROM receptions WHERE sc = $1 AND station = $2 AND t >= $3 AND t <= $4 ORDER BY t`,
      [sc, station, firstSecond, query.toMs],
    );
    return rows;
  }

  /** The packets first (a window of the key, narrowed), then all their receptions (see the SQLite twin). */
  async packetReceptions(query: PacketReceptionQuery): Promise<ReceivedPacket[]> {
    const sc = await this.names.find('spacecraft', query.spacecraftId);
    const station = query.stationId === undefined ? null : await this.names.find('station', query.stationId);
    if (sc === undefined || station === undefined) return [];
    const { rows } = await this.pool.query<Omit<PacketReceptionRow, 'station'> & { station: number }>(
      `WITH keys AS (
         SELECT DISTINCT t, apid, seq FROM packet_receptions
         WHERE sc = $1 AND t >= $2 AND t <= $3 AND ($4::integer IS NULL OR station = $4)
           AND ($5::integer IS NULL OR apid = $5) AND ($6::integer IS NULL OR seq = $6)
         ORDER BY t, apid, seq LIMIT $7
       )
       SELECT r.t, r.apid, r.seq, r.station, r.recv, r.ert, r.snr, r.vc, r.fc,
         coalesce(f.station = r.station, false) AS archived
       FROM keys k JOIN packet_receptions r ON r.sc = $1 AND r.t = k.t AND r.apid = k.apid AND r.seq = k.seq
       LEFT JOIN frames f ON f.sc = $1 AND f.apid = r.apid AND f.t = r.t AND f.seq = r.seq
       ORDER BY r.t, r.apid, r.seq, r.recv, r.station`,
      [sc, query.fromMs, query.toMs, station, query.apid ?? null, query.sequenceCount ?? null, query.limit],
    );
    const nameOf = await this.names.resolve(rows.map((r) => r.station));
    return groupReceptions(rows.map((r) => ({ ...r, station: nameOf(r.station) })));
  }

  recordLimitChange(change: NewLimitChange): Promise<LimitChange> {
    return recordLimitChange(this.pool, change);
  }

  limitOverrides(): Promise<LimitChange[]> {
    return limitOverrides(this.pool);
  }

  limitChanges(query: LimitChangeQuery): Promise<LimitChange[]> {
    return limitChanges(this.pool, query);
  }

  limitChangesAfter(afterId: number, limit: number): Promise<LimitChange[]> {
    return limitChangesAfter(this.pool, afterId, limit);
  }

  async alarms(query: AlarmQuery): Promise<Alarm[]> {
    const { rows } = await this.pool.query<{ body: Alarm }>(
      `SELECT body FROM alarms WHERE ($1::boolean IS NOT TRUE OR open) AND ($2::text IS NULL OR sc = $2)
         AND ($4::text[] IS NULL OR sc = ANY($4::text[]))
         AND ($5::bigint IS NULL OR opened >= $5) AND ($6::bigint IS NULL OR opened <= $6)
       ORDER BY opened DESC LIMIT $3`,
      [
        query.openOnly ?? false,
        query.spacecraftId ?? null,
        query.limit,
        query.spacecraftIds ?? null,
        query.openedFromMs ?? null,
        query.openedToMs ?? null,
      ],
    );
    return rows.map((row) => row.body);
  }

  async alarmsByIds(ids: readonly string[]): Promise<Alarm[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ body: Alarm }>(
      'SELECT body FROM alarms WHERE id = ANY($1::text[])',
      [ids],
    );
    return rows.map((row) => row.body);
  }

  async events(query: EventQuery): Promise<TelemetryEvent[]> {
    const { rows } = await this.pool.query<{ body: TelemetryEvent }>(
      `SELECT body FROM events WHERE t >= $1 AND t <= $2 AND ($3::text IS NULL OR sc = $3)
         AND ($4::text[] IS NULL OR severity = ANY($4::text[]))
         AND ($6::text[] IS NULL OR sc IS NULL OR sc = ANY($6::text[]))
       ORDER BY t DESC LIMIT $5`,
      [
        query.fromMs,
        query.toMs,
        query.spacecraftId ?? null,
        query.severities ?? null,
        query.limit,
        query.spacecraftIds ?? null,
      ],
    );
    return rows.map((row) => row.body);
  }

  async stationCounters(): Promise<StationCounterDelta[]> {
    const { rows } = await this.pool.query<{
      station: string;
      received: number;
      uniq: number;
      dups: number;
      last_frame: number | null;
      best_snr: number | null;
      rejects: Partial<Record<IngestErrorCode, number>> | null;
    }>(
      `SELECT s.station, s.received, s.uniq, s.dups, s.last_frame, s.best_snr,
         (SELECT jsonb_object_agg(r.code, r.n) FROM station_rejects r WHERE r.station = s.station) AS rejects
       FROM station_counters s ORDER BY s.station`,
    );
    return rows.map((row) => ({
      stationId: row.station,
      framesReceived: row.received,
      uniqueFrames: row.uniq,
      duplicates: row.dups,
      rejects: row.rejects ?? {},
      lastFrameMs: row.last_frame,
      bestSnrDb: row.best_snr,
    }));
  }

  async downlinkTotals(fromMs: number, toMs: number): Promise<DownlinkTotal[]> {
    const { rows } = await this.pool.query<DownlinkTotal>(
      `SELECT sc AS "spacecraftId", station AS "stationId", sum(seconds) AS seconds, sum(bytes) AS bytes
       FROM downlink WHERE t >= $1 AND t <= $2 GROUP BY sc, station ORDER BY sc, station`,
      [fromMs, toMs],
    );
    return rows;
  }

  deliveries(fromMs: number, toMs: number): Promise<DeliveredFrame[]> {
    return ledger.deliveries(this.pool, this.names, fromMs, toMs);
  }

  deliveryRuns(fromMs: number, toMs: number): Promise<DeliveryRun[]> {
    return ledger.deliveryRuns(this.pool, this.names, fromMs, toMs);
  }

  contactTotals(fromMs: number, toMs: number): Promise<ContactTotal[]> {
    return receptionHours.contactTotals(this.pool, this.names, fromMs, toMs);
  }

  firstReceivedMs(): Promise<number | null> {
    return ledger.firstReceivedMs(this.pool);
  }

  ledgerDays(fromDay: string, toDay: string): Promise<StoredLedgerDay[]> {
    return ledger.ledgerDays(this.pool, fromDay, toDay);
  }

  saveContacts(records: readonly ContactRecord[]): Promise<void> {
    return contactRecords.saveContacts(this.pool, records);
  }

  contacts(query: ContactQuery): Promise<ContactRecord[]> {
    return contactRecords.contacts(this.pool, query);
  }

  contactCounts(query: ContactCountQuery): Promise<ContactCountRow[]> {
    return contactRecords.contactCounts(this.pool, query);
  }

  contactOrbits(query: ContactOrbitQuery): Promise<number> {
    return contactRecords.contactOrbits(this.pool, query);
  }

  contactSpan(): Promise<{ firstAosMs: number; lastLosMs: number } | null> {
    return contactRecords.contactSpan(this.pool);
  }

  lastContactLosMs(): Promise<number | null> {
    return contactRecords.lastContactLosMs(this.pool);
  }

  unsettledContacts(limit: number): Promise<ContactRecord[]> {
    return contactRecords.unsettledContacts(this.pool, limit);
  }

  lastLedgerDay(): Promise<StoredLedgerDay | null> {
    return ledger.lastLedgerDay(this.pool);
  }

  appendLedgerDay(day: StoredLedgerDay): Promise<boolean> {
    return ledger.appendLedgerDay(this.pool, day);
  }

  /** Whole days before the cutoff go as partitions; the day the cutoff falls in is trimmed row by row. */
  async pruneBefore(cutoffMs: number): Promise<void> {
    await this.partitions.dropBefore(cutoffMs);
    await this.inTransaction(async (client) => {
      for (const table of PARTITIONED_TABLES) {
        await client.query(`DELETE FROM ${table} WHERE t < $1`, [cutoffMs]);
      }
      await client.query('DELETE FROM link_cells WHERE t < $1', [cutoffMs]);
      await receptionHours.pruneHoursBefore(client, cutoffMs);
      await client.query('DELETE FROM events WHERE t < $1', [cutoffMs]);
      await client.query('DELETE FROM alarms WHERE NOT open AND opened < $1', [cutoffMs]);
    });
  }

  addLinkCells(cells: readonly LinkCell[]): Promise<void> {
    return addLinkCells(this.pool, cells);
  }

  linkCells(query: LinkCellQuery): Promise<LinkCellRow[]> {
    return linkCells(this.pool, query);
  }

  async saveReassembly(saved: readonly SavedReassembly[]): Promise<void> {
    if (saved.length === 0) return;
    const rows = [...saved].sort((a, b) => (a.stationId < b.stationId ? -1 : 1));
    await this.pool.query(
      `INSERT INTO link_reassembly (station, state) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (station) DO UPDATE SET state = excluded.state`,
      [rows.map((r) => r.stationId), rows.map((r) => r.state)],
    );
  }

  /** One statement: two nodes starting at once cannot both take a station's reassembly. */
  async takeReassembly(): Promise<SavedReassembly[]> {
    const { rows } = await this.pool.query<{ station: string; state: string }>(
      'DELETE FROM link_reassembly RETURNING station, state',
    );
    return rows.map((r) => ({ stationId: r.station, state: r.state }));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.coarseRollups.idle();
    await this.pool.end();
  }
}
