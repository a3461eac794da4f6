// Limits changed at run time: a change is archived first (the archive says what it replaced and gives it its
// id), then applied to this node's book, then told to the listeners (the cluster relay sends it to the other
// nodes, which apply it the same way). A node that missed changes (Redis was away) reads them back from the
// archive, so every node ends up judging samples against the same limits.
import type { Clock } from '../../shared/clock';
import type { Limits } from '../../shared/dictionary/types';
import type { LimitChange } from '../../shared/protocol/limits';
import type { LimitChangeArchive } from '../archive/types';
import { LimitOverrides } from './overrides';

/** Changes read back from the archive at once when a node catches up. */
const CATCH_UP_BATCH = 1000;

export type LimitChangeOrigin = 'here' | 'peer';
export type LimitChangeListener = (change: LimitChange, origin: LimitChangeOrigin) => void;

export interface LimitChangeCommand {
  spacecraftId: string;
  parameterId: string;
  /** null: back to the mission file's limits. */
  limits: Limits | null;
  by: string;
  reason: string;
}

export class LimitService {
  /** What the limit check reads: the effective limits per spacecraft and parameter. */
  readonly book = new LimitOverrides();
  private readonly listeners = new Set<LimitChangeListener>();
  /** Newest change id this node has read or made: where a catch-up starts. */
  private newestId = 0;

  constructor(
    private readonly archive: LimitChangeArchive,
    private readonly clock: Clock,
  ) {}

  /** At start: the changes in force. */
  async load(): Promise<void> {
    this.take(await this.archive.limitOverrides(), 'peer');
  }

  /** Reads what was changed elsewhere since the newest change known here (after a cluster outage). */
  async catchUp(): Promise<void> {
    for (;;) {
      const changes = await this.archive.limitChangesAfter(this.newestId, CATCH_UP_BATCH);
      this.take(changes, 'peer');
      if (changes.length < CATCH_UP_BATCH) return;
    }
  }

  async change(command: LimitChangeCommand): Promise<LimitChange> {
    const change = await this.archive.recordLimitChange({ ...command, atMs: this.clock.now() });
    this.take([change], 'here');
    return change;
  }

  /** Changes another node made (and archived). */
  adopt(changes: readonly LimitChange[]): void {
    this.take(changes, 'peer');
  }

  history(spacecraftId: string, parameterId: string, limit: number): Promise<LimitChange[]> {
    return this.archive.limitChanges({ spacecraftId, parameterId, limit });
  }

  /** Hears every change applied here (made here or adopted); returns the unsubscribe. */
  subscribe(listener: LimitChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private take(changes: readonly LimitChange[], origin: LimitChangeOrigin): void {
    for (const change of this.book.apply(changes)) {
      this.newestId = Math.max(this.newestId, change.id);
      for (const listener of this.listeners) listener(change, origin);
    }
  }
}
