import type { SliceCreator } from './slice';

export const LOCALES = ['en', 'ru', 'tr', 'kk', 'az', 'uz', 'ky'] as const;
export type Locale = (typeof LOCALES)[number];

// What persists across visits, declared key by key; nothing else in the store is written to localStorage.
const LOCALE_KEY = 'ortaq.locale';
const MUTED_KEY = 'ortaq.muted';
/** The alarm sound was enabled on this screen: a kiosk that reloads cannot click it on again. */
const SOUND_KEY = 'ortaq.sound';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can be disabled (privacy settings); preferences then last for the visit only.
    return null;
  }
}

const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/**
 * The first of the browser's preferred languages that Ortaq speaks, by primary subtag ("kk-KZ" → kk,
 * "uz-Cyrl" → uz: Uzbek is offered in the Latin script only); English when none is.
 */
export function browserLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.split(/[-_]/)[0]?.toLowerCase();
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

function initialLocale(): Locale {
  const saved = storage()?.getItem(LOCALE_KEY);
  if (isLocale(saved)) return saved;
  if (typeof navigator === 'undefined') return 'en';
  return browserLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export interface PrefsSlice {
  locale: Locale;
  /** The wall screen's alarm tone is off. */
  muted: boolean;
  /** The alarm sound was enabled here once; the wall turns it on again by itself after a reload. */
  soundEnabled: boolean;
  setLocale: (locale: Locale) => void;
  setMuted: (muted: boolean) => void;
  setSoundEnabled: (enabled: boolean) => void;
}

export const createPrefsSlice: SliceCreator<PrefsSlice> = (set) => ({
  locale: initialLocale(),
  muted: storage()?.getItem(MUTED_KEY) === '1',
  soundEnabled: storage()?.getItem(SOUND_KEY) === '1',
  setLocale: (locale) => {
    storage()?.setItem(LOCALE_KEY, locale);
    set({ locale });
  },
  setMuted: (muted) => {
    storage()?.setItem(MUTED_KEY, muted ? '1' : '0');
    set({ muted });
  },
  setSoundEnabled: (soundEnabled) => {
    storage()?.setItem(SOUND_KEY, soundEnabled ? '1' : '0');
    set({ soundEnabled });
  },
});
