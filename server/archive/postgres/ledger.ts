// What the ledger (server/ledger) reads of the PostgreSQL archive and the days it appends to it.
import type pg from 'pg';
import { POSTGRES_PACKED_RUN } from '../deliveryRuns';
import type { DeliveredFrame, DeliveryRun, StoredLedgerDay } from '../types';
import type { PgNames } from './names';

interface DeliveryRow {
  sc: number;
  station: number | null;
  apid: number;
  t: number;
  seq: number;
  recv: number;
  bytes: Buffer;
}

interface LedgerDayRow {
  day: string;
  prev: string;
  hash: string;
  records: string;
}

const dayOf = (row: LedgerDayRow): StoredLedgerDay => ({
  day: row.day,
  previousHash: row.prev,
  hash: row.hash,
  records: row.records,
});

export async function deliveries(
  pool: pg.Pool,
  names: PgNames,
  fromMs: number,
  toMs: number,
): Promise<DeliveredFrame[]> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT sc, station, apid, t, seq, recv, bytes FROM frames WHERE recv >= $1 AND recv < $2
     ORDER BY recv, sc, apid, t, seq`,
    [fromMs, toMs],
  );
  const nameOf = await names.resolve(rows.flatMap((r) => (r.station === null ? [r.sc] : [r.sc, r.station])));
  return rows.map((row) => ({
    spacecraftId: nameOf(row.sc),
    stationId: row.station === null ? null : nameOf(row.station),
    apid: row.apid,
    sequenceCount: row.seq,
    timeMs: row.t,
    receivedMs: row.recv,
    bytes: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
  }));
}

export async function deliveryRuns(
  pool: pg.Pool,
  names: PgNames,
  fromMs: number,
  toMs: number,
): Promise<DeliveryRun[]> {
  // Named, so each connection plans it once: recv does not prune the partitions (they go by packet time),
  // and planning across all of them cost more than running the query for an hour's page.
  const { rows } = await pool.query<{ sc: number; station: number | null; packed: Buffer }>({
    name: 'ledger-delivery-runs',
    text: `SELECT sc, station, ${POSTGRES_PACKED_RUN} AS packed FROM frames WHERE recv >= $1 AND recv < $2
     GROUP BY sc, station`,
    values: [fromMs, toMs],
  });
  const nameOf = await names.resolve(rows.flatMap((r) => (r.station === null ? [r.sc] : [r.sc, r.station])));
  return rows.map((row) => ({
    spacecraftId: nameOf(row.sc),
    stationId: row.station === null ? null : nameOf(row.station),
    packed: new Uint8Array(row.packed.buffer, row.packed.byteOffset, row.packed.byteLength),
  }));
}

export async function firstReceivedMs(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ recv: number | null }>('SELECT min(recv) AS recv FROM frames');
  return rows[0]?.recv ?? null;
}

export async function ledgerDays(pool: pg.Pool, fromDay: string, toDay: string): Promise<StoredLedgerDay[]> {
  const { rows } = await pool.query<LedgerDayRow>(
    'SELECT day, prev, hash, records FROM ledger_days WHERE day >= $1 AND day <= $2 ORDER BY day',
    [fromDay, toDay],
  );
  return rows.map(dayOf);
}

export async function lastLedgerDay(pool: pg.Pool): Promise<StoredLedgerDay | null> {
  const { rows } = await pool.query<LedgerDayRow>(
    'SELECT day, prev, hash, records FROM ledger_days ORDER BY day DESC LIMIT 1',
  );
  return rows[0] ? dayOf(rows[0]) : null;
}

export async function appendLedgerDay(pool: pg.Pool, day: StoredLedgerDay): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO ledger_days (day, prev, hash, records) VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO NOTHING`,
    [day.day, day.previousHash, day.hash, day.records],
  );
  return rowCount === 1;
}
