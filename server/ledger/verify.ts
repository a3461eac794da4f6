// Verification trusts nothing stored: every day of the range is recomputed from the archive's frames and
// compared record by record with the ledger, the chain is re-hashed from the stored records, and a statement
// is checked against the deployment key and against the ledger it claims to come from.
import type { KeyObject } from 'node:crypto';
import type { LedgerDay, LedgerRecord } from '../../shared/protocol/ledger';
import { statementSchema } from '../../shared/protocol/ledger';
import type { StoredLedgerDay } from '../archive/types';
import { parseStoredDay, recomputeDay, type LedgerArchive } from './book';
import { canonicalJson } from './canonical';
import { dayHash, GENESIS_HASH } from './chain';
import { monthDays, nextDay } from './days';
import type { Owners } from './records';
import { keyIdOf, verifySignature } from './signer';
import { signedText, statementBody } from './statements';

export interface LedgerProblem {
  /** The day it concerns (YYYY-MM-DD), or null for the statement as a whole. */
  day: string | null;
  /** The partner pair, "giver→receiver", when it concerns one. */
  pair: string | null;
  message: string;
}

export interface VerifyReport {
  daysChecked: number;
  problems: LedgerProblem[];
}

const pairOf = (r: Pick<LedgerRecord, 'giver' | 'receiver'>) => `${r.giver}→${r.receiver}`;

/** Checks the closed days from `fromDay` to `toDay` (default: the whole ledger). */
export async function verifyLedger(
  archive: LedgerArchive,
  owners: Owners,
  range: { fromDay?: string; toDay?: string } = {},
): Promise<VerifyReport> {
  const stored = await archive.ledgerDays(range.fromDay ?? '0000-00-00', range.toDay ?? '9999-99-99');
  const problems: LedgerProblem[] = [];
  // The chain is checked from the day before the range, when there is one, so a range cannot start on a
  // forged link.
  const first = stored[0];
  let expectedPrevious = first ? await previousHashOf(archive, first.day) : GENESIS_HASH;
  let expectedDay = first?.day;
  for (const entry of stored) {
    if (entry.day !== expectedDay) {
      problems.push({ day: expectedDay ?? entry.day, pair: null, message: `day missing from the ledger` });
    }
    problems.push(...checkLink(entry, expectedPrevious));
    const parsed = parseStoredDay(entry);
    if (!parsed) {
      problems.push({ day: entry.day, pair: null, message: 'stored records do not parse' });
    } else {
      problems.push(...(await checkRecords(archive, owners, parsed)));
    }
    expectedPrevious = entry.hash;
    expectedDay = nextDay(entry.day);
  }
  return { daysChecked: stored.length, problems };
}

async function previousHashOf(archive: LedgerArchive, day: string): Promise<string> {
  const before = await archive.ledgerDays('0000-00-00', day);
  const previous = before.filter((d) => d.day < day).pop();
  return previous?.hash ?? GENESIS_HASH;
}

function checkLink(entry: StoredLedgerDay, expectedPrevious: string): LedgerProblem[] {
  const problems: LedgerProblem[] = [];
  if (entry.previousHash !== expectedPrevious) {
    problems.push({ day: entry.day, pair: null, message: 'chain broken: previous hash does not match' });
  }
  const parsed = parseStoredDay(entry);
  if (parsed && dayHash(entry.day, entry.previousHash, parsed.records) !== entry.hash) {
    problems.push({ day: entry.day, pair: null, message: 'day hash does not match its records' });
  }
  return problems;
}

/** Recomputes the day from the archive and names each pair whose records differ. */
async function checkRecords(
  archive: LedgerArchive,
  owners: Owners,
  day: LedgerDay,
): Promise<LedgerProblem[]> {
  const { records } = await recomputeDay(archive, owners, day.day);
  const byPair = (list: readonly LedgerRecord[]) => {
    const map = new Map<string, LedgerRecord[]>();
    for (const r of list) map.set(pairOf(r), [...(map.get(pairOf(r)) ?? []), r]);
    return map;
  };
  const ledger = byPair(day.records);
  const archiveNow = byPair(records);
  const problems: LedgerProblem[] = [];
  for (const pair of new Set([...ledger.keys(), ...archiveNow.keys()])) {
    const was = ledger.get(pair) ?? [];
    const now = archiveNow.get(pair) ?? [];
    if (canonicalJson(was) === canonicalJson(now)) continue;
    problems.push({ day: day.day, pair, message: describeDifference(was, now) });
  }
  return problems;
}

function describeDifference(ledger: readonly LedgerRecord[], archive: readonly LedgerRecord[]): string {
  const count = (list: readonly LedgerRecord[]) => list.reduce((sum, r) => sum + r.packets, 0);
  const key = (r: LedgerRecord) => `${r.stationId}/${r.spacecraftId}`;
  const differing = new Set<string>();
  const archived = new Map(archive.map((r) => [key(r), canonicalJson(r)]));
  for (const r of ledger) if (archived.get(key(r)) !== canonicalJson(r)) differing.add(key(r));
  const recorded = new Set(ledger.map(key));
  for (const r of archive) if (!recorded.has(key(r))) differing.add(key(r));
  return (
    `archive no longer matches the ledger (${count(ledger)} packets in the ledger, ${count(archive)} ` +
    `in the archive; station/spacecraft ${[...differing].join(', ')})`
  );
}

/**
 * Checks a statement read from a file: its shape, its signature under the deployment key, and that it is
 * exactly what the ledger's days of that month give for that pair.
 */
export async function verifyStatement(
  archive: LedgerArchive,
  publicKey: KeyObject,
  input: unknown,
): Promise<LedgerProblem[]> {
  const parsed = statementSchema.safeParse(input);
  if (!parsed.success) {
    return [{ day: null, pair: null, message: `not a ledger statement: ${parsed.error.issues[0]?.message}` }];
  }
  const statement = parsed.data;
  const pair = `${statement.partners[0]}–${statement.partners[1]}`;
  if (statement.keyId !== keyIdOf(publicKey)) {
    return [{ day: null, pair, message: "signed with another key than this deployment's" }];
  }
  if (!verifySignature(publicKey, signedText(statement), statement.signature)) {
    return [{ day: null, pair, message: 'signature does not verify: the statement was altered' }];
  }
  const month = monthDays(statement.month);
  if (!month) return [{ day: null, pair, message: `no such month ${statement.month}` }];
  const days = (await archive.ledgerDays(month.first, month.last)).flatMap((d) => parseStoredDay(d) ?? []);
  const expected = statementBody(statement.month, statement.partners, statement.keyId, days);
  const { signature: _signature, ...body } = statement;
  if (canonicalJson(expected) === canonicalJson(body)) return [];
  const ledgerHashes = new Map(expected.days.map((d) => [d.day, d.hash]));
  const differing = body.days.filter((d) => ledgerHashes.get(d.day) !== d.hash).map((d) => d.day);
  return [
    {
      day: differing[0] ?? null,
      pair,
      message: `statement does not match the ledger${differing.length ? ` (days ${differing.join(', ')})` : ''}`,
    },
  ];
}
