import { Link } from 'react-router';
import { useI18n } from '../i18n';
import { useServerNow } from '../store/useNow';
import { selectActiveCount, selectActiveLevel, selectUnacknowledgedCount, useOrtaq } from '../store';

/**
 * Alarms on every view: how many are active (their colour, acknowledged or not: acknowledged is not
 * resolved) and, apart, how many wait for an operator (it flashes while there are any). `wordless` keeps the
 * word "Alarms" for screen readers only (the wall gives its room to the two counts; the glyph says alarms).
 */
export function AlarmBadge({ wordless = false }: { wordless?: boolean }) {
  const { t } = useI18n();
  const now = useServerNow(2000);
  const unacked = useOrtaq(selectUnacknowledgedCount(now));
  const active = useOrtaq(selectActiveCount(now));
  const level = useOrtaq(selectActiveLevel(now));
  return (
    <Link
      to="/alarms"
      className={`alarm-badge level-${level === 'none' ? 'nominal' : level}`}
      data-testid="alarm-badge"
    >
      <span aria-hidden="true">{active > 0 ? '⚠' : '✓'}</span>
      <span className={wordless ? 'sr-only' : 'alarm-badge-label'}>{t('nav.alarms')}</span>
      <span className="alarm-count" data-testid="alarm-active">
        {t('alarms.activeCount', { count: active })}
      </span>
      <span className={`alarm-unacked${unacked > 0 ? ' flashing' : ''}`} data-testid="alarm-unacked">
        {t('wall.unacked', { count: unacked })}
      </span>
    </Link>
  );
}
