// Julian dates for satellite.js, which counts time in Julian days (UTC, treated as UT1: the difference is
// under a second of Earth rotation, far below what the pass predictor and the physics need).

export const MS_PER_DAY = 86_400_000;
/** Julian date of the Unix epoch, 1970-01-01T00:00:00Z. */
const JD_UNIX_EPOCH = 2_440_587.5;

export const julianDate = (timeMs: number): number => timeMs / MS_PER_DAY + JD_UNIX_EPOCH;
export const timeMsOfJulianDate = (jd: number): number => (jd - JD_UNIX_EPOCH) * MS_PER_DAY;
