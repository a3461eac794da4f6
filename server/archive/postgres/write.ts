// One group commit on PostgreSQL: every table written with one multi-row statement over unnest() arrays,
// all in one transaction. Rows are sorted by key before writing so that two nodes writing overlapping
// batches lock rows in the same order and cannot deadlock each other.
import type { PoolClient } from 'pg';
import type { Alarm } from '../../../shared/protocol/api';
import { ReceptionAccumulator } from '../receptionCells';
import { ADD_RECEPTIONS } from './receptionHours';
import { markMinutes } from './coarseRollups';
import { MINUTE_MS, RollupAccumulator, type RollupCell } from '../rollup';
import type { CommitBatch, CommitResult, DownlinkCredit, FrameRecord, StationCounterDelta } from '../types';

/** Name → id maps resolved before the transaction. */
export interface BatchIds {
  spacecraft: Map<string, number>;
  station: Map<string, number>;
  parameter: Map<string, number>;
}

interface KeyedFrame {
  index: number;
  sc: number;
  frame: FrameRecord;
}

export interface WrittenBatch {
  unique: CommitResult;
  /** 10-minute cells newly marked for the coarse rollups (coarseRollups.ts). */
  newMarks: number;
}

export async function writeBatch(
  client: PoolClient,
  batch: CommitBatch,
  ids: BatchIds,
): Promise<WrittenBatch> {
  const unique = await insertFrames(client, batch.frames, ids);
  await addReceptions(client, batch.frames, unique, ids);
  await addPacketReceptions(client, batch.frames, ids);
  const newMarks = await rollUpNewFrames(client, batch.frames, unique, ids);
  await upsertAlarms(client, batch.alarms);
  await insertEvents(client, batch);
  await addStationCounters(client, batch.stations);
  await addDownlink(client, batch.downlink);
  return { unique, newMarks };
}

const frameKey = (sc: number, t: number, apid: number, seq: number) => `${sc}:${t}:${apid}:${seq}`;

async function insertFrames(client: PoolClient, frames: readonly FrameRecord[], ids: BatchIds) {
  if (frames.length === 0) return [];
  const keyed: KeyedFrame[] = frames.map((frame, index) => ({
    index,
    sc: ids.spacecraft.get(frame.spacecraftId)!,
    frame,
  }));
  // In key order (sc, apid, t, seq).
  keyed.sort(
    (a, b) =>
      a.sc - b.sc ||
      a.frame.apid - b.frame.apid ||
      a.frame.timeMs - b.frame.timeMs ||
      a.frame.sequenceCount - b.frame.sequenceCount ||
      a.index - b.index,
  );
  // The frames' bytes travel as one binary parameter cut up in SQL: a bytea[] would be hex text, costly to
  // build here and to parse in the database.
  const bytes = Buffer.concat(keyed.map((k) => k.frame.bytes));
  const starts: number[] = [];
  let offset = 1;
  for (const k of keyed) {
    starts.push(offset);
    offset += k.frame.bytes.byteLength;
  }
  const { rows } = await client.query<{ sc: number; t: number; apid: number; seq: number }>(
    `INSERT INTO frames (sc, t, apid, seq, pb, recv, bytes, station)
     SELECT sc, t, apid, seq, pb, recv, substring($7::bytea FROM start FOR len), station
     FROM unnest($1::integer[], $2::bigint[], $3::integer[], $4::integer[], $5::boolean[], $6::bigint[],
       $8::integer[], $9::integer[], $10::integer[]) AS f(sc, t, apid, seq, pb, recv, start, len, station)
     ON CONFLICT DO NOTHING RETURNING sc, t, apid, seq`,
    [
      keyed.map((k) => k.sc),
      keyed.map((k) => k.frame.timeMs),
      keyed.map((k) => k.frame.apid),
      keyed.map((k) => k.frame.sequenceCount),
      keyed.map((k) => k.frame.playback),
      keyed.map((k) => k.frame.receivedMs),
      bytes,
      starts,
      keyed.map((k) => k.frame.bytes.byteLength),
      keyed.map((k) => ids.station.get(k.frame.stationId)!),
    ],
  );
  const inserted = new Set(rows.map((r) => frameKey(r.sc, r.t, r.apid, r.seq)));
  const unique: CommitResult = frames.map(() => false);
  // The same packet twice in one batch is inserted once: the first copy (in batch order) is the new one.
  for (const k of keyed) {
    const key = frameKey(k.sc, k.frame.timeMs, k.frame.apid, k.frame.sequenceCount);
    if (inserted.delete(key)) unique[k.index] = true;
  }
  return unique;
}

/** Receptions summed per second (receptionCells.ts) and per hour, added to what other commits and nodes wrote. */
async function addReceptions(
  client: PoolClient,
  frames: readonly FrameRecord[],
  unique: CommitResult,
  ids: BatchIds,
): Promise<void> {
  if (frames.length === 0) return;
  const cells = new ReceptionAccumulator();
  frames.forEach((f, i) => {
    cells.add(
      ids.station.get(f.stationId)!,
      ids.spacecraft.get(f.spacecraftId)!,
      f.timeMs,
      f.snrDb,
      unique[i]!,
    );
  });
  const rows = cells.sorted();
  await client.query(ADD_RECEPTIONS, [
    rows.map((c) => c.spacecraft),
    rows.map((c) => c.station),
    rows.map((c) => c.timeMs),
    rows.map((c) => c.firstMs),
    rows.map((c) => c.lastMs),
    rows.map((c) => c.frames),
    rows.map((c) => c.uniqueFrames),
    rows.map((c) => c.snrSumDb),
    rows.map((c) => c.snrCount),
    rows.map((c) => c.bestSnrDb),
  ]);
}

/**
 * One row per station that delivered a packet; a station's second delivery of it (a resend) is ignored, so
 * its first reception stays. In key order, like the frames, so concurrent commits lock rows in one order.
 */
async function addPacketReceptions(
  client: PoolClient,
  frames: readonly FrameRecord[],
  ids: BatchIds,
): Promise<void> {
  if (frames.length === 0) return;
  const rows = frames.map((frame) => ({
    sc: ids.spacecraft.get(frame.spacecraftId)!,
    station: ids.station.get(frame.stationId)!,
    frame,
  }));
  rows.sort(
    (a, b) =>
      a.sc - b.sc ||
      a.frame.timeMs - b.frame.timeMs ||
      a.frame.apid - b.frame.apid ||
      a.frame.sequenceCount - b.frame.sequenceCount ||
      a.station - b.station,
  );
  await client.query(
    `INSERT INTO packet_receptions (sc, t, apid, seq, station, recv, ert, snr, vc, fc)
     SELECT * FROM unnest($1::integer[], $2::bigint[], $3::integer[], $4::integer[], $5::integer[],
       $6::bigint[], $7::bigint[], $8::float8[], $9::smallint[], $10::smallint[])
     ON CONFLICT DO NOTHING`,
    [
      rows.map((r) => r.sc),
      rows.map((r) => r.frame.timeMs),
      rows.map((r) => r.frame.apid),
      rows.map((r) => r.frame.sequenceCount),
      rows.map((r) => r.station),
      rows.map((r) => r.frame.receivedMs),
      rows.map((r) => r.frame.ertMs),
      rows.map((r) => r.frame.snrDb),
      rows.map((r) => r.frame.link?.vcid ?? null),
      rows.map((r) => r.frame.link?.frameCount ?? null),
    ],
  );
}

/**
 * The rollups take the values of the frames that were new to the archive, so each packet counts once however
 * many stations heard it. There is no row per parameter: the frame's bytes are its raw samples. Only the
 * minute cells are written here; the 10-minute cells they fall in are marked for the coarse tiers to be
 * rebuilt from them (coarseRollups.ts). Answers how many marks are new.
 */
async function rollUpNewFrames(
  client: PoolClient,
  frames: readonly FrameRecord[],
  unique: CommitResult,
  ids: BatchIds,
): Promise<number> {
  const rollups = new RollupAccumulator();
  frames.forEach((frame, i) => {
    if (!unique[i]) return;
    const sc = ids.spacecraft.get(frame.spacecraftId)!;
    frame.parameterIds.forEach((parameterId, j) => {
      if (frame.notRolledUp?.[j]) return;
      rollups.add(sc, ids.parameter.get(parameterId)!, frame.timeMs, frame.values[j]!);
    });
  });
  const minutes = [...rollups.minutes()];
  await upsertMinutes(client, minutes);
  return markMinutes(client, minutes);
}

async function upsertMinutes(client: PoolClient, cells: RollupCell[]): Promise<void> {
  if (cells.length === 0) return;
  cells.sort((a, b) => a.spacecraft - b.spacecraft || a.parameter - b.parameter || a.timeMs - b.timeMs);
  await client.query(
    `INSERT INTO rollup_minute AS r (sc, p, t, n, sum, min, max)
     SELECT * FROM unnest($1::integer[], $2::integer[], $3::bigint[], $4::bigint[], $5::float8[], $6::float8[],
       $7::float8[])
     ON CONFLICT (sc, p, t) DO UPDATE SET n = r.n + excluded.n, sum = r.sum + excluded.sum,
       min = LEAST(r.min, excluded.min), max = GREATEST(r.max, excluded.max)`,
    [
      cells.map((c) => c.spacecraft),
      cells.map((c) => c.parameter),
      cells.map((c) => c.timeMs),
      cells.map((c) => c.count),
      cells.map((c) => c.sum),
      cells.map((c) => c.min),
      cells.map((c) => c.max),
    ],
  );
}

async function upsertAlarms(client: PoolClient, alarms: readonly Alarm[]): Promise<void> {
  if (alarms.length === 0) return;
  const sorted = [...alarms].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await client.query(
    `INSERT INTO alarms (id, sc, open, opened, body)
     SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[], $5::jsonb[])
     ON CONFLICT (id) DO UPDATE SET open = excluded.open, body = excluded.body`,
    [
      sorted.map((a) => a.id),
      sorted.map((a) => a.spacecraftId),
      sorted.map((a) => a.active || a.acknowledged === null),
      sorted.map((a) => a.openedAtMs),
      sorted.map((a) => JSON.stringify(a)),
    ],
  );
}

async function insertEvents(client: PoolClient, batch: CommitBatch): Promise<void> {
  if (batch.events.length === 0) return;
  const events = batch.events;
  await client.query(
    `INSERT INTO events (id, sc, t, severity, body)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[])
     ON CONFLICT (id) DO NOTHING`,
    [
      events.map((e) => e.id),
      events.map((e) => e.spacecraftId),
      events.map((e) => e.timeMs),
      events.map((e) => e.severity),
      events.map((e) => JSON.stringify(e)),
    ],
  );
}

/** Counters are added in the database, so increments from several nodes sum up. One delta per station. */
async function addStationCounters(client: PoolClient, deltas: readonly StationCounterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const sorted = [...deltas].sort((a, b) => (a.stationId < b.stationId ? -1 : 1));
  await client.query(
    `INSERT INTO station_counters AS s (station, received, uniq, dups, last_frame, best_snr)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::float8[])
     ON CONFLICT (station) DO UPDATE SET received = s.received + excluded.received,
       uniq = s.uniq + excluded.uniq, dups = s.dups + excluded.dups,
       last_frame = GREATEST(s.last_frame, excluded.last_frame),
       best_snr = GREATEST(s.best_snr, excluded.best_snr)`,
    [
      sorted.map((d) => d.stationId),
      sorted.map((d) => d.framesReceived),
      sorted.map((d) => d.uniqueFrames),
      sorted.map((d) => d.duplicates),
      sorted.map((d) => d.lastFrameMs),
      sorted.map((d) => d.bestSnrDb),
    ],
  );
  const rejects = sorted.flatMap((d) =>
    (Object.keys(d.rejects).sort() as (keyof StationCounterDelta['rejects'])[]).map((code) => ({
      station: d.stationId,
      code,
      n: d.rejects[code] ?? 0,
    })),
  );
  if (rejects.length === 0) return;
  await client.query(
    `INSERT INTO station_rejects AS r (station, code, n)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (station, code) DO UPDATE SET n = r.n + excluded.n`,
    [rejects.map((r) => r.station), rejects.map((r) => r.code), rejects.map((r) => r.n)],
  );
}

async function addDownlink(client: PoolClient, credits: readonly DownlinkCredit[]): Promise<void> {
  if (credits.length === 0) return;
  // One row per minute bucket: a multi-row upsert may not touch the same row twice.
  const buckets = new Map<
    string,
    { sc: string; station: string; t: number; seconds: number; bytes: number }
  >();
  for (const c of credits) {
    const t = Math.floor(c.timeMs / MINUTE_MS) * MINUTE_MS;
    const key = `${c.spacecraftId}\u0000${c.stationId}\u0000${t}`;
    const bucket = buckets.get(key);
    if (bucket) {
      bucket.seconds += c.seconds;
      bucket.bytes += c.bytes;
    } else
      buckets.set(key, { sc: c.spacecraftId, station: c.stationId, t, seconds: c.seconds, bytes: c.bytes });
  }
  const rows = [...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  await client.query(
    `INSERT INTO downlink AS d (sc, station, t, seconds, bytes)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[])
     ON CONFLICT (sc, station, t) DO UPDATE SET seconds = d.seconds + excluded.seconds,
       bytes = d.bytes + excluded.bytes`,
    [
      rows.map((r) => r.sc),
      rows.map((r) => r.station),
      rows.map((r) => r.t),
      rows.map((r) => r.seconds),
      rows.map((r) => r.bytes),
    ],
  );
}
