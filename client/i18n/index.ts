// Interface languages. Every label comes from the translation files beside this module; the chosen language
// lives in the store (remembered per browser) and switches at run time.
import { useMemo } from 'react';
import { useOrtaq, type Locale } from '../store';
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatRelative,
  formatUtc,
  INTL_TAGS,
} from '../lib/format';
import en from './en.json';
import kk from './kk.json';
import ru from './ru.json';
import tr from './tr.json';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

/** The type annotations make `tsc` refuse a translation file that misses a key. */
const ruMessages: Messages = ru;
const trMessages: Messages = tr;
const kkMessages: Messages = kk;
export const MESSAGES: Record<Locale, Messages> = { en, ru: ruMessages, tr: trMessages, kk: kkMessages };

export type Vars = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = MESSAGES[locale][key] ?? en[key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
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
  utc: (ms: number, opts?: { date?: boolean; seconds?: boolean }) => string;
  relative: (deltaMs: number) => string;
  duration: (ms: number) => string;
  bytes: (bytes: number) => string;
  intlTag: string;
}

export function makeI18n(locale: Locale): I18n {
  return {
    locale,
    t: (key, vars) => translate(locale, key, vars),
    tOpt: (key, fallback) => translateOptional(locale, key, fallback),
    num: (value, maxDigits) => formatNumber(locale, value, maxDigits),
    utc: (ms, opts) => formatUtc(locale, ms, opts),
    relative: (deltaMs) => formatRelative(locale, deltaMs),
    duration: (ms) => formatDuration(locale, ms),
    bytes: (bytes) => formatBytes(locale, bytes),
    intlTag: INTL_TAGS[locale],
  };
}

export function useI18n(): I18n {
  const locale = useOrtaq((s) => s.locale);
  return useMemo(() => makeI18n(locale), [locale]);
}
