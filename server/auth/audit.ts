// The audit log: who did what, when. Append-only through this interface.
import type { Clock } from '../../shared/clock';
import type { AuditAction, AuditEntry } from '../../shared/protocol/auth';
import type { AuditQuery, AuthStore } from './store';

/** Long free-text details (comments, export queries) are cut so one entry stays small. */
const MAX_DETAIL_CHARS = 500;

export class AuditLog {
  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
  ) {}

  record(
    actor: string,
    action: AuditAction,
    target: string | null = null,
    detail: string | null = null,
  ): Promise<AuditEntry> {
    return this.store.appendAudit({
      atMs: this.clock.now(),
      actor,
      action,
      target,
      detail: detail === null ? null : detail.slice(0, MAX_DETAIL_CHARS),
    });
  }

  /** Newest first. */
  list(query: AuditQuery): Promise<AuditEntry[]> {
    return this.store.listAudit(query);
  }
}
