import { Link } from 'react-router';
import { useMe, useVisibility } from '../auth';
import { useI18n } from '../i18n';
import { useLabels } from '../i18n/useLabels';
import { EmptyState } from './EmptyState';

/** A padlock drawn in SVG: an emoji lock needs a colour-emoji font that kiosk Linux installs lack. */
function LockIcon() {
  return (
    <svg
      className="lock-icon"
      viewBox="0 0 12 14"
      width="10"
      height="12"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** "Status only" tag for a spacecraft the partner sees only in the fleet summary. */
export function StatusOnlyTag({ spacecraftId }: { spacecraftId: string }) {
  const { t } = useI18n();
  const visible = useVisibility();
  if (visible(spacecraftId, 'telemetry')) return null;
  return (
    <span className="tag status-only" data-testid="status-only">
      <LockIcon /> {t('access.statusOnly')}
    </span>
  );
}

/** The agreement's sentence for a spacecraft shared only as a fleet status line: one wording everywhere. */
export function StatusOnlyNotice({ spacecraftId }: { spacecraftId: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const me = useMe();
  return (
    <EmptyState
      kind="empty"
      title={`${labels.spacecraft(spacecraftId)}: ${t('access.statusOnly')}`}
      detail={t('access.statusOnlyDetail', {
        name: labels.spacecraft(spacecraftId),
        partner: me ? labels.partner(me.principal.partner) : '',
      })}
      action={<Link to={`/spacecraft/${spacecraftId}`}>{t('access.statusLink')}</Link>}
    />
  );
}
