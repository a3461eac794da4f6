// The text form of a UTC time that operators type and read: ISO 8601 order with a 24-hour clock, the same in
// every language, so "03/04" is never a question of month or day and no browser turns it into local time.

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(?:Z|UTC)?$/i;

/** "2026-11-25 19:21" (UTC, minute resolution). */
export function formatUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** Milliseconds of a typed UTC time ("2026-11-25 19:21", seconds and a trailing Z or UTC allowed), or null. */
export function parseUtcInput(text: string): number | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map((part) => part ?? '0');
  const ms = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second);
  // Date.UTC rolls 2026-02-30 over into March: a date that does not exist is refused, not moved.
  return formatUtcInput(ms) === `${year}-${month}-${day} ${hour}:${minute}` && +second < 60 ? ms : null;
}
