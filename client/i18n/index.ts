// Interface languages. Every label comes from the translation files beside this module; the chosen language
// lives in the store (remembered per browser, first taken from the browser's languages) and switches at run
// time. Messages may hold ICU-style plurals: "{count, plural, one {# frame} other {# frames}}".
import { useMemo } from 'react';
import { useOrtaq, type Locale } from '../store';
import {
  byteParts,
  durationParts,
  formatNumber,
  formatUtc,
  INTL_TAGS,
  pluralCategory,
  relativeParts,
  type UtcOptions,
} from '../lib/format';
import az from './az.json';
import en from './en.json';
import kk from './kk.json';
import ky from './ky.json';
import ru from './ru.json';
import tr from './tr.json';
import uz from './uz.json';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

/** The type annotations make `tsc` refuse a translation file that misses a key. */
const ruMessages: Messages = ru;
const trMessages: Messages = tr;
const kkMessages: Messages = kk;
const azMessages: Messages = az;
const uzMessages: Messages = uz;
const kyMessages: Messages = ky;
export const MESSAGES: Record<Locale, Messages> = {
  en,
  ru: ruMessages,
  tr: trMessages,
  kk: kkMessages,
  az: azMessages,
  uz: uzMessages,
  ky: kyMessages,
};

export type Vars = Record<string, string | number>;

/** The variable names a message uses, plain or plural: the same set in every language. */
export function placeholderNames(template: string): string[] {
  const names = [...template.matchAll(/\{(\w+)(?:\}|,\s*plural\s*,)/g)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** The text of the option `{...}` opening at `open`, and the index after its closing brace. */
function braced(template: string, open: number): { text: string; end: number } | null {
  let depth = 0;
  for (let i = open; i < template.length; i += 1) {
    if (template[i] === '{') depth += 1;
    else if (template[i] === '}' && --depth === 0) return { text: template.slice(open + 1, i), end: i + 1 };
  }
  return null;
}

const PLURAL_HEAD = /\{(\w+),\s*plural\s*,/g;

/** Replaces each plural block with the option for its count ("=0", the locale's category, or "other"). */
function expandPlurals(locale: Locale, template: string, vars: Vars): string {
  let out = '';
  let from = 0;
  for (const head of template.matchAll(PLURAL_HEAD)) {
    if (head.index < from) continue;
    const options = new Map<string, string>();
    let i = head.index + head[0].length;
    for (;;) {
      const key = /^\s*(=?\w+)\s*/.exec(template.slice(i));
      if (!key || template[i + key[0].length] !== '{') break;
      const option = braced(template, i + key[0].length);
      if (!option) break;
      options.set(key[1]!, option.text);
      i = option.end;
    }
    const close = template.indexOf('}', i);
    if (close < 0) break;
    const count = Number(vars[head[1]!] ?? 0);
    const chosen =
      options.get(`=${count}`) ?? options.get(pluralCategory(locale, count)) ?? options.get('other') ?? '';
    out += template.slice(from, head.index) + chosen.replace(/#/g, formatNumber(locale, count, 2));
    from = close + 1;
  }
  return out + template.slice(from);
}

/** The message for `key` in `locale`, with plurals chosen and `{name}` placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = MESSAGES[locale][key] ?? en[key];
  if (!vars) return template;
  const withPlurals = template.includes('plural') ? expandPlurals(locale, template, vars) : template;
  return withPlurals.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value, 3) : value;
  });
}

/** Looks up an optional key (e.g. a parameter name) and falls back when the files do not have it. */
export function translateOptional(locale: Locale, key: string, fallback: string): string {
  const messages = MESSAGES[locale] as Record<string, string>;
  return messages[key] ?? fallback;
}

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, vars?: Vars) => string;
  /** A dictionary label (parameter, state, subsystem) if the translation files have it. */
  tOpt: (key: string, fallback: string) => string;
  num: (value: number, maxDigits?: number) => string;
  /** The one time format: "25/11/2026 16:20:01 UTC", marked UTC unless `mark: false`. */
  utc: (ms: number, opts?: UtcOptions) => string;
  /** "4 min ago" / "in 12 s"; `deltaMs` < 0 is the past. */
  relative: (deltaMs: number) => string;
  duration: (ms: number) => string;
  bytes: (bytes: number) => string;
  intlTag: string;
}

export function makeI18n(locale: Locale): I18n {
  const t = (key: MessageKey, vars?: Vars) => translate(locale, key, vars);
  const num = (value: number, maxDigits?: number) => formatNumber(locale, value, maxDigits);
  return {
    locale,
    t,
    tOpt: (key, fallback) => translateOptional(locale, key, fallback),
    num,
    utc: (ms, opts) => formatUtc(locale, ms, opts),
    relative: (deltaMs) => {
      const { unit, count } = relativeParts(deltaMs);
      if (count === 0) return t('time.now');
      return t(`time.${count < 0 ? 'past' : 'future'}.${unit}`, { n: Math.abs(count) });
    },
    duration: (ms) =>
      durationParts(ms)
        .map(([unit, n]) => t(`unit.${unit}`, { n }))
        .join(' '),
    bytes: (bytes) => {
      const { unit, value } = byteParts(bytes);
      return t(`unit.${unit}`, { n: num(value, unit === 'byte' ? 0 : 1) });
    },
    intlTag: INTL_TAGS[locale],
  };
}

export function useI18n(): I18n {
  const locale = useOrtaq((s) => s.locale);
  return useMemo(() => makeI18n(locale), [locale]);
}
