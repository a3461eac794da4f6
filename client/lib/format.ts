// Locale-aware formatting with Intl. Times are always UTC (operators in several countries read one clock).
import type { ParameterDef } from '../../shared/dictionary';

/** BCP 47 tags per interface language; en-GB for a 24-hour clock and day-first dates. */
export const INTL_TAGS = { en: 'en-GB', ru: 'ru-RU', tr: 'tr-TR', kk: 'kk-KZ' } as const;
export type IntlLocale = keyof typeof INTL_TAGS;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  key: string,
  make: () => T,
): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(locale: IntlLocale, value: number, maxDigits = 2): string {
  const tag = INTL_TAGS[locale];
  // Rounding first keeps a tiny negative value from showing as "-0".
  const rounded = Number(value.toFixed(Math.min(20, maxDigits))) || 0;
  return cached(
    `n:${tag}:${maxDigits}`,
    () => new Intl.NumberFormat(tag, { maximumFractionDigits: maxDigits }),
  ).format(rounded);
}

/** Fraction digits that show a parameter's resolution without noise: 0.001 V scale → 3, f32 → 3. */
export function digitsFor(parameter: Pick<ParameterDef, 'scale' | 'type'>): number {
  if (parameter.type === 'f32' || parameter.type === 'f64') return 3;
  if (parameter.scale >= 1) return 0;
  return Math.min(3, Math.max(0, Math.round(-Math.log10(parameter.scale))));
}

/** "25/11/2026, 16:20:01" in UTC; `seconds: false` drops the seconds. */
export function formatUtc(
  locale: IntlLocale,
  ms: number,
  opts: { date?: boolean; seconds?: boolean } = {},
): string {
  const tag = INTL_TAGS[locale];
  const date = opts.date ?? true;
  const seconds = opts.seconds ?? true;
  return cached(
    `d:${tag}:${date}:${seconds}`,
    () =>
      new Intl.DateTimeFormat(tag, {
        timeZone: 'UTC',
        hourCycle: 'h23',
        ...(date ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
        hour: '2-digit',
        minute: '2-digit',
        ...(seconds ? { second: '2-digit' } : {}),
      }),
  ).format(ms);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "12 sec. ago" / "in 5 min." with the largest unit that fits; `deltaMs` < 0 is the past. */
export function formatRelative(locale: IntlLocale, deltaMs: number): string {
  const tag = INTL_TAGS[locale];
  const rtf = cached(
    `r:${tag}`,
    () => new Intl.RelativeTimeFormat(tag, { numeric: 'always', style: 'short' }),
  );
  const abs = Math.abs(deltaMs);
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === 'second') return rtf.format(Math.trunc(deltaMs / size), unit);
  }
  return rtf.format(0, 'second');
}

/** A compact duration, "1 h 05 min" style, from Intl unit formatting. */
export function formatDuration(locale: IntlLocale, ms: number): string {
  const tag = INTL_TAGS[locale];
  const unit = (u: 'hour' | 'minute' | 'second') =>
    cached(
      `u:${tag}:${u}`,
      () => new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow' }),
    );
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${unit('hour').format(h)} ${unit('minute').format(m)}`;
  if (m > 0) return `${unit('minute').format(m)} ${unit('second').format(s)}`;
  return unit('second').format(s);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

export function formatBytes(locale: IntlLocale, bytes: number): string {
  const tag = INTL_TAGS[locale];
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000;
    i += 1;
  }
  const u = BYTE_UNITS[i]!;
  return cached(
    `b:${tag}:${u}`,
    () =>
      new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 }),
  ).format(v);
}
