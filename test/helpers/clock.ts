import type { Clock } from '../../shared/clock';
import { epochMs, type EpochMs } from '../../shared/units';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.UTC(2026, 4, 1, 12, 0, 0)) {}

  now(): EpochMs {
    return epochMs(this.ms);
  }

  set(ms: number): void {
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
