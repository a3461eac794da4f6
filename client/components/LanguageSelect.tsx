import { translate, useI18n } from '../i18n';
import { LOCALES, useOrtaq, type Locale } from '../store';

/** Each language is named in itself, from its own translation file. */
export function LanguageSelect() {
  const { t, locale } = useI18n();
  const setLocale = useOrtaq((s) => s.setLocale);
  return (
    <label className="language-select">
      <span className="sr-only">{t('common.language')}</span>
      <select
        value={locale}
        onChange={(e) => setLocale(e.target.value as Locale)}
        aria-label={t('common.language')}
        data-testid="language-select"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {translate(l, 'language.name')}
          </option>
        ))}
      </select>
    </label>
  );
}
