import { epochMs, type EpochMs } from './units';

/**
 * Where "now" comes from. The server and the simulator take a clock instead of reading Date.now(), so a
 * simulator running at N× speed and the server share one notion of time, and tests can set it.
 */
export interface Clock {
  now(): EpochMs;
}

export const systemClock: Clock = { now: () => epochMs(Date.now()) };
