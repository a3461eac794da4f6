// Group commit: frames from every station are collected for a few milliseconds (or up to a batch size) and
// written in one transaction; each frame's promise settles only after that transaction is durable, so an ack
// `stored` always means "in the archive". Alarms, events and counters produced by processing ride along
// with the next commit.
import type { CommitBatch, CommitResult, FrameRecord, Store } from '../store/types';

export type SideRecords = Omit<CommitBatch, 'frames'>;

export interface GroupCommitOptions {
  /** Longest a frame waits for companions before its batch is written. */
  maxDelayMs: number;
  /** A batch is written at once when this many frames are waiting. */
  maxFrames: number;
  /** Gathers alarms, events, counters and downlink credits to write with the batch. */
  collectSide: () => SideRecords;
  /** Called after each commit with the frames and which of them were new. */
  onCommitted: (frames: readonly FrameRecord[], unique: CommitResult, writeMs: number) => void;
}

interface Waiter {
  count: number;
  resolve: (unique: boolean[]) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private frames: FrameRecord[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private sideRequested = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Queues frames; resolves with one "was new" flag per frame once they are committed. */
  submit(records: FrameRecord[]): Promise<boolean[]> {
    if (this.closed) return Promise.reject(new Error('archive closed'));
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
    while (this.inFlight || this.frames.length > 0 || this.sideRequested) {
      if (this.inFlight) await this.inFlight;
      else this.commitNow();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private schedule(immediately: boolean): void {
    if (this.inFlight) return;
    if (immediately) {
      this.commitNow();
      return;
    }
    this.timer ??= setTimeout(() => this.commitNow(), this.options.maxDelayMs);
  }

  private commitNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.inFlight) return;
    const frames = this.frames;
    const waiters = this.waiters;
    this.frames = [];
    this.waiters = [];
    this.sideRequested = false;
    this.inFlight = this.write(frames, waiters).finally(() => {
      this.inFlight = null;
      if (this.frames.length > 0 || this.sideRequested)
        this.schedule(this.frames.length >= this.options.maxFrames);
    });
  }

  private async write(frames: FrameRecord[], waiters: Waiter[]): Promise<void> {
    const started = performance.now();
    let unique: CommitResult;
    try {
      unique = await this.store.commit({ frames, ...this.options.collectSide() });
    } catch (error) {
      // The frames' senders get `unavailable` and resend; alarms and events of this batch are lost to the
      // archive (they stay in memory and are written with their next change).
      console.error('archive commit failed', error);
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    let offset = 0;
    for (const waiter of waiters) {
      waiter.resolve(unique.slice(offset, offset + waiter.count));
      offset += waiter.count;
    }
    this.options.onCommitted(frames, unique, performance.now() - started);
  }
}
