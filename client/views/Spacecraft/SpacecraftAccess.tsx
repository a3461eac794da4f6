import { Link, useParams } from 'react-router';
import { useMe, useVisibility } from '../../auth';
import { EmptyState } from '../../components/EmptyState';
import { StatusBadge } from '../../components/StatusBadge';
import { StatusOnlyTag } from '../../components/StatusOnly';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { useOrtaq } from '../../store';
import { SpacecraftView } from './SpacecraftView';

/**
 * The spacecraft view, or, for a spacecraft the agreement shares only as a fleet status line, that line and
 * a plain explanation: not an error, and no request the server would refuse.
 */
export function SpacecraftAccess() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const labels = useLabels();
  const me = useMe();
  const visible = useVisibility();
  const entry = useOrtaq((s) => s.fleet?.[id] ?? null);
  if (visible(id, 'telemetry')) return <SpacecraftView />;
  return (
    <section className="view spacecraft-view" aria-labelledby="sc-title" data-testid="spacecraft-status-only">
      <header className="view-header">
        <h1 id="sc-title">{labels.spacecraft(id)}</h1>
        {entry ? <StatusBadge status={entry.status} /> : null}
        <StatusOnlyTag spacecraftId={id} />
      </header>
      <EmptyState
        kind="empty"
        title={t('access.statusOnly')}
        detail={t('access.statusOnlyDetail', {
          name: labels.spacecraft(id),
          partner: me ? labels.partner(me.principal.partner) : '',
        })}
        action={<Link to="/fleet">{t('spacecraft.backToFleet')}</Link>}
      />
    </section>
  );
}
