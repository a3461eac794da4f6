// The Investigate view's whole state lives in its URL, so a link reproduces exactly what an engineer saw.
import { HISTORY_WINDOWS } from './windows';

export type TimeRange = { kind: 'last'; key: string } | { kind: 'absolute'; fromMs: number; toMs: number };

export interface InvestigateState {
  /** One spacecraft, or two side by side. */
  spacecraft: string[];
  parameters: string[];
  range: TimeRange;
}

export const MAX_SPACECRAFT = 2;
export const MAX_PARAMETERS = 12;
export const MIN_SPAN_MS = 10_000;
export const MAX_SPAN_MS = 30 * 24 * 3600_000;
const DEFAULT_WINDOW = '1h';

const list = (value: string | null, max: number) =>
  [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, max);

function parseTime(value: string | null): number | null {
  if (!value) return null;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(n) ? n : null;
}

export function parseInvestigate(params: URLSearchParams): InvestigateState {
  const from = parseTime(params.get('from'));
  const to = parseTime(params.get('to'));
  const last = params.get('last');
  let range: TimeRange = { kind: 'last', key: DEFAULT_WINDOW };
  if (from !== null && to !== null && to > from) range = { kind: 'absolute', fromMs: from, toMs: to };
  else if (HISTORY_WINDOWS.some((w) => w.key === last)) range = { kind: 'last', key: last! };
  return {
    spacecraft: list(params.get('sc'), MAX_SPACECRAFT),
    parameters: list(params.get('p'), MAX_PARAMETERS),
    range,
  };
}

export function serializeInvestigate(state: InvestigateState): URLSearchParams {
  const out = new URLSearchParams();
  if (state.spacecraft.length) out.set('sc', state.spacecraft.join(','));
  if (state.parameters.length) out.set('p', state.parameters.join(','));
  if (state.range.kind === 'last') out.set('last', state.range.key);
  else {
    out.set('from', new Date(state.range.fromMs).toISOString());
    out.set('to', new Date(state.range.toMs).toISOString());
  }
  return out;
}

/** The concrete window a range means at `nowMs`. */
export function resolveRange(range: TimeRange, nowMs: number): { fromMs: number; toMs: number } {
  if (range.kind === 'absolute') return { fromMs: range.fromMs, toMs: range.toMs };
  const ms = HISTORY_WINDOWS.find((w) => w.key === range.key)?.ms ?? 3600_000;
  return { fromMs: nowMs - ms, toMs: nowMs };
}

const clampSpan = (fromMs: number, toMs: number): TimeRange => {
  const mid = (fromMs + toMs) / 2;
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, toMs - fromMs));
  return { kind: 'absolute', fromMs: Math.round(mid - span / 2), toMs: Math.round(mid + span / 2) };
};

/** Zoom to a dragged selection (either direction). */
export const zoomTo = (aMs: number, bMs: number): TimeRange =>
  clampSpan(Math.min(aMs, bMs), Math.max(aMs, bMs));

/** Shift the window by `fraction` of its span (negative is back in time). */
export function pan(range: TimeRange, fraction: number, nowMs: number): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs);
  const shift = (toMs - fromMs) * fraction;
  return clampSpan(fromMs + shift, toMs + shift);
}

/** Widen the window around its middle by `factor`. */
export function zoomOut(range: TimeRange, factor: number, nowMs: number): TimeRange {
  const { fromMs, toMs } = resolveRange(range, nowMs);
  const mid = (fromMs + toMs) / 2;
  const half = ((toMs - fromMs) * factor) / 2;
  return clampSpan(mid - half, mid + half);
}

/** The link that opens Investigate on `state`. */
export function investigateHref(state: InvestigateState): string {
  return `/investigate?${serializeInvestigate(state).toString()}`;
}

/** How much of what led to an alarm, and of what followed, its Investigate link shows. */
export const ALARM_LEAD_MS = 30 * 60_000;
export const ALARM_TRAIL_MS = 30 * 60_000;
const MINUTE_MS = 60_000;

/**
 * Investigate on an alarm's parameter and spacecraft, from half an hour before its onset to half an hour
 * after it (or after it cleared), cut at `nowMs`, on whole minutes so the link reads cleanly.
 */
export function alarmInvestigateState(
  alarm: { spacecraftId: string; parameterId: string | null; openedAtMs: number; clearedAtMs: number | null },
  nowMs: number,
): InvestigateState {
  const end = Math.max(alarm.openedAtMs, alarm.clearedAtMs ?? alarm.openedAtMs) + ALARM_TRAIL_MS;
  const fromMs = Math.floor((alarm.openedAtMs - ALARM_LEAD_MS) / MINUTE_MS) * MINUTE_MS;
  const toMs =
    Math.ceil(Math.max(alarm.openedAtMs + MINUTE_MS, Math.min(end, nowMs)) / MINUTE_MS) * MINUTE_MS;
  return {
    spacecraft: [alarm.spacecraftId],
    parameters: alarm.parameterId ? [alarm.parameterId] : [],
    range: { kind: 'absolute', fromMs, toMs },
  };
}

/** A followed window ("last 1 h") pinned to the times it shows at `nowMs`: what a shared link should open. */
export function pinnedRange(range: TimeRange, nowMs: number): TimeRange {
  return range.kind === 'absolute' ? range : { kind: 'absolute', ...resolveRange(range, nowMs) };
}
