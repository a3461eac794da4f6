import { useI18n } from '../i18n';
import { useServerNow } from '../store/useNow';

/** A UTC time with its age ("16:20:01 UTC · 12 s ago"), updated every second. */
export function Age({ ms, showTime = true }: { ms: number | null; showTime?: boolean }) {
  const { t, utc, relative } = useI18n();
  const now = useServerNow();
  if (ms === null) return <span className="age muted">{t('common.never')}</span>;
  return (
    <span className="age">
      {showTime ? <time dateTime={new Date(ms).toISOString()}>{utc(ms, { date: false })} · </time> : null}
      <span className="age-rel">{relative(ms - now)}</span>
    </span>
  );
}
