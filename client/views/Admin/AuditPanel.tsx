import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';

const loadAudit = () => adminApi.audit(50);

/** The newest entries of the audit log: who did what, when. */
export function AuditPanel() {
  const { t, utc } = useI18n();
  const audit = useAdminList(loadAudit, 10_000);
  return (
    <section className="panel admin-panel admin-audit" aria-labelledby="admin-audit">
      <h2 id="admin-audit">{t('admin.audit')}</h2>
      <table className="data-table" data-testid="admin-audit">
        <thead>
          <tr>
            <th>{t('admin.when')}</th>
            <th>{t('admin.actor')}</th>
            <th>{t('admin.action')}</th>
            <th>{t('admin.target')}</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.entries.map((e) => (
            <tr key={e.id}>
              <td>{utc(e.atMs)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{[e.target, e.detail].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
