// Group commit: frames from every station are collected for a few milliseconds (or up to a batch size) and
// written in one transaction; each frame's promise settles only after that transaction is durable, so an ack
// `stored` always means "in the archive". Alarms, events and counters produced by processing ride along
// with the next commit.
//
// Where the store allows it (PostgreSQL), a second commit may start while one is in flight, so the server
// prepares the next batch while the database writes the last. The database's locks order what the two
// write; the committer delivers results (acks, processing, live updates) in the order the commits started.
// Alarm rows are written whole, so a newer state must never race an older one: alarms ride only on a commit
// that starts with nothing else in flight.
import { ArchiveBusyError } from '../archive/failures';
import type { CommitBatch, CommitResult, FrameRecord, Store } from '../archive/types';

export type SideRecords = Omit<CommitBatch, 'frames'>;

export interface GroupCommitOptions {
  /** Longest a frame waits for companions before its batch is written. */
  maxDelayMs: number;
  /** A batch is written at once when this many frames are waiting. */
  maxFrames: number;
  /** Commits that may be in flight at once (the store's `commitConcurrency`). */
  maxInFlight: number;
  /**
   * Frames that may wait for a commit while others are written. A slow archive fills this; past it frames
   * are refused at once (ArchiveBusyError, acked `unavailable`) instead of piling up in memory.
   * Default: QUEUED_BATCHES batches of maxFrames.
   */
  maxQueuedFrames?: number;
  /** Gathers events, counters and downlink credits to write with the batch, and alarms when asked. */
  collectSide: (withAlarms: boolean) => SideRecords;
  /** True while alarm changes wait to be written: then no commit starts beside another. */
  alarmsPending: () => boolean;
  /** Called after each commit with the frames and which of them were new. */
  onCommitted: (frames: readonly FrameRecord[], unique: CommitResult, writeMs: number) => void;
  /** Called when a commit failed (its frames' senders are told and resend). */
  onFailed?: (error: unknown) => void;
}

/** Batches that may queue behind the commits in flight by default. */
const QUEUED_BATCHES = 8;

interface Waiter {
  count: number;
  resolve: (unique: boolean[]) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private frames: FrameRecord[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  /** Settles once the newest commit has been delivered, and with it every commit started before it. */
  private delivered: Promise<void> = Promise.resolve();
  private sideRequested = false;
  private closed = false;

  constructor(
    private readonly store: Pick<Store, 'commit'>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues frames; resolves with one "was new" flag per frame once they are committed. */
  submit(records: FrameRecord[]): Promise<boolean[]> {
    if (this.closed) return Promise.reject(new Error('archive closed'));
    const maxQueued = this.options.maxQueuedFrames ?? this.options.maxFrames * QUEUED_BATCHES;
    // One message is always taken into an empty queue, whatever its size.
    if (this.frames.length > 0 && this.frames.length + records.length > maxQueued) {
      // Back-pressure, not a failure of the archive: a burst can fill the queue of a healthy one.
      return Promise.reject(
        new ArchiveBusyError(`${this.frames.length} frames already wait for the archive`),
      );
    }
    return new Promise((resolve, reject) => {
      this.frames.push(...records);
      this.waiters.push({ count: records.length, resolve, reject });
      this.schedule(this.frames.length >= this.options.maxFrames);
    });
  }

  /** Asks for a commit soon even without frames (alarms or events are waiting). */
  requestSideCommit(): void {
    this.sideRequested = true;
    this.schedule(false);
  }

  /** Writes everything queued; resolves when nothing is left. */
  async flush(): Promise<void> {
    while (this.inFlight > 0 || this.frames.length > 0 || this.sideRequested) {
      if (this.inFlight > 0) await this.delivered;
      else this.commitNow();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private canStart(): boolean {
    if (this.inFlight === 0) return true;
    return this.inFlight < this.options.maxInFlight && !this.options.alarmsPending();
  }

  private schedule(immediately: boolean): void {
    if (!this.canStart()) return;
    if (immediately) {
      this.commitNow();
      return;
    }
    this.timer ??= setTimeout(() => this.commitNow(), this.options.maxDelayMs);
  }

  private commitNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.canStart() || (this.frames.length === 0 && !this.sideRequested)) return;
    const exclusive = this.inFlight === 0;
    const frames = this.frames;
    const waiters = this.waiters;
    this.frames = [];
    this.waiters = [];
    // canStart() let a commit start beside another only with no alarms waiting: they need one alone.
    const side = this.options.collectSide(exclusive);
    this.sideRequested = false;
    this.inFlight++;
    this.delivered = this.write(frames, waiters, side, this.delivered).finally(() => {
      this.inFlight--;
      if (this.frames.length > 0 || this.sideRequested)
        this.schedule(this.frames.length >= this.options.maxFrames);
    });
  }

  /** Never rejects: a failed commit rejects its frames' promises instead. */
  private async write(
    frames: FrameRecord[],
    waiters: Waiter[],
    side: SideRecords,
    previous: Promise<void>,
  ): Promise<void> {
    const started = performance.now();
    let unique: CommitResult | null = null;
    let failure: unknown = null;
    try {
      unique = await this.store.commit({ frames, ...side });
    } catch (error) {
      failure = error;
    }
    const writeMs = performance.now() - started;
    await previous;
    if (!unique) {
      // The frames' senders get `unavailable` and resend; alarms and events of this batch are lost to the
      // archive (they stay in memory and are written with their next change).
      console.error('archive commit failed:', failure instanceof Error ? failure.message : failure);
      for (const waiter of waiters) waiter.reject(failure);
      this.options.onFailed?.(failure);
      return;
    }
    let offset = 0;
    for (const waiter of waiters) {
      waiter.resolve(unique.slice(offset, offset + waiter.count));
      offset += waiter.count;
    }
    this.options.onCommitted(frames, unique, writeMs);
  }
}
