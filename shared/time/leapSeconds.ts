// TAI − UTC since 1972, from IERS Bulletin C. Each entry: the UTC instant (ms since the Unix epoch) from which
// the offset holds. No leap second has been announced after 2017-01-01; when IERS announces one, it is added
// here (or a mission passes its own table to the CUC decoder).

export interface LeapSecondEntry {
  /** UTC instant the offset starts to apply, ms since 1970-01-01T00:00:00Z. */
  fromUtcMs: number;
  /** TAI − UTC in whole seconds from that instant. */
  taiMinusUtcS: number;
}

const ENTRIES: readonly [string, number][] = [
  ['1972-01-01', 10],
  ['1972-07-01', 11],
  ['1973-01-01', 12],
  ['1974-01-01', 13],
  ['1975-01-01', 14],
  ['1976-01-01', 15],
  ['1977-01-01', 16],
  ['1978-01-01', 17],
  ['1979-01-01', 18],
  ['1980-01-01', 19],
  ['1981-07-01', 20],
  ['1982-07-01', 21],
  ['1983-07-01', 22],
  ['1985-07-01', 23],
  ['1988-01-01', 24],
  ['1990-01-01', 25],
  ['1991-01-01', 26],
  ['1992-07-01', 27],
  ['1993-07-01', 28],
  ['1994-07-01', 29],
  ['1996-01-01', 30],
  ['1997-07-01', 31],
  ['1999-01-01', 32],
  ['2006-01-01', 33],
  ['2009-01-01', 34],
  ['2012-07-01', 35],
  ['2015-07-01', 36],
  ['2017-01-01', 37],
];

export const LEAP_SECONDS: readonly LeapSecondEntry[] = ENTRIES.map(([date, taiMinusUtcS]) => ({
  fromUtcMs: Date.parse(`${date}T00:00:00Z`),
  taiMinusUtcS,
}));

/**
 * TAI − UTC at a UTC instant. Before 1972 (when UTC still had rubber seconds) the 1972 value is used: no
 * spacecraft clock Ortaq reads predates it.
 */
export function taiMinusUtcAtUtc(utcMs: number, table: readonly LeapSecondEntry[] = LEAP_SECONDS): number {
  let offset = table[0]?.taiMinusUtcS ?? 0;
  for (const entry of table) {
    if (entry.fromUtcMs > utcMs) break;
    offset = entry.taiMinusUtcS;
  }
  return offset;
}

/**
 * TAI − UTC at an instant given on the TAI scale (ms since 1970-01-01T00:00:00 TAI). An inserted leap second
 * (23:59:60 UTC) has no Unix time of its own: it reads as the first second of the next day, which therefore
 * repeats, as POSIX clocks do.
 */
export function taiMinusUtcAtTai(taiMs: number, table: readonly LeapSecondEntry[] = LEAP_SECONDS): number {
  let offset = table[0]?.taiMinusUtcS ?? 0;
  for (const entry of table) {
    if (entry.fromUtcMs + entry.taiMinusUtcS * 1000 > taiMs) break;
    offset = entry.taiMinusUtcS;
  }
  return offset;
}
