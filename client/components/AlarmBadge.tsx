import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { useServerNow } from '../lib/useNow';
import { selectAttentionLevel, selectUnacknowledgedCount, useOrtaq } from '../store';

/** Count of alarms waiting for an operator, on every view; flashes while there are any. */
export function AlarmBadge() {
  const { t } = useI18n();
  const now = useServerNow(2000);
  const count = useOrtaq(selectUnacknowledgedCount(now));
  const level = useOrtaq(selectAttentionLevel(now));
  return (
    <Link
      to="/alarms"
      className={`alarm-badge level-${level === 'none' ? 'nominal' : level}${count > 0 ? ' flashing' : ''}`}
      data-testid="alarm-badge"
      aria-label={t('alarms.badge', { count })}
    >
      <span aria-hidden="true">{count > 0 ? '⚠' : '✓'}</span>
      <span className="alarm-count">{count}</span>
      <span className="alarm-badge-label">{t('nav.alarms')}</span>
    </Link>
  );
}
