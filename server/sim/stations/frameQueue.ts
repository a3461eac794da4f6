// A station's bounded queue of frames not yet acknowledged by the server. When it overflows (the server
// has been unreachable for long) the oldest frames go first, and the count is kept so the operator knows.
import type { BatchFrame } from '../../../shared/protocol/ingest';

export class FrameQueue {
  private frames: BatchFrame[] = [];
  /** Frames discarded because the queue was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.frames.length;
  }

  push(frames: readonly BatchFrame[]): void {
    this.frames.push(...frames);
    const excess = this.frames.length - this.capacity;
    if (excess > 0) {
      this.frames.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Puts frames back at the head, to be sent first (a batch that was not acknowledged). */
  requeue(frames: readonly BatchFrame[]): void {
    this.frames.unshift(...frames);
    const excess = this.frames.length - this.capacity;
    if (excess > 0) {
      this.frames.splice(0, excess);
      this.dropped += excess;
    }
  }

  take(max: number): BatchFrame[] {
    return this.frames.splice(0, max);
  }
}
