// The ledger kept in the archive: closes each UTC day once it is over (plus a grace for frames still in the
// group commit), appending its records chained to the day before, and reads closed days back. Days go by
// receive time (server clock), not packet time: a playback dump of last week's packets arrives today and
// is today's delivery, so a closed day never gains packets later.
import type { Dictionary } from '../../shared/dictionary';
import { ledgerRecordSchema, type LedgerDay, type LedgerRecord } from '../../shared/protocol/ledger';
import { z } from 'zod';
import type { Store, StoredLedgerDay } from '../archive/types';
import { canonicalJson } from './canonical';
import { chainDay, GENESIS_HASH } from './chain';
import { DAY_MS, dayName, dayStartMs, nextDay } from './days';
import { DayRecords, type Owners } from './records';

export type LedgerArchive = Pick<
  Store,
  'deliveryRuns' | 'firstReceivedMs' | 'ledgerDays' | 'lastLedgerDay' | 'appendLedgerDay'
>;

/** A day closes this long after its end: every frame received in it is committed by then. */
export const CLOSE_GRACE_MS = 10 * 60_000;
/** Frames are read an hour of receive time at a time, which bounds memory on a busy day. */
const PAGE_MS = 3_600_000;
/** Days closed per call, so a long-stopped server catches up over several housekeeping ticks. */
const MAX_DAYS_PER_CLOSE = 31;

export function ownersOf(dictionary: Dictionary): Owners {
  const stations = new Map(dictionary.stations.map((s) => [s.id, s.partner]));
  const spacecraft = new Map(dictionary.spacecraft.map((s) => [s.id, s.partner]));
  return {
    partners: dictionary.partners.map((p) => p.id),
    stationPartner: (id) => stations.get(id),
    spacecraftPartner: (id) => spacecraft.get(id),
  };
}

/** A day's records as the archive holds them now. */
export async function recomputeDay(
  archive: LedgerArchive,
  owners: Owners,
  day: string,
): Promise<{ records: LedgerRecord[]; unattributed: number }> {
  const records = new DayRecords(owners);
  const start = dayStartMs(day);
  for (let from = start; from < start + DAY_MS; from += PAGE_MS) {
    for (const run of await archive.deliveryRuns(from, from + PAGE_MS)) records.addRun(run);
  }
  return { records: records.records(), unattributed: records.unattributed };
}

const storedRecords = z.array(ledgerRecordSchema);

/** A stored day parsed; records that no longer parse are the verifier's finding, not an exception. */
export function parseStoredDay(stored: StoredLedgerDay): LedgerDay | null {
  let json: unknown;
  try {
    json = JSON.parse(stored.records);
  } catch {
    return null;
  }
  const records = storedRecords.safeParse(json);
  if (!records.success) return null;
  return { day: stored.day, previousHash: stored.previousHash, hash: stored.hash, records: records.data };
}

export class LedgerBook {
  private closing: Promise<string[]> | null = null;

  constructor(
    private readonly archive: LedgerArchive,
    readonly owners: Owners,
  ) {}

  /** Appends every day that ended more than CLOSE_GRACE_MS before `nowMs`; resolves to the days added. */
  closeDays(nowMs: number): Promise<string[]> {
    // One close at a time: two would compute the same day and the second append would be refused.
    this.closing ??= this.closeFrom(nowMs).finally(() => (this.closing = null));
    return this.closing;
  }

  private async closeFrom(nowMs: number): Promise<string[]> {
    const last = await this.archive.lastLedgerDay();
    let day: string;
    let previousHash: string;
    if (last) {
      day = nextDay(last.day);
      previousHash = last.hash;
    } else {
      const first = await this.archive.firstReceivedMs();
      if (first === null) return [];
      day = dayName(first);
      previousHash = GENESIS_HASH;
    }
    const closed: string[] = [];
    while (closed.length < MAX_DAYS_PER_CLOSE && dayStartMs(day) + DAY_MS + CLOSE_GRACE_MS <= nowMs) {
      const { records } = await recomputeDay(this.archive, this.owners, day);
      const entry = chainDay(day, previousHash, records);
      const appended = await this.archive.appendLedgerDay({
        day,
        previousHash,
        hash: entry.hash,
        records: canonicalJson(records),
      });
      // Another node closed it first: its entry is the ledger's; stop and continue from it next time.
      if (!appended) break;
      closed.push(day);
      previousHash = entry.hash;
      day = nextDay(day);
    }
    return closed;
  }

  /** Closed days from `fromDay` to `toDay`, parsed (a day that no longer parses is left out). */
  async days(fromDay: string, toDay: string): Promise<LedgerDay[]> {
    const stored = await this.archive.ledgerDays(fromDay, toDay);
    return stored.flatMap((s) => parseStoredDay(s) ?? []);
  }
}
