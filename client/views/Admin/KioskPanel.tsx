import { useState, type FormEvent } from 'react';
import { PARTNER_IDS, type PartnerId } from '../../../shared/dictionary/types';
import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';
import { errorText, Secret } from './Secret';

/** Read-only wall-screen links: the URL opens the wall view on an unattended screen without a login. */
export function KioskPanel() {
  const { t, utc } = useI18n();
  const kiosks = useAdminList(adminApi.kiosks);
  const [label, setLabel] = useState('');
  const [partner, setPartner] = useState<PartnerId>('KZ');
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const issued = await adminApi.createKiosk({ label, partner });
      setLink(new URL(issued.path, window.location.origin).href);
      setLabel('');
      kiosks.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const revoke = (id: string) =>
    adminApi.revokeKiosk(id).then(kiosks.reload, (err: unknown) => setError(errorText(err)));
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
            <th />
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
        <select
          aria-label={t('user.partner')}
          value={partner}
          onChange={(e) => setPartner(e.target.value as PartnerId)}
        >
          {PARTNER_IDS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <button type="submit" disabled={!label.trim()} data-testid="kiosk-create">
          {t('admin.mintKiosk')}
        </button>
      </form>
      {error ? <p role="alert">⚠ {error}</p> : null}
      {link ? <Secret label={t('admin.kioskLink')} value={link} testId="kiosk-link" /> : null}
    </section>
  );
}
