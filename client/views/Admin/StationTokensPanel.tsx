import { useState } from 'react';
import { adminApi } from '../../auth/adminApi';
import { useAdminList } from './useAdminList';
import { useI18n } from '../../i18n';
import { Secret } from './Secret';
import { AdminError, useAdminAction } from './fields';

/** Per-station ingest tokens: issue a new one (shown once) or revoke (the station is disconnected). */
export function StationTokensPanel() {
  const { t, utc } = useI18n();
  const stations = useAdminList(adminApi.stations);
  const [issued, setIssued] = useState<{ stationId: string; token: string } | null>(null);
  const { error, run } = useAdminAction(stations.reload);
  return (
    <section className="panel admin-panel" aria-labelledby="admin-stations">
      <h2 id="admin-stations">{t('admin.stationTokens')}</h2>
      <table className="data-table" data-testid="admin-stations">
        <thead>
          <tr>
            <th>{t('admin.station')}</th>
            <th>{t('admin.source')}</th>
            <th>{t('admin.lastUsed')}</th>
            <th>
              <span className="sr-only">{t('admin.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {stations.data?.stations.map((s) => (
            <tr key={s.stationId}>
              <td>{s.stationId}</td>
              <td>{s.source}</td>
              <td>
                {s.revokedAtMs !== null
                  ? t('admin.revoked')
                  : s.lastUsedMs === null
                    ? t('common.never')
                    : utc(s.lastUsedMs)}
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  onClick={() => void run(() => adminApi.issueStationToken(s.stationId).then(setIssued))}
                >
                  {t('admin.issueToken')}
                </button>{' '}
                {s.revokedAtMs === null ? (
                  <button
                    type="button"
                    className="small"
                    onClick={() => void run(() => adminApi.revokeStationToken(s.stationId))}
                  >
                    {t('admin.revoke')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <AdminError error={error} />
      {issued ? (
        <Secret
          label={`${t('admin.token')} ${issued.stationId}`}
          value={issued.token}
          testId="station-token"
        />
      ) : null}
    </section>
  );
}
