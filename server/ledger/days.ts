// UTC days and months as the ledger names them (YYYY-MM-DD, YYYY-MM).
export const DAY_MS = 86_400_000;

export function dayName(timeMs: number): string {
  return new Date(Math.floor(timeMs / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** Start of a named day, ms since the epoch; NaN for a name that is not a real date. */
export function dayStartMs(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return NaN;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || dayName(ms) !== day ? NaN : ms;
}

export function nextDay(day: string): string {
  return dayName(dayStartMs(day) + DAY_MS);
}

/** First and last day of a month named YYYY-MM, or null when it is no month. */
export function monthDays(month: string): { first: string; last: string } | null {
  const first = `${month}-01`;
  const start = dayStartMs(first);
  if (Number.isNaN(start)) return null;
  const date = new Date(start);
  const nextMonth = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { first, last: dayName(nextMonth - DAY_MS) };
}
