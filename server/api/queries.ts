// Zod schemas for every REST query string. A failed parse answers 400 { error: "bad_request", detail }.
import { z } from 'zod';
import { EVENT_SEVERITY_NAMES } from '../../shared/protocol/api';
import { AVAILABILITY_PERIODS, CONTACT_OUTCOMES } from '../../shared/protocol/contacts';

const DAY_MS = 86_400_000;
/** Longest window one request may ask for: a year and a bit. */
export const MAX_WINDOW_MS = 400 * DAY_MS;
export const MAX_POINTS = 10_000;

/** Milliseconds since the epoch, given as a number or as an ISO 8601 date. */
const time = z.preprocess((value) => {
  if (typeof value !== 'string' || value.trim() === '') return value;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  // Only ISO 8601 dates: Date.parse alone would read almost anything ("-5" is a date to V8).
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? value : parsed;
}, z.number().int().nonnegative().max(8.64e15));

/** Ids are trimmed: every check and the handler see the same, normalised id. */
export const idSchema = z.string().trim().min(1).max(64);
const id = idSchema;
const list = (max: number) =>
  z
    .string()
    .max(4000)
    .transform((text) => [
      ...new Set(
        text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(id).min(1).max(max));

const windowShape = { from: time.optional(), to: time.optional() };

function checkWindow(maxSpanMs: number) {
  return (q: { from?: number; to?: number }, ctx: z.RefinementCtx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', message: 'from must not be after to', path: ['from'] });
    }
    if (q.from !== undefined && q.to !== undefined && q.to - q.from > maxSpanMs) {
      ctx.addIssue({ code: 'custom', message: `window longer than ${maxSpanMs} ms`, path: ['to'] });
    }
  };
}

export const historyQuery = z
  .object({
    ...windowShape,
    params: list(32),
    maxPoints: z.coerce.number().int().min(1).max(MAX_POINTS).default(1000),
  })
  .superRefine(checkWindow(MAX_WINDOW_MS));

export const passesQuery = z
  .object({ ...windowShape, spacecraft: id.optional(), station: id.optional() })
  .superRefine(checkWindow(31 * DAY_MS));

export const eventsQuery = z
  .object({
    ...windowShape,
    spacecraft: id.optional(),
    severity: list(3)
      .pipe(z.array(z.enum(EVENT_SEVERITY_NAMES)))
      .optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .superRefine(checkWindow(MAX_WINDOW_MS));

export const alarmsQuery = z.object({
  spacecraft: id.optional(),
  /** "open" (default): active or unacknowledged; "all": the archive, newest first. */
  scope: z.enum(['open', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

export const utilizationQuery = z.object(windowShape).superRefine(checkWindow(93 * DAY_MS));

export const capacityQuery = z
  .object({ ...windowShape, format: z.enum(['json', 'csv']).default('json') })
  .superRefine(checkWindow(93 * DAY_MS));

/** JSON by default; `csv` streams the same rows as a download. */
const format = z.enum(['json', 'csv']).default('json');

/** Contact records: a page of at most `limit` records by AOS; `truncated` says a narrower window gets the rest. */
export const contactsQuery = z
  .object({
    ...windowShape,
    spacecraft: id.optional(),
    station: id.optional(),
    outcome: list(CONTACT_OUTCOMES.length)
      .pipe(z.array(z.enum(CONTACT_OUTCOMES)))
      .optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
    format,
  })
  .superRefine(checkWindow(93 * DAY_MS));

/** Availability and coverage: up to a year and a bit, the aggregates of the year's report. */
export const availabilityQuery = z
  .object({ ...windowShape, period: z.enum(AVAILABILITY_PERIODS).default('week'), format })
  .superRefine(checkWindow(MAX_WINDOW_MS));

export const coverageQuery = z.object({ ...windowShape, format }).superRefine(checkWindow(MAX_WINDOW_MS));

export const framesQuery = z
  .object({
    ...windowShape,
    spacecraft: id.optional(),
    limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
  })
  .superRefine(checkWindow(MAX_WINDOW_MS));

/** Receptions per packet: a window of packet time, optionally one station's packets or one packet's key. */
export const receptionsQuery = z
  .object({
    ...windowShape,
    station: id.optional(),
    apid: z.coerce.number().int().min(0).max(2047).optional(),
    seq: z.coerce.number().int().min(0).max(16383).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
  })
  .superRefine(checkWindow(31 * DAY_MS));

export const HOUR_MS = 3_600_000;
export { DAY_MS };

/** A window with both ends: a missing end is `spanMs` from the other, or `to` is now when both are missing. */
export function resolveWindow(q: { from?: number; to?: number }, nowMs: number, spanMs: number) {
  const to = q.to ?? (q.from !== undefined ? q.from + spanMs : nowMs);
  return { from: q.from ?? Math.max(0, to - spanMs), to };
}

/**
 * A window of accounts (contact time available and used, orbit time imaged): it ends at now, because a pass
 * or an orbit still to come was neither used nor missed; a window wholly ahead of now is empty.
 */
export function accountedWindow(q: { from?: number; to?: number }, nowMs: number, spanMs: number) {
  const { from, to } = resolveWindow(q, nowMs, spanMs);
  return { from, to: Math.max(from, Math.min(to, nowMs)) };
}
