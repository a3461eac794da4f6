// Finds English left in a page rendered in another language: text nodes and accessible names that are an
// English catalogue message the language translates differently, catalogue keys and raw event codes.
import { MESSAGES, type MessageKey } from '../../client/i18n';
import type { Locale } from '../../client/store';

const ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt'];

/** Every visible string of `root`: text nodes and the attributes assistive technology reads. */
export function renderedStrings(root: Element): string[] {
  const out: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // A language's own name in the language picker is marked with its `lang` and left as it is.
    if (node.parentElement?.closest('[lang]')) continue;
    const text = node.textContent?.trim();
    if (text) out.push(text);
  }
  for (const el of root.querySelectorAll('*')) {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute(name)?.trim();
      if (value) out.push(value);
    }
  }
  return out;
}

/** English messages (without their placeholders) that `locale` says otherwise. */
function englishOnly(locale: Locale): { whole: Set<string>; phrases: string[] } {
  const en = MESSAGES.en;
  const own = MESSAGES[locale];
  const whole = new Set<string>();
  const phrases: string[] = [];
  for (const key of Object.keys(en) as MessageKey[]) {
    if (own[key] === en[key] || en[key].includes('{')) continue;
    whole.add(en[key]);
    // Longer phrases are also looked for inside composed strings ("… · Stale").
    if (en[key].length >= 12 && en[key].includes(' ')) phrases.push(en[key]);
  }
  return { whole, phrases };
}

const KEY_LIKE = /^[a-z]+(\.[A-Za-z0-9_]+)+$/;
const CODE_LIKE = /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/;

/** Strings of `root` that were not translated into `locale` (empty when all are). */
export function untranslatedStrings(root: Element, locale: Locale): string[] {
  const { whole, phrases } = englishOnly(locale);
  const keys = new Set(Object.keys(MESSAGES.en));
  return renderedStrings(root).filter(
    (s) =>
      (locale !== 'en' && (whole.has(s) || phrases.some((p) => s.includes(p)))) ||
      (KEY_LIKE.test(s) && keys.has(s)) ||
      CODE_LIKE.test(s),
  );
}
