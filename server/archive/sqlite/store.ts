// The SQLite archive (better-sqlite3, WAL). One transaction per group commit, prepared statements only,
// de-duplication by the frames table's primary key.
import Database from 'better-sqlite3';
import type { Alarm, TelemetryEvent } from '../../../shared/protocol/api';
import type { FrameDecoder } from '../../../shared/codec';
import type { Dictionary } from '../../../shared/dictionary';
import type { IngestErrorCode } from '../../../shared/protocol/ingest';
import { ArchivedFrames, LATEST_WALK_FRAMES, newestOfEach } from '../archivedFrames';
import { RECEPTION_CELL_MS, ReceptionAccumulator } from '../receptionCells';
import type { RollupTier } from '../rollup';
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
  FrameRecord,
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
import type { LimitChange } from '../../../shared/protocol/limits';
import type { ReceivedPacket } from '../../../shared/protocol/receptions';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { SqliteCoarseRollups } from './coarseRollups';
import { SqliteMinuteRollups, type RollupSample } from './minuteRollups';
import { SqliteContacts } from './contacts';
import { SqliteHistory } from './history';
import { SqliteLimitChanges } from './limitChanges';
import { NameIds } from './names';
import { SqlitePacketReceptions } from './packetReceptions';
import { SqliteReassembly } from './reassembly';
import { SqliteLinkCells } from './linkCells';
import type { LinkCell, LinkCellQuery, LinkCellRow } from '../linkCells';
import { SqliteReceptionHours } from './receptionHours';
import { ARCHIVE_KIND, inspectSqliteFile } from '../../sqlite/inspect';
import { migrate, type Synchronous } from './schema';
import { splitPackedStream } from '../deliveryRuns';
import { SqliteStatements, type FrameRow, type LedgerDayRow } from './statements';

export interface SqliteStoreOptions {
  /** Path of the database file, or ':memory:'. */
  file: string;
  synchronous?: Synchronous;
  /** The dictionary the archived frames are decoded with (default: Ortaq's bundled one). */
  dictionary?: Dictionary;
  /** What reads them: the mission's XTCE decoder (see ArchivedFrames for the default). */
  decoder?: FrameDecoder;
  /**
   * Whether this process is the archive's ingest (default), which rebuilds at open the minute rollups a killed
   * one held in memory. A tool that may open the archive beside a running server (the ledger) passes false:
   * it would rebuild minutes the server still holds, and the server's next write would count them twice.
   */
  ingests?: boolean;
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  return new SqliteStore(options);
}

class SqliteStore implements Store {
  /** One writer: better-sqlite3 writes synchronously, a second commit could only queue behind the first. */
  readonly commitConcurrency = 1;
  private readonly db: Database.Database;
  private readonly names: NameIds;
  private readonly sql: SqliteStatements;
  private readonly archived: ArchivedFrames;
  private readonly historyQueries: SqliteHistory;
  private readonly limits: SqliteLimitChanges;
  private readonly packetReceptionRows: SqlitePacketReceptions;
  private readonly reassembly: SqliteReassembly;
  private readonly linkCellRows: SqliteLinkCells;
  private readonly hours: SqliteReceptionHours;
  private readonly contactRecords: SqliteContacts;
  private readonly coarseRollups: SqliteCoarseRollups;
  private readonly minuteRollups: SqliteMinuteRollups;
  private readonly receptionCells = new ReceptionAccumulator();
  private parameterIdLists = new WeakMap<readonly string[], number[]>();
  private readonly writeBatch: (batch: CommitBatch) => CommitResult;

  constructor(options: SqliteStoreOptions) {
    inspectSqliteFile(options.file, ARCHIVE_KIND);
    this.db = new Database(options.file);
    migrate(this.db, options.synchronous ?? 'FULL');
    this.names = new NameIds(this.db);
    this.sql = new SqliteStatements(this.db);
    this.archived = new ArchivedFrames(options.dictionary, options.decoder);
    this.coarseRollups = new SqliteCoarseRollups(this.db);
    this.minuteRollups = new SqliteMinuteRollups(this.db, this.coarseRollups);
    this.historyQueries = new SqliteHistory(this.db, this.names, this.archived, (tier) =>
      this.rollupsReadable(tier),
    );
    this.limits = new SqliteLimitChanges(this.db);
    this.packetReceptionRows = new SqlitePacketReceptions(this.db, this.names);
    this.reassembly = new SqliteReassembly(this.db);
    this.linkCellRows = new SqliteLinkCells(this.db);
    this.hours = new SqliteReceptionHours(this.db, this.names);
    this.contactRecords = new SqliteContacts(this.db);
    this.writeBatch = this.db.transaction((batch: CommitBatch) => this.write(batch));
    if (options.ingests !== false) this.recoverMinuteRollups();
  }

  commit(batch: CommitBatch): Promise<CommitResult> {
    try {
      const unique = this.writeBatch(batch);
      this.minuteRollups.committed();
      return Promise.resolve(unique);
    } catch (error) {
      // The transaction rolled back (a full disk, SQLITE_FULL): names it created exist no more.
      this.rolledBack();
      return Promise.reject(error);
    } finally {
      this.names.settle();
    }
  }

  private rolledBack(): void {
    this.names.forgetUncommitted();
    this.parameterIdLists = new WeakMap();
    this.coarseRollups.reload();
    this.minuteRollups.rolledBack();
  }

  /** The process ended with minute cells in memory: they are rebuilt from the frames their commits stored. */
  private recoverMinuteRollups(): void {
    if (!this.minuteRollups.hasUnflushedMarks()) return;
    const framesOf = this.db.prepare<[number, number, number], { t: number; bytes: Buffer }>(
      'SELECT t, bytes FROM frames WHERE sc = ? AND t >= ? AND t < ? ORDER BY t, apid, seq',
    );
    const names = this.names;
    const archived = this.archived;
    function* samplesOf(sc: number, fromMs: number, toMs: number): Iterable<RollupSample> {
      // Read whole (a minute of one spacecraft): a name created below cannot wait for an open cursor.
      for (const row of framesOf.all(sc, fromMs, toMs)) {
        const { parameterIds, values } = archived.rolledUpValues(row.bytes);
        for (let i = 0; i < values.length; i++) {
          yield { parameter: names.idOf('parameter', parameterIds[i]!), timeMs: row.t, value: values[i]! };
        }
      }
    }
    try {
      const minutes = this.db.transaction(() => this.minuteRollups.recoverInTransaction(samplesOf))();
      console.log(`archive: minute rollups of ${minutes} spacecraft-minutes rebuilt from their frames`);
    } catch (error) {
      // The archive still serves (a full disk, say): the marks stay, and the next start rebuilds them.
      this.rolledBack();
      const reason = error instanceof Error ? error.message : error;
      console.error('archive: minute rollups not rebuilt from their frames:', reason);
    } finally {
      this.names.settle();
    }
  }

  /** Before a read of a rollup tier: every committed sample is in its cells. */
  private rollupsReadable(tier: RollupTier): void {
    this.minuteRollups.flush();
    if (tier !== 'minute') this.coarseRollups.settle();
  }

  recordLimitChange(change: NewLimitChange): Promise<LimitChange> {
    return Promise.resolve().then(() => this.limits.record(change));
  }

  limitOverrides(): Promise<LimitChange[]> {
    return Promise.resolve(this.limits.overrides());
  }

  limitChanges(query: LimitChangeQuery): Promise<LimitChange[]> {
    return Promise.resolve(this.limits.changes(query));
  }

  limitChangesAfter(afterId: number, limit: number): Promise<LimitChange[]> {
    return Promise.resolve(this.limits.changesAfter(afterId, limit));
  }

  saveReassembly(saved: readonly SavedReassembly[]): Promise<void> {
    return Promise.resolve().then(() => this.reassembly.saveAll(saved));
  }

  addLinkCells(cells: readonly LinkCell[]): Promise<void> {
    return Promise.resolve().then(() => this.linkCellRows.add(cells));
  }

  linkCells(query: LinkCellQuery): Promise<LinkCellRow[]> {
    return Promise.resolve().then(() => this.linkCellRows.query(query));
  }

  takeReassembly(): Promise<SavedReassembly[]> {
    return Promise.resolve().then(() => this.reassembly.takeAll());
  }

  saveContacts(records: readonly ContactRecord[]): Promise<void> {
    return Promise.resolve().then(() => this.contactRecords.save(records));
  }

  contacts(query: ContactQuery): Promise<ContactRecord[]> {
    return Promise.resolve().then(() => this.contactRecords.contacts(query));
  }

  contactCounts(query: ContactCountQuery): Promise<ContactCountRow[]> {
    return Promise.resolve().then(() => this.contactRecords.countRows(query));
  }

  contactOrbits(query: ContactOrbitQuery): Promise<number> {
    return Promise.resolve().then(() => this.contactRecords.orbitCount(query));
  }

  contactSpan(): Promise<{ firstAosMs: number; lastLosMs: number } | null> {
    return Promise.resolve().then(() => this.contactRecords.spanOf());
  }

  lastContactLosMs(): Promise<number | null> {
    return Promise.resolve().then(() => this.contactRecords.lastLosMs());
  }

  unsettledContacts(limit: number): Promise<ContactRecord[]> {
    return Promise.resolve().then(() => this.contactRecords.unsettledRecords(limit));
  }

  ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
    return Promise.resolve();
  }

  private write(batch: CommitBatch): CommitResult {
    // Cells of a transaction that failed and rolled back must not be written with the next one.
    this.receptionCells.clear();
    const unique = batch.frames.map((frame) => this.writeFrame(frame));
    this.writeReceptions();
    this.minuteRollups.writeInTransaction();
    for (const alarm of batch.alarms) {
      const open = alarm.active || alarm.acknowledged === null ? 1 : 0;
      this.sql.upsertAlarm.run(alarm.id, alarm.spacecraftId, open, alarm.openedAtMs, JSON.stringify(alarm));
    }
    for (const event of batch.events) {
      this.sql.insertEvent.run(
        event.id,
        event.spacecraftId,
        event.timeMs,
        event.severity,
        JSON.stringify(event),
      );
    }
    for (const delta of batch.stations) this.addStationCounters(delta);
    for (const credit of batch.downlink) {
      const minute = Math.floor(credit.timeMs / 60_000) * 60_000;
      this.sql.upsertDownlink.run(
        credit.spacecraftId,
        credit.stationId,
        minute,
        credit.seconds,
        credit.bytes,
      );
    }
    this.coarseRollups.afterCommitWrites();
    return unique;
  }

  private writeFrame(frame: FrameRecord): boolean {
    const sc = this.names.idOf('spacecraft', frame.spacecraftId);
    const station = this.names.idOf('station', frame.stationId);
    const pb = frame.playback ? 1 : 0;
    const inserted =
      this.sql.insertFrame.run(
        sc,
        frame.timeMs,
        frame.apid,
        frame.sequenceCount,
        pb,
        frame.receivedMs,
        frame.bytes,
        station,
      ).changes === 1;
    this.receptionCells.add(station, sc, frame.timeMs, frame.snrDb, inserted);
    this.packetReceptionRows.add(sc, station, frame);
    if (!inserted) return false;
    // The frame's bytes are its raw samples; only the rollups take its values, and only once (it is new).
    const ids = this.parameterNumbers(frame.parameterIds);
    const skip = frame.notRolledUp;
    for (let i = 0; i < ids.length; i++) {
      if (!skip?.[i]) this.minuteRollups.add(sc, ids[i]!, frame.timeMs, frame.values[i]!);
    }
    return true;
  }

  /** Integer ids of a list of parameter ids, cached by the list's identity (the ingest shares one per packet). */
  private parameterNumbers(parameterIds: readonly string[]): number[] {
    let ids = this.parameterIdLists.get(parameterIds);
    if (!ids) {
      ids = parameterIds.map((id) => this.names.idOf('parameter', id));
      this.parameterIdLists.set(parameterIds, ids);
    }
    return ids;
  }

  private writeReceptions(): void {
    for (const c of this.receptionCells.sorted()) {
      this.sql.addReceptions.run(
        c.spacecraft,
        c.station,
        c.timeMs,
        c.firstMs,
        c.lastMs,
        c.frames,
        c.uniqueFrames,
        c.snrSumDb,
        c.snrCount,
        c.bestSnrDb,
      );
    }
    this.receptionCells.clear();
  }

  private addStationCounters(delta: StationCounterDelta): void {
    const row = this.sql.selectStation.get(delta.stationId);
    const rejects: Partial<Record<IngestErrorCode, number>> = row ? JSON.parse(row.rejects) : {};
    for (const [code, count] of Object.entries(delta.rejects) as [IngestErrorCode, number][]) {
      rejects[code] = (rejects[code] ?? 0) + count;
    }
    const lastFrame = maxOrNull(row?.last_frame ?? null, delta.lastFrameMs);
    const bestSnr = maxOrNull(row?.best_snr ?? null, delta.bestSnrDb);
    this.sql.upsertStation.run(
      delta.stationId,
      (row?.received ?? 0) + delta.framesReceived,
      (row?.uniq ?? 0) + delta.uniqueFrames,
      (row?.dups ?? 0) + delta.duplicates,
      JSON.stringify(rejects),
      lastFrame,
      bestSnr,
    );
  }

  history(query: Parameters<Store['history']>[0]) {
    return Promise.resolve(this.historyQueries.query(query));
  }

  /** Each parameter's value from the newest frame of its spacecraft that carries it, whatever its APID. */
  latestValues(): Promise<LatestValue[]> {
    const values: LatestValue[] = [];
    for (const { id: sc } of this.sql.spacecraftList.all()) {
      const spacecraftId = this.names.nameOf(sc);
      for (const apid of this.archived.apids) {
        // Stepped lazily: most walks stop at the newest frame.
        const newestFirst = this.sql.latestFrame.iterate(sc, apid, LATEST_WALK_FRAMES);
        values.push(...this.archived.newestValues(spacecraftId, apid, newestFirst));
      }
    }
    return Promise.resolve(newestOfEach(values));
  }

  frames(query: FrameQuery): Promise<StoredFrame[]> {
    let rows: FrameRow[];
    if (query.spacecraftId === undefined) {
      rows = this.sql.framesInWindow.all(query.fromMs, query.toMs, query.limit);
    } else {
      const sc = this.names.find('spacecraft', query.spacecraftId);
      rows =
        sc === undefined ? [] : this.sql.framesOfSpacecraft.all(sc, query.fromMs, query.toMs, query.limit);
    }
    return Promise.resolve(rows.map((row) => this.storedFrame(row)));
  }

  framesReceivedSince(query: ReceivedSinceQuery): Promise<StoredFrame[]> {
    const ids = query.spacecraftIds
      .map((id) => this.names.find('spacecraft', id))
      .filter((id) => id !== undefined);
    if (ids.length === 0) return Promise.resolve([]);
    const rows = this.sql.framesReceivedSince.all(query.afterReceivedMs, JSON.stringify(ids), query.limit);
    return Promise.resolve(rows.map((row) => this.storedFrame(row)));
  }

  private storedFrame(row: FrameRow): StoredFrame {
    return {
      spacecraftId: this.names.nameOf(row.sc),
      apid: row.apid,
      sequenceCount: row.seq,
      timeMs: row.t,
      playback: row.pb === 1,
      receivedMs: row.recv,
      bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    };
  }

  receptions(query: ReceptionQuery): Promise<ReceptionRow[]> {
    const sc = this.names.find('spacecraft', query.spacecraftId);
    const station = this.names.find('station', query.stationId);
    if (sc === undefined || station === undefined) return Promise.resolve([]);
    const firstSecond = Math.floor(query.fromMs / RECEPTION_CELL_MS) * RECEPTION_CELL_MS;
    return Promise.resolve(this.sql.receptions.all(sc, station, firstSecond, query.toMs));
  }

  packetReceptions(query: PacketReceptionQuery): Promise<ReceivedPacket[]> {
    return Promise.resolve(this.packetReceptionRows.query(query));
  }

  alarms(query: AlarmQuery): Promise<Alarm[]> {
    const params = {
      sc: query.spacecraftId ?? null,
      scs: query.spacecraftIds ? JSON.stringify(query.spacecraftIds) : null,
      from: query.openedFromMs ?? null,
      to: query.openedToMs ?? null,
      limit: query.limit,
    };
    const rows = query.openOnly ? this.sql.openAlarms.all(params) : this.sql.allAlarms.all(params);
    return Promise.resolve(rows.map((row) => JSON.parse(row.body) as Alarm));
  }

  alarmsByIds(ids: readonly string[]): Promise<Alarm[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const rows = this.sql.alarmsByIds.all(JSON.stringify(ids));
    return Promise.resolve(rows.map((row) => JSON.parse(row.body) as Alarm));
  }

  events(query: EventQuery): Promise<TelemetryEvent[]> {
    const severities = query.severities ? JSON.stringify(query.severities) : null;
    const rows = this.sql.events.all({
      from: query.fromMs,
      to: query.toMs,
      sc: query.spacecraftId ?? null,
      scs: query.spacecraftIds ? JSON.stringify(query.spacecraftIds) : null,
      severities,
      limit: query.limit,
    });
    return Promise.resolve(rows.map((row) => JSON.parse(row.body) as TelemetryEvent));
  }

  stationCounters(): Promise<StationCounterDelta[]> {
    return Promise.resolve(
      this.sql.allStations.all().map((row) => ({
        stationId: row.station,
        framesReceived: row.received,
        uniqueFrames: row.uniq,
        duplicates: row.dups,
        rejects: JSON.parse(row.rejects) as StationCounterDelta['rejects'],
        lastFrameMs: row.last_frame,
        bestSnrDb: row.best_snr,
      })),
    );
  }

  downlinkTotals(fromMs: number, toMs: number): Promise<DownlinkTotal[]> {
    const rows = this.sql.downlinkTotals.all(fromMs, toMs);
    return Promise.resolve(
      rows.map((r) => ({ spacecraftId: r.sc, stationId: r.station, seconds: r.seconds, bytes: r.bytes })),
    );
  }

  deliveries(fromMs: number, toMs: number): Promise<DeliveredFrame[]> {
    const rows = this.sql.deliveries.all(fromMs, toMs);
    return Promise.resolve(
      rows.map(([sc, station, apid, t, seq, recv, bytes]) => ({
        spacecraftId: this.names.nameOf(sc),
        stationId: station === null ? null : this.names.nameOf(station),
        apid,
        sequenceCount: seq,
        timeMs: t,
        receivedMs: recv,
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      })),
    );
  }

  deliveryRuns(fromMs: number, toMs: number): Promise<DeliveryRun[]> {
    const stream = this.sql.deliveryStream.get(fromMs, toMs);
    // Out of order would be a change in how SQLite runs the query; the runs per pair sort it themselves.
    const runs = stream ? splitPackedStream(stream) : [];
    const rows =
      runs ??
      this.sql.deliveryRuns.all(fromMs, toMs).map(([sc, station, packed]) => ({ sc, station, packed }));
    return Promise.resolve(
      rows.map(({ sc, station, packed }) => ({
        spacecraftId: this.names.nameOf(sc),
        stationId: station === null ? null : this.names.nameOf(station),
        packed: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength),
      })),
    );
  }

  contactTotals(fromMs: number, toMs: number): Promise<ContactTotal[]> {
    return Promise.resolve().then(() => this.hours.contactTotals(fromMs, toMs));
  }

  firstReceivedMs(): Promise<number | null> {
    return Promise.resolve(this.sql.firstReceived.get()?.recv ?? null);
  }

  ledgerDays(fromDay: string, toDay: string): Promise<StoredLedgerDay[]> {
    return Promise.resolve(this.sql.ledgerDays.all(fromDay, toDay).map(ledgerDayOf));
  }

  lastLedgerDay(): Promise<StoredLedgerDay | null> {
    const row = this.sql.lastLedgerDay.get();
    return Promise.resolve(row ? ledgerDayOf(row) : null);
  }

  appendLedgerDay(day: StoredLedgerDay): Promise<boolean> {
    const { changes } = this.sql.appendLedgerDay.run(day.day, day.previousHash, day.hash, day.records);
    return Promise.resolve(changes === 1);
  }

  pruneBefore(cutoffMs: number): Promise<void> {
    // Per spacecraft (and station), so every delete walks an index instead of scanning the table.
    this.db.transaction(() => {
      for (const sc of this.names.idsOf('spacecraft')) {
        this.sql.pruneFrames.run(sc, cutoffMs);
        this.packetReceptionRows.pruneBefore(sc, cutoffMs);
        for (const station of this.names.idsOf('station'))
          this.sql.pruneReceptions.run(sc, station, cutoffMs);
      }
      this.linkCellRows.pruneBefore(cutoffMs);
      this.hours.pruneBefore(cutoffMs);
      this.sql.pruneEvents.run(cutoffMs);
      this.sql.pruneAlarms.run(cutoffMs);
    })();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.db.open) return Promise.resolve();
    this.minuteRollups.stop();
    try {
      this.minuteRollups.flush();
    } catch (error) {
      // Their marks stay: the next start rebuilds those minutes from the frames.
      const reason = error instanceof Error ? error.message : error;
      console.error('archive: minute rollups not written at close:', reason);
    }
    this.db.close();
    return Promise.resolve();
  }
}

function ledgerDayOf(row: LedgerDayRow): StoredLedgerDay {
  return { day: row.day, previousHash: row.prev, hash: row.hash, records: row.records };
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
