// Seconds counted from an XTCE epoch to UTC milliseconds since 1970 (JavaScript time). TAI and GPS count
// every second, leap seconds included; UTC does not, so converting needs TAI−UTC at the instant.
import { LEAP_SECONDS } from '../time/leapSeconds';
import type { TimeEpoch } from '../time/epochs';

// TAI−UTC from each date on: the one leap-second table of Ortaq (shared/time/leapSeconds.ts). Before 1972 UTC
// ran at a different rate from TAI; those few early years take the 1972 offset, a known error of up to 10 s
// that no spacecraft of this fleet can meet.
const STEPS = LEAP_SECONDS.map(({ fromUtcMs: utcMs, taiMinusUtcS }) => {
  return { utcMs, offsetMs: taiMinusUtcS * 1000, taiMs: utcMs + taiMinusUtcS * 1000 };
});

/** TAI−UTC in ms at a UTC instant. */
export function taiMinusUtcMs(utcMs: number): number {
  let offset = STEPS[0]!.offsetMs;
  for (const step of STEPS) if (utcMs >= step.utcMs) offset = step.offsetMs;
  return offset;
}

/**
 * UTC ms for a TAI instant given as ms on the 1970 scale. Inside an inserted leap second (23:59:60) UTC has
 * no JavaScript time, so the value holds at 23:59:59.999 rather than running backwards.
 */
export function taiToUtcMs(taiMs: number): number {
  let step = STEPS[0]!;
  for (let i = STEPS.length - 1; i >= 0; i--) {
    if (taiMs >= STEPS[i]!.taiMs) {
      step = STEPS[i]!;
      break;
    }
  }
  const next = STEPS[STEPS.indexOf(step) + 1];
  if (next && taiMs >= next.taiMs - 1000) return next.utcMs - 1;
  return taiMs - step.offsetMs;
}

const TAI_1958_MS = Date.UTC(1958, 0, 1);
const GPS_EPOCH_UTC_MS = Date.UTC(1980, 0, 6);
/** J2000 is 2000-01-01 12:00 TT = 11:59:27.816 TAI. */
const J2000_TAI_MS = Date.UTC(2000, 0, 1, 11, 59, 27, 816);
/** GPS time runs 19 s behind TAI, fixed since its epoch. */
const TAI_MINUS_GPS_MS = 19_000;

/**
 * Where an epoch that counts TAI seconds lies, as ms from 1970 on the TAI scale; undefined for Unix time,
 * which counts UTC seconds (no leap second to take out).
 */
export function taiEpochMs(epoch: TimeEpoch): number | undefined {
  switch (epoch) {
    case 'UNIX':
      return undefined;
    case 'TAI':
      // 1958-01-01 is where TAI and UT were set equal, so the epoch is the same instant on both scales.
      return TAI_1958_MS;
    case 'GPS':
      return GPS_EPOCH_UTC_MS + TAI_MINUS_GPS_MS;
    case 'J2000':
      return J2000_TAI_MS;
  }
}

/** UTC ms for a number of seconds counted from an epoch. */
export function epochSecondsToUtcMs(epoch: TimeEpoch, seconds: number): number {
  const epochTaiMs = taiEpochMs(epoch);
  return epochTaiMs === undefined ? seconds * 1000 : taiToUtcMs(epochTaiMs + seconds * 1000);
}

/** Seconds counted from an epoch for a UTC instant: the inverse of epochSecondsToUtcMs. */
export function utcMsToEpochSeconds(epoch: TimeEpoch, utcMs: number): number {
  const taiMs = utcMs + taiMinusUtcMs(utcMs);
  switch (epoch) {
    case 'UNIX':
      return utcMs / 1000;
    case 'TAI':
      return (taiMs - TAI_1958_MS) / 1000;
    case 'GPS':
      return (taiMs - TAI_MINUS_GPS_MS - GPS_EPOCH_UTC_MS) / 1000;
    case 'J2000':
      return (taiMs - J2000_TAI_MS) / 1000;
  }
}
