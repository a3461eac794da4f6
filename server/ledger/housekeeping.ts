// The ledger's share of the server's housekeeping tick (run by the leader node only): close the days that
// are over, and hold the month's fair share against the agreement's thresholds.
import type { TelemetryEvent } from '../../shared/protocol/api';
import type { Agreement } from '../auth/agreement';
import type { Store } from '../archive/types';
import type { LedgerBook } from './book';
import { FairShareWatch, fairShareMatrix } from './fairShare';

export interface LedgerHousekeepingDeps {
  store: Pick<Store, 'contactTotals'>;
  book: LedgerBook;
  agreement: Agreement;
  /** Resolves once every frame received so far is committed. */
  flush(): Promise<void>;
  groundEvent(event: TelemetryEvent): void;
}

/** Checking every simulated minute (days) and ten minutes (fair share) is plenty; both are cheap when idle. */
const CLOSE_EVERY_MS = 60_000;
const FAIR_SHARE_EVERY_MS = 600_000;

export function ledgerHousekeeping(deps: LedgerHousekeepingDeps): (nowMs: number) => Promise<void> {
  let lastCloseMs = -Infinity;
  let lastFairShareMs = -Infinity;
  const watch = new FairShareWatch();
  return async (now) => {
    if (now - lastCloseMs >= CLOSE_EVERY_MS) {
      lastCloseMs = now;
      await deps.flush();
      await deps.book.closeDays(now);
    }
    const thresholds = deps.agreement.fairShare;
    if (thresholds && now - lastFairShareMs >= FAIR_SHARE_EVERY_MS) {
      lastFairShareMs = now;
      const month = new Date(now).toISOString().slice(0, 7);
      const from = Date.parse(`${month}-01T00:00:00Z`);
      const totals = await deps.store.contactTotals(from, now);
      const { balances } = fairShareMatrix(totals, deps.book.owners, { from, to: now });
      for (const event of watch.check(month, balances, thresholds, now)) deps.groundEvent(event);
    }
  };
}
