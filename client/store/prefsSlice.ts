import type { SliceCreator } from './types';

export const LOCALES = ['en', 'ru', 'tr', 'kk'] as const;
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

function initialLocale(): Locale {
  const saved = storage()?.getItem(LOCALE_KEY);
  if (isLocale(saved)) return saved;
  const browser = typeof navigator === 'undefined' ? 'en' : navigator.language.slice(0, 2);
  return isLocale(browser) ? browser : 'en';
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
