// The chain: each day's hash covers its date, its records and the hash of the day before, so changing,
// adding or removing any day's record changes every hash after it.
import { createHash } from 'node:crypto';
import type { LedgerDay, LedgerRecord } from '../../shared/protocol/ledger';
import { canonicalJson } from './canonical';

/** The previous hash of the ledger's first day. */
export const GENESIS_HASH = '0'.repeat(64);

export function dayHash(day: string, previousHash: string, records: readonly LedgerRecord[]): string {
  return createHash('sha256').update(canonicalJson({ day, previousHash, records })).digest('hex');
}

export function chainDay(day: string, previousHash: string, records: LedgerRecord[]): LedgerDay {
  return { day, previousHash, hash: dayHash(day, previousHash, records), records };
}
