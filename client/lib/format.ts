// Locale-aware formatting. Times are always UTC (operators in several countries read one clock).
//
// Separators, date order and unit words are shipped with Ortaq instead of taken from the browser's Intl
// data: a kiosk browser built without Kazakh, Kyrgyz, Uzbek or Azerbaijani locale data silently falls back
// to English ("+32 min", "12/02/2026"), and the same screen must read the same on every browser.
import type { ParameterDef } from '../../shared/dictionary';

/** BCP 47 tags per interface language (`lang` attributes, sorting); en-GB for day-first dates. */
export const INTL_TAGS = {
  en: 'en-GB',
  ru: 'ru-RU',
  tr: 'tr-TR',
  kk: 'kk-KZ',
  az: 'az-Latn-AZ',
  uz: 'uz-Latn-UZ',
  ky: 'ky-KG',
} as const;
export type IntlLocale = keyof typeof INTL_TAGS;

interface NumberStyle {
  group: string;
  decimal: string;
  dateSeparator: string;
}

const NBSP = '\u00a0';
/** From CLDR's numeric patterns of each language (ru/kk/ky/uz group with a space, tr/az with a dot). */
const STYLES: Record<IntlLocale, NumberStyle> = {
  en: { group: ',', decimal: '.', dateSeparator: '/' },
  ru: { group: NBSP, decimal: ',', dateSeparator: '.' },
  tr: { group: '.', decimal: ',', dateSeparator: '.' },
  kk: { group: NBSP, decimal: ',', dateSeparator: '.' },
  az: { group: '.', decimal: ',', dateSeparator: '.' },
  uz: { group: NBSP, decimal: ',', dateSeparator: '.' },
  ky: { group: NBSP, decimal: ',', dateSeparator: '.' },
};

const plainFormats = new Map<number, Intl.NumberFormat>();
/** en-US digits with "," and "." are in every Intl build; the locale's separators are swapped in after. */
function plain(maxDigits: number): Intl.NumberFormat {
  let f = plainFormats.get(maxDigits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDigits });
    plainFormats.set(maxDigits, f);
  }
  return f;
}

export function formatNumber(locale: IntlLocale, value: number, maxDigits = 2): string {
  const digits = Math.min(20, Math.max(0, maxDigits));
  // Rounding first keeps a tiny negative value from showing as "-0".
  const rounded = Number(value.toFixed(digits)) || 0;
  const { group, decimal } = STYLES[locale];
  return plain(digits)
    .format(rounded)
    .replace(/[,.]/g, (c) => (c === ',' ? group : decimal));
}

/** Fraction digits that show a parameter's resolution without noise: 0.001 V scale → 3, f32 → 3. */
export function digitsFor(parameter: Pick<ParameterDef, 'scale' | 'type' | 'calibration'>): number {
  if (parameter.type === 'f32' || parameter.type === 'f64' || parameter.calibration) return 3;
  if (parameter.scale >= 1) return 0;
  return Math.min(3, Math.max(0, Math.round(-Math.log10(parameter.scale))));
}

/**
 * A parameter's value as read out (not a state: callers name those in the interface language): a time as a
 * UTC date and time, a number at the parameter's resolution with its unit.
 */
export function formatReading(
  locale: IntlLocale,
  parameter: Pick<ParameterDef, 'scale' | 'type' | 'calibration' | 'unit' | 'time'>,
  value: number,
): string {
  if (parameter.time) return formatUtc(locale, value);
  const number = formatNumber(locale, value, digitsFor(parameter));
  return parameter.unit ? `${number} ${parameter.unit}` : number;
}

const two = (n: number) => String(n).padStart(2, '0');

export interface UtcOptions {
  /** Day, month and year before the time (default true). */
  date?: boolean;
  seconds?: boolean;
  /** " UTC" after the time (default true); false only where a template or a range adds it once. */
  mark?: boolean;
}

/**
 * The one time format of the dashboard: "25/11/2026 16:20:01 UTC" (day first, 24-hour clock); the date
 * separator follows the language, the order of the fields never does.
 */
export function formatUtc(locale: IntlLocale, ms: number, opts: UtcOptions = {}): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  const sep = STYLES[locale].dateSeparator;
  let time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
  if (opts.seconds ?? true) time += `:${two(d.getUTCSeconds())}`;
  const date = `${two(d.getUTCDate())}${sep}${two(d.getUTCMonth() + 1)}${sep}${d.getUTCFullYear()}`;
  const text = (opts.date ?? true) ? `${date} ${time}` : time;
  return (opts.mark ?? true) ? `${text} UTC` : text;
}

export type TimeUnit = 'day' | 'hour' | 'minute' | 'second';
const UNIT_MS: [TimeUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** The largest unit that fits `deltaMs`, and the whole count of it (sign kept; < 0 is the past). */
export function relativeParts(deltaMs: number): { unit: TimeUnit; count: number } {
  const abs = Math.abs(deltaMs);
  for (const [unit, size] of UNIT_MS) {
    if (abs >= size) return { unit, count: Math.trunc(deltaMs / size) };
  }
  return { unit: 'second', count: 0 };
}

/** Hours and minutes, or minutes and seconds, or seconds of a non-negative duration. */
export function durationParts(ms: number): [TimeUnit, number][] {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0)
    return m > 0
      ? [
          ['hour', h],
          ['minute', m],
        ]
      : [['hour', h]];
  if (m > 0)
    return s > 0
      ? [
          ['minute', m],
          ['second', s],
        ]
      : [['minute', m]];
  return [['second', s]];
}

export const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
export type ByteUnit = (typeof BYTE_UNITS)[number];

/** Decimal (SI) byte multiples: 1 500 000 bytes → 1.5 megabyte. */
export function byteParts(bytes: number): { unit: ByteUnit; value: number } {
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000;
    i += 1;
  }
  return { unit: BYTE_UNITS[i]!, value: v };
}

/**
 * CLDR plural category of an integer count. Russian has one/few/many; English and the Turkic languages
 * have one/other. Shipped rather than read from Intl.PluralRules, which falls back to English rules in a
 * browser without the locale's data.
 */
export function pluralCategory(locale: IntlLocale, n: number): 'one' | 'few' | 'many' | 'other' {
  const abs = Math.abs(n);
  if (!Number.isInteger(abs)) return 'other';
  if (locale !== 'ru') return abs === 1 ? 'one' : 'other';
  const last = abs % 10;
  const lastTwo = abs % 100;
  if (last === 1 && lastTwo !== 11) return 'one';
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return 'few';
  return 'many';
}
