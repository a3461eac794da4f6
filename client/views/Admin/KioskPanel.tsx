import { useState, type FormEvent } from 'react';
import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';
import { Secret } from './Secret';
import { AdminError, PartnerSelect, useAdminAction, usePartnerChoice } from './fields';

/** Read-only wall-screen links: the URL opens the wall view on an unattended screen without a login. */
export function KioskPanel() {
  const { t, utc } = useI18n();
  const kiosks = useAdminList(adminApi.kiosks);
  const [label, setLabel] = useState('');
  const [partner, setPartner] = usePartnerChoice();
  const [link, setLink] = useState<string | null>(null);
  const { error, run } = useAdminAction(kiosks.reload);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const issued = await adminApi.createKiosk({ label, partner });
      setLink(new URL(issued.path, window.location.origin).href);
      setLabel('');
    });
  };
  const revoke = (id: string) => run(() => adminApi.revokeKiosk(id));
  const live = kiosks.data?.kiosks.filter((k) => k.revokedAtMs === null) ?? [];
  return (
    <section className="panel admin-panel" aria-labelledby="admin-kiosks">
      <h2 id="admin-kiosks">{t('admin.kiosks')}</h2>
      <p className="muted">{t('admin.kioskHint')}</p>
      <table className="data-table" data-testid="admin-kiosks">
        <thead>
          <tr>
            <th>{t('admin.label')}</th>
            <th>{t('user.partner')}</th>
            <th>{t('admin.created')}</th>
            <th>
              <span className="sr-only">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {live.map((k) => (
            <tr key={k.id}>
              <td>{k.label}</td>
              <td>{k.partner}</td>
              <td>
                {utc(k.createdAtMs)} · {k.createdBy}
              </td>
              <td>
                <button type="button" className="small" onClick={() => void revoke(k.id)}>
                  {t('admin.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="admin-form" onSubmit={(e) => void create(e)}>
        <input
          aria-label={t('admin.label')}
          placeholder={t('admin.label')}
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          data-testid="kiosk-label"
        />
        <PartnerSelect value={partner} onChange={setPartner} />
        <button type="submit" disabled={!label.trim()} data-testid="kiosk-create">
          {t('admin.mintKiosk')}
        </button>
      </form>
      <AdminError error={error} />
      {link ? <Secret label={t('admin.kioskLink')} value={link} testId="kiosk-link" /> : null}
    </section>
  );
}
