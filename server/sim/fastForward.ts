// Flying the past in fast-forward: at a first start the constellation starts hours before the present and
// flies up to it as fast as the machine allows, each slice's frames handed to the archive before the next
// slice flies. Meanwhile the server's clock reads the simulated time reached (a HistoryClock), so everything
// the server does with those frames (status, alarms, events, their times) happens at that time, as it would
// have live; once the present is reached the clock hands over to the wall (or simulation) clock for good.
import type { Clock } from '../../shared/clock';
import { epochMs } from '../../shared/units';
import type { Constellation, Reception } from './constellation';

/**
 * Realtime housekeeping period while flying the past: the 100× pace of the live simulator (housekeeping
 * every 10 s; recorded packets stay every 30 s), which keeps a day of history near 170,000 frames and the
 * physics at about 6 CPU-seconds (see docs/simulator.md).
 */
export const FAST_FORWARD_HOUSEKEEPING_MS = 10_000;
/** Each advance covers this much simulated time: one physics step of every spacecraft. */
const STEP_MS = 10_000;
/**
 * Simulated time flown before the frames go to the archive. At most MAX_PACKET_LEAD_MS (5 min): during
 * the delivery the clock still reads the slice's start, and a packet further ahead would count as from the
 * future (server/state/clockGuard.ts).
 */
export const SLICE_MS = 5 * 60_000;
/** Playback packets per spacecraft per step: the recorder's 20 packets a second of pass. */
const PLAYBACK_PER_STEP = 200;

/** A clock that reads a held simulated time until released, then its live clock. Never goes backwards. */
export class HistoryClock implements Clock {
  private held: number | null;

  constructor(
    private readonly live: Clock,
    heldMs: number | null,
  ) {
    this.held = heldMs;
  }

  get holding(): boolean {
    return this.held !== null;
  }

  now = () => epochMs(this.held ?? this.live.now());

  /** Moves the held time forward (never past the live clock, never back). */
  hold(timeMs: number): void {
    if (this.held === null) return;
    this.held = Math.max(this.held, Math.min(timeMs, this.live.now()));
  }

  release(): void {
    this.held = null;
  }
}

export interface FastForwardOptions {
  /** Hands one slice's receptions (time order) to the archive; resolves once they are processed. */
  deliver: (receptions: Reception[]) => Promise<void>;
  /** After each slice, with the simulated time reached (progress, scripted operator actions). */
  onSlice?: (reachedMs: number) => void | Promise<void>;
}

/**
 * Flies the constellation from its time up to the live clock's present, slice by slice, holding the
 * history clock at what the archive already holds; releases it at the end (also after a failure).
 */
export async function flyToPresent(
  constellation: Constellation,
  clock: HistoryClock,
  live: Clock,
  options: FastForwardOptions,
): Promise<void> {
  try {
    while (constellation.timeMs < live.now()) {
      const sliceEnd = Math.min(live.now(), constellation.timeMs + SLICE_MS);
      const receptions: Reception[] = [];
      while (constellation.timeMs < sliceEnd) {
        const step = constellation.advanceTo(Math.min(sliceEnd, constellation.timeMs + STEP_MS));
        for (const reception of step) receptions.push(reception);
      }
      await options.deliver(receptions);
      clock.hold(sliceEnd);
      await options.onSlice?.(sliceEnd);
    }
  } finally {
    clock.release();
  }
}

/** Puts the constellation at the fast-forward pace; returns the function that restores the live pace. */
export function fastForwardPace(
  constellation: Constellation,
  live: { housekeepingMs: number; playbackCap: number },
): () => void {
  constellation.setHousekeepingPeriod(FAST_FORWARD_HOUSEKEEPING_MS);
  constellation.setPlaybackCap(PLAYBACK_PER_STEP);
  return () => {
    constellation.setHousekeepingPeriod(live.housekeepingMs);
    constellation.setPlaybackCap(live.playbackCap);
  };
}
