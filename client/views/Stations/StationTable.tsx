import { useI18n } from '../../i18n';
import { Age } from '../../components/Age';
import { EmptyState } from '../../components/EmptyState';
import { useLabels } from '../../i18n/useLabels';
import { useDictionary, useOrtaq } from '../../store';
import { LinkSummary } from './LinkSummary';

/** Each partner station with its link status and reception statistics (live from the store). */
export function StationTable() {
  const { t, num } = useI18n();
  const labels = useLabels();
  const dictionary = useDictionary();
  const stats = useOrtaq((s) => s.stations);
  if (!dictionary) return <EmptyState kind="loading" title={t('empty.loading')} />;
  return (
    <table className="data-table stations-table" data-testid="stations-table">
      <thead>
        <tr>
          <th scope="col">{t('stations.station')}</th>
          <th scope="col">{t('stations.partner')}</th>
          <th scope="col">{t('stations.link')}</th>
          <th scope="col">{t('stations.frames')}</th>
          <th scope="col">{t('stations.unique')}</th>
          <th scope="col">{t('stations.duplicates')}</th>
          <th scope="col">{t('stations.rejects')}</th>
          <th scope="col">{t('stations.tmLink')}</th>
          <th scope="col">{t('stations.bestSnr')}</th>
          <th scope="col">{t('stations.lastFrame')}</th>
          <th scope="col">{t('stations.inView')}</th>
        </tr>
      </thead>
      <tbody>
        {dictionary.dictionary.stations.map((st) => {
          const s = stats[st.id];
          const rejects = Object.entries(s?.rejects ?? {}).filter(([, n]) => (n ?? 0) > 0);
          return (
            <tr key={st.id}>
              <th scope="row">
                {st.name} <span className="muted small">({st.band})</span>
              </th>
              <td>{labels.partner(st.partner)}</td>
              <td>
                {s?.connected ? (
                  <span className="badge level-nominal">
                    <span aria-hidden="true">●</span> {t('stations.connected')}
                  </span>
                ) : (
                  <span className="badge status-no_contact">
                    <span aria-hidden="true">○</span> {t('stations.disconnected')}
                  </span>
                )}
              </td>
              <td className="num">{s ? num(s.framesReceived) : '—'}</td>
              <td className="num">{s ? num(s.uniqueFrames) : '—'}</td>
              <td className="num">{s ? num(s.duplicates) : '—'}</td>
              <td>
                {rejects.length === 0
                  ? '0'
                  : rejects.map(([code, n]) => (
                      <div key={code}>
                        {code}: {num(n ?? 0)}
                      </div>
                    ))}
              </td>
              <td data-testid={`tm-link-${st.id}`}>
                <LinkSummary channels={s?.link ?? []} fecfFailures={s?.rejects.bad_fecf ?? 0} />
              </td>
              <td className="num">{s?.bestSnrDb === null || !s ? '—' : `${num(s.bestSnrDb, 1)} dB`}</td>
              <td>
                <Age ms={s?.lastFrameMs ?? null} showTime={false} />
              </td>
              <td>{s?.spacecraftInView.map(labels.spacecraft).join(', ') || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
