// Turns what the archive does (commits, queries, probes) into the node's view of its health: a failure
// that means "the archive cannot answer now" degrades it; a successful commit, or a successful probe after
// a lost connection, clears it. While degraded a probe runs every PROBE_MS, so a database that comes back
// is noticed within seconds even when no station is sending.
import type { DependencyHealth } from '../health';
import { classifyArchiveError } from './failures';
import type { Store } from './types';

export const PROBE_MS = 1_000;

export class ArchiveWatch {
  private probe: NodeJS.Timeout | null = null;
  private probing = false;

  constructor(
    private readonly store: Pick<Store, 'ping'>,
    private readonly health: DependencyHealth,
    private readonly probeMs = PROBE_MS,
  ) {}

  /** Looks at an error from the archive; true when it meant "not now" (and the archive is degraded). */
  failed(error: unknown): boolean {
    const failure = classifyArchiveError(error);
    if (!failure) return false;
    this.health.degraded('archive', failure.cause, failure.detail);
    this.probe ??= setInterval(() => void this.runProbe(), this.probeMs);
    return true;
  }

  /** A commit was durable: whatever was wrong is over. */
  succeeded(): void {
    if (!this.health.condition('archive')) return;
    this.health.recovered('archive');
    this.stopProbe();
  }

  stop(): void {
    this.stopProbe();
  }

  /**
   * A full disk or a full queue is over only when a write goes through, which a read cannot show; a lost
   * connection is over when the database answers again.
   */
  private async runProbe(): Promise<void> {
    const condition = this.health.condition('archive');
    if (!condition) return this.stopProbe();
    if (condition.cause !== 'unreachable' || this.probing) return;
    this.probing = true;
    try {
      await this.store.ping();
      this.health.recovered('archive');
      this.stopProbe();
    } catch (error) {
      this.failed(error);
    } finally {
      this.probing = false;
    }
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}
