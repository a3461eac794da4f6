// The periodic checks of one node: link alarms, retention, the ledger, contact records and expired sessions.
// Kept beside the composition root that builds what they call; each runs at most at its own period, whatever
// the timer's.
import type { Clock } from '../shared/clock';
import type { Auth } from './auth';
import type { ClusterConnection } from './cluster/redis';

const HOUR_MS = 3_600_000;

export interface HousekeepingOptions {
  clock: Clock;
  auth: Pick<Auth, 'clock' | 'accounts'>;
  cluster: Pick<ClusterConnection, 'isLeader'> | undefined;
  retentionMs: number | undefined;
  checkLinks: (nowMs: number) => void;
  /** Writes what is queued, then deletes what is older than the cutoff. */
  pruneBefore: (cutoffMs: number) => Promise<void>;
  /** The ledger's days that are over, and fair share against the agreement (server/ledger/housekeeping.ts). */
  ledger: (nowMs: number) => Promise<void>;
  /** Passes that ended become contact records (server/contacts/recorder.ts). */
  contacts: (nowMs: number) => Promise<void>;
}

/**
 * The periodic checks: link alarms, retention (hourly), the ledger (its own pace) and expired sessions
 * (hourly, wall clock).
 */
export function housekeeping(options: HousekeepingOptions): () => Promise<void> {
  const { clock, auth, cluster, retentionMs } = options;
  let lastPruneMs = -Infinity;
  let lastSessionPurgeMs = -Infinity;
  return async () => {
    const now = clock.now();
    // With peers, one node (the lease holder) raises link alarms and prunes; the others hear of it.
    if (cluster && !cluster.isLeader()) return;
    options.checkLinks(now);
    if (retentionMs !== undefined && now - lastPruneMs >= HOUR_MS) {
      lastPruneMs = now;
      await options.pruneBefore(now - retentionMs);
    }
    await options.ledger(now);
    await options.contacts(now);
    // Expired sessions are refused when presented; this removes those never presented again (wall clock).
    if (auth.clock.now() - lastSessionPurgeMs >= HOUR_MS) {
      lastSessionPurgeMs = auth.clock.now();
      await auth.accounts.purgeExpiredSessions();
    }
  };
}
