// Contact coverage per spacecraft: the share of its orbits with a completed contact at any station, as a bar
// with the number written beside it, and the orbit counts the share was worked out from.
import type { CoverageResponse } from '../../../shared/protocol/contacts';
import { api, apiPath } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { ContactsRequestError } from './contactLook';

/** A week: enough orbits (≈ 100 each) that one missed contact moves the share by about a point. */
const WINDOW_MS = 7 * 24 * 3_600_000;
const REFRESH_MS = 5 * 60_000;

export function ContactCoverage({ toMs }: { toMs: number }) {
  const { t } = useI18n();
  const query = { from: toMs - WINDOW_MS, to: toMs };
  const data = useResource(`coverage:${toMs}`, () => api.coverage(query), REFRESH_MS);
  return (
    <section aria-labelledby="coverage-title" data-testid="coverage">
      <div className="panel-head">
        <h3 id="coverage-title">{t('contacts.coverage')}</h3>
        <a
          className="no-print"
          href={apiPath('/api/contacts/coverage', { ...query, format: 'csv' })}
          download
          data-testid="coverage-csv"
        >
          {t('contacts.csv')}
        </a>
      </div>
      {data.error ? <ContactsRequestError error={data.error} retry={data.reload} /> : null}
      {data.data ? <CoverageTable body={data.data} /> : null}
    </section>
  );
}

export function CoverageTable({ body }: { body: CoverageResponse }) {
  const { t, num, utc } = useI18n();
  const labels = useLabels();
  if (body.spacecraft.length === 0) return <p className="muted">{t('contacts.notShared')}</p>;
  const span = (ms: number | null) => (ms === null ? '—' : utc(ms, { seconds: false }));
  return (
    <table className="data-table coverage-table" data-testid="coverage-table">
      <caption>
        {body.countedFromMs === null
          ? t('contacts.noRecords')
          : t('contacts.coverageHint', { from: span(body.countedFromMs), to: span(body.countedToMs) })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('contacts.spacecraft')}</th>
          <th scope="col">{t('contacts.coverageShare')}</th>
          <th scope="col">{t('contacts.orbitsWithContact')}</th>
          <th scope="col">{t('contacts.orbitPeriod')}</th>
        </tr>
      </thead>
      <tbody>
        {body.spacecraft.map((row) => (
          <tr key={row.spacecraftId} data-testid={`coverage-${row.spacecraftId}`}>
            <th scope="row">{labels.spacecraft(row.spacecraftId)}</th>
            <td className="coverage-cell">
              {row.coverage === null ? (
                '—'
              ) : (
                <>
                  <span className="coverage-bar" aria-hidden="true">
                    <span style={{ width: `${Math.round(100 * row.coverage)}%` }} />
                  </span>
                  <span className="num">{num(100 * row.coverage, 1)} %</span>
                </>
              )}
            </td>
            <td className="num">
              {t('contacts.ofOrbits', { n: num(row.orbitsWithContact), total: num(row.orbits) })}
            </td>
            <td className="num">{t('contacts.minutes', { n: num(row.orbitPeriodMin, 1) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
