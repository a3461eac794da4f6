// The ledger on both archives: built from the receptions, it verifies untouched, and every kind of
// tampering (a reception edited, moved, added or removed; a ledger day edited, re-hashed or removed) makes
// verification fail naming the day and the partner pair.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerBook, ownersOf, recomputeDay } from '../../server/ledger/book';
import { dayHash } from '../../server/ledger/chain';
import { canonicalJson } from '../../server/ledger/canonical';
import { verifyLedger } from '../../server/ledger/verify';
import { DICTIONARY } from '../../server/mission/shipped';
import { commitLedgerFixture, LEDGER_CLOSE_MS, LEDGER_DAYS } from '../helpers/ledger';
import { RAW_ARCHIVES, type RawArchive } from '../helpers/rawArchive';

const owners = ownersOf(DICTIONARY);
const name = (kind: string, id: string) => `(SELECT id FROM names WHERE kind = '${kind}' AND name = '${id}')`;
/** One of Astana's Göktürk-2 packets on the second day (KZ delivering TR's spacecraft). */
const ONE_PACKET = `sc = ${name('spacecraft', 'gokturk-2')} AND seq = 105`;

interface Tampering {
  what: string;
  sql(raw: RawArchive): string | Promise<string>;
  day: string;
  pair: string | null;
}

const TAMPERINGS: Tampering[] = [
  {
    what: "a reception's bytes edited",
    sql: (raw) =>
      raw.engine === 'sqlite'
        ? `UPDATE frames SET bytes = zeroblob(length(bytes)) WHERE ${ONE_PACKET}`
        : `UPDATE frames SET bytes = decode(repeat('00', length(bytes)), 'hex') WHERE ${ONE_PACKET}`,
    day: '2026-11-02',
    pair: 'KZ→TR',
  },
  {
    what: 'a reception credited to another station',
    sql: () => `UPDATE frames SET station = ${name('station', 'ankara')} WHERE ${ONE_PACKET}`,
    day: '2026-11-02',
    pair: 'KZ→TR',
  },
  {
    what: 'a reception added',
    sql: () =>
      `INSERT INTO frames (sc, apid, t, seq, pb, recv, bytes, station)
       SELECT sc, apid, t + 1, seq + 1000, pb, recv, bytes, station FROM frames WHERE ${ONE_PACKET}`,
    day: '2026-11-02',
    pair: 'KZ→TR',
  },
  {
    what: 'a reception removed',
    sql: () => `DELETE FROM frames WHERE ${ONE_PACKET}`,
    day: '2026-11-02',
    pair: 'KZ→TR',
  },
  {
    what: 'a ledger day edited',
    sql: (raw) =>
      `${unlock(raw)} UPDATE ledger_days SET records = replace(records, '"packets":20', '"packets":21')
       WHERE day = '2026-11-02'`,
    day: '2026-11-02',
    pair: 'KZ→TR',
  },
  {
    what: 'a ledger day edited and re-hashed',
    sql: async (raw) => {
      const [stored] = await raw.store.ledgerDays('2026-11-02', '2026-11-02');
      const records = JSON.parse(stored!.records) as Parameters<typeof dayHash>[2];
      const forged = records.map((r) =>
        r.giver === 'KZ' && r.receiver === 'TR' ? { ...r, packets: 99 } : r,
      );
      const hash = dayHash(stored!.day, stored!.previousHash, forged);
      return `${unlock(raw)} UPDATE ledger_days SET records = '${canonicalJson(forged)}', hash = '${hash}'
        WHERE day = '2026-11-02'`;
    },
    day: '2026-11-03',
    pair: null,
  },
  {
    what: 'a ledger day removed',
    sql: (raw) => `${unlock(raw)} DELETE FROM ledger_days WHERE day = '2026-11-02'`,
    day: '2026-11-02',
    pair: null,
  },
];

/** Someone with the database in hand can lift the append-only triggers first. */
function unlock(raw: RawArchive): string {
  return raw.engine === 'sqlite'
    ? 'DROP TRIGGER ledger_days_no_update; DROP TRIGGER ledger_days_no_delete;'
    : 'ALTER TABLE ledger_days DISABLE TRIGGER ledger_days_append_only;';
}

describe.each(RAW_ARCHIVES)('the ledger on $name', (factory) => {
  let raw: RawArchive;
  let book: LedgerBook;

  beforeEach(async () => {
    raw = await factory.create();
    await commitLedgerFixture(raw.store);
    book = new LedgerBook(raw.store, owners);
    expect(await book.closeDays(LEDGER_CLOSE_MS)).toEqual(LEDGER_DAYS);
  }, 60_000);
  afterEach(() => raw.dispose());

  it('records each day what each station delivered of each spacecraft, chained day to day', async () => {
    const days = await book.days('2026-11-01', '2026-11-30');
    expect(days.map((d) => d.day)).toEqual(LEDGER_DAYS);
    expect(days[1]!.previousHash).toBe(days[0]!.hash);
    expect(days[2]!.previousHash).toBe(days[1]!.hash);
    const summary = days[0]!.records.map((r) => [
      r.giver,
      r.receiver,
      r.stationId,
      r.spacecraftId,
      r.packets,
    ]);
    // Ankara's copies of Astana's packets are duplicates: the first station to bring a packet delivered it.
    expect(summary).toEqual([
      ['AZ', 'UZ', 'baku', 'ortaq-1', 5],
      ['KZ', 'KZ', 'astana', 'kazeosat-1', 10],
      ['KZ', 'TR', 'astana', 'gokturk-2', 20],
      ['TR', 'KZ', 'ankara', 'kazeosat-1', 15],
    ]);
    const kzTr = days[0]!.records[2]!;
    expect(kzTr.lastMs - kzTr.firstMs).toBe(19_000);
    expect(kzTr.bytes).toBeGreaterThan(20 * 10);
    // The same frames give the same digests on every archive: the digest is over the frames, not the rows.
    const again = await recomputeDay(raw.store, owners, '2026-11-01');
    expect(again.records).toEqual(days[0]!.records);
  });

  it('verifies untouched, over the whole ledger and over a range', async () => {
    expect(await verifyLedger(raw.store, owners)).toEqual({ daysChecked: 3, problems: [] });
    expect(await verifyLedger(raw.store, owners, { fromDay: '2026-11-02', toDay: '2026-11-02' })).toEqual({
      daysChecked: 1,
      problems: [],
    });
  });

  it('closes each day once and refuses to change a closed day', async () => {
    expect(await book.closeDays(LEDGER_CLOSE_MS + 3_600_000)).toEqual([]);
    const [first] = await raw.store.ledgerDays('2026-11-01', '2026-11-01');
    expect(await raw.store.appendLedgerDay({ ...first!, hash: 'f'.repeat(64) })).toBe(false);
    await expect(raw.exec("UPDATE ledger_days SET hash = 'x' WHERE day = '2026-11-01'")).rejects.toThrow(
      /append-only/,
    );
    await expect(raw.exec("DELETE FROM ledger_days WHERE day = '2026-11-01'")).rejects.toThrow(/append-only/);
  });

  it.each(TAMPERINGS)('fails on $what, naming the day and the pair', async (tampering) => {
    await raw.exec(await tampering.sql(raw));
    const report = await verifyLedger(raw.store, owners);
    expect(report.problems.length).toBeGreaterThan(0);
    const named = report.problems.some(
      (p) => p.day === tampering.day && (tampering.pair === null || p.pair === tampering.pair),
    );
    expect(named, JSON.stringify(report.problems)).toBe(true);
    // Days before the tampering still verify on their own.
    expect((await verifyLedger(raw.store, owners, { toDay: '2026-11-01' })).problems).toEqual([]);
  });
});
