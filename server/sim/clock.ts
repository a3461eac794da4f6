// The simulator's clock: simulated UTC that runs `speed` times faster than the wall clock from a chosen
// epoch. The server shares it when the simulator runs in-process, so both agree on "now".
import type { Clock } from '../../shared/clock';
import { epochMs, type EpochMs } from '../../shared/units';

export const MAX_SPEED = 1000;

export interface SimulationClock extends Clock {
  readonly speed: number;
  /** Simulated time at which the clock started. */
  readonly startMs: number;
}

export interface SimulationClockOptions {
  startMs: number;
  speed?: number;
  /** Wall-clock source, for tests. */
  realNow?: () => number;
}

export function createSimulationClock(options: SimulationClockOptions): SimulationClock {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new Error(`speed must be above 0 and at most ${MAX_SPEED}, got ${speed}`);
  }
  if (!Number.isFinite(options.startMs)) throw new Error('start time is not a valid time');
  const realNow = options.realNow ?? Date.now;
  const realStart = realNow();
  return {
    speed,
    startMs: options.startMs,
    now: (): EpochMs => epochMs(Math.round(options.startMs + (realNow() - realStart) * speed)),
  };
}
