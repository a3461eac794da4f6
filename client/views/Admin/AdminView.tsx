import { useCan } from '../../auth';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { AuditPanel } from './AuditPanel';
import { ChannelsPanel } from './ChannelsPanel';
import { DeliveriesPanel } from './DeliveriesPanel';
import { KioskPanel } from './KioskPanel';
import { StationTokensPanel } from './StationTokensPanel';
import { UsersPanel } from './UsersPanel';

/** Users, station tokens, kiosk links, notification channels and the audit log; each panel only for the permission it needs. */
export function AdminView() {
  const { t } = useI18n();
  const users = useCan('admin:users');
  const stations = useCan('admin:stations');
  const kiosk = useCan('admin:kiosk');
  const audit = useCan('audit:read');
  const notify = useCan('admin:notify');
  if (!users && !stations && !kiosk && !audit && !notify) {
    return <EmptyState kind="error" title={t('admin.forbidden')} />;
  }
  return (
    <div className="admin-view" data-testid="admin-view">
      <h1>{t('nav.admin')}</h1>
      <div className="admin-grid">
        {users ? <UsersPanel /> : null}
        {kiosk ? <KioskPanel /> : null}
        {stations ? <StationTokensPanel /> : null}
        {notify ? <ChannelsPanel /> : null}
        {notify ? <DeliveriesPanel /> : null}
        {audit ? <AuditPanel /> : null}
      </div>
    </div>
  );
}
