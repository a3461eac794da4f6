// Availability of stations and partners (share of predicted passes completed, with the counts by outcome and
// by cause of each week or month), and contact coverage of spacecraft. The server counts only the records of
// the spacecraft the agreement lets the caller see; a refusal reads as "not shared", not as a failure.
import { useSearchParams } from 'react-router';
import {
  AVAILABILITY_PERIODS,
  CONTACT_CAUSES,
  CONTACT_OUTCOMES,
  type AvailabilityPeriod,
  type AvailabilityResponse,
  type AvailabilityRow,
} from '../../../shared/protocol/contacts';
import { api, apiPath } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { useServerNow } from '../../store/useNow';
import { ContactCoverage } from './ContactCoverage';
import { ContactsRequestError, OUTCOME_LOOK } from './contactLook';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Four weeks, or a quarter: a trend to compare the chosen period against. */
const WINDOW_MS: Record<AvailabilityPeriod, number> = { week: 28 * DAY_MS, month: 92 * DAY_MS };
const REFRESH_MS = 5 * 60_000;

/** The panel: availability by week or month, then coverage, over windows ending at the current hour. */
export function ContactAvailability() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const period: AvailabilityPeriod = params.get('availability') === 'month' ? 'month' : 'week';
  // Anchored to the hour so the figures hold still while the view is open.
  const toMs = Math.ceil(useServerNow(60_000) / HOUR_MS) * HOUR_MS;
  const query = { from: toMs - WINDOW_MS[period], to: toMs, period };
  const data = useResource(`availability:${period}:${toMs}`, () => api.availability(query), REFRESH_MS);
  /** A week's label means nothing by month: a new kind of period starts at its latest. */
  const choose = (kind: AvailabilityPeriod, shown?: string) => {
    const next = new URLSearchParams(params);
    next.set('availability', kind);
    if (shown === undefined) next.delete('period');
    else next.set('period', shown);
    setParams(next, { replace: true });
  };
  return (
    <section className="panel contacts-panel" aria-labelledby="availability-title" data-testid="availability">
      <div className="panel-head">
        <h2 id="availability-title">{t('contacts.availability')}</h2>
        <div role="group" aria-label={t('contacts.period')} className="toolbar">
          {AVAILABILITY_PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === period}
              data-testid={`availability-${p}`}
              onClick={() => choose(p)}
            >
              {t(`contacts.by.${p}`)}
            </button>
          ))}
        </div>
        <a
          className="no-print"
          href={apiPath('/api/contacts/availability', { ...query, format: 'csv' })}
          download
          data-testid="availability-csv"
        >
          {t('contacts.csv')}
        </a>
      </div>
      <p className="muted">{t('contacts.availabilityHint')}</p>
      {data.error ? <ContactsRequestError error={data.error} retry={data.reload} /> : null}
      {data.data ? (
        <AvailabilityTable
          body={data.data}
          chosen={params.get('period') ?? undefined}
          onChoose={(shown) => choose(period, shown)}
        />
      ) : null}
      <ContactCoverage toMs={toMs} />
    </section>
  );
}

const counted = (row: AvailabilityRow) => row.outcomes.completed + row.outcomes.partial + row.outcomes.missed;

/** One period's table: a row per station, then per partner, with every outcome and cause counted. */
export function AvailabilityTable({
  body,
  chosen,
  onChoose,
}: {
  body: AvailabilityResponse;
  /** The period shown; the latest when absent or not in the window. */
  chosen?: string;
  onChoose: (period: string) => void;
}) {
  const { t } = useI18n();
  const labels = useLabels();
  const periods = body.stations[0]?.rows.map((r) => r.period) ?? [];
  const period = chosen !== undefined && periods.includes(chosen) ? chosen : periods.at(-1);
  const rowOf = (rows: readonly AvailabilityRow[]) => rows.find((r) => r.period === period);
  const any = [...body.stations, ...body.partners].some((s) => s.rows.some((r) => counted(r) > 0));
  if (period === undefined || !any) return <EmptyState kind="empty" title={t('contacts.noRecords')} />;
  return (
    <>
      <label>
        {t('contacts.period')}{' '}
        <select value={period} onChange={(e) => onChoose(e.target.value)} data-testid="availability-period">
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <table className="data-table availability-table" data-testid="availability-table">
        <caption>{t('contacts.availabilityCaption', { period })}</caption>
        <AvailabilityHead />
        <tbody>
          <GroupRow label={t('contacts.stations')} />
          {body.stations.map((s) => (
            <AvailabilityRowCells
              key={s.stationId}
              name={`${labels.station(s.stationId)} (${labels.partner(s.partnerId)})`}
              row={rowOf(s.rows)}
              testId={`availability-station-${s.stationId}`}
            />
          ))}
          <GroupRow label={t('contacts.partners')} />
          {body.partners.map((p) => (
            <AvailabilityRowCells
              key={p.partnerId}
              name={labels.partner(p.partnerId)}
              row={rowOf(p.rows)}
              testId={`availability-partner-${p.partnerId}`}
            />
          ))}
        </tbody>
      </table>
    </>
  );
}

const COLUMNS = 1 + 1 + CONTACT_OUTCOMES.length + CONTACT_CAUSES.length;

function GroupRow({ label }: { label: string }) {
  return (
    <tr className="group-row">
      <th scope="colgroup" colSpan={COLUMNS}>
        {label}
      </th>
    </tr>
  );
}

function AvailabilityHead() {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        <td rowSpan={2} />
        <th scope="col" rowSpan={2}>
          {t('contacts.availabilityShare')}
        </th>
        <th scope="colgroup" colSpan={CONTACT_OUTCOMES.length}>
          {t('contacts.passes')}
        </th>
        <th scope="colgroup" colSpan={CONTACT_CAUSES.length}>
          {t('contacts.causes')}
        </th>
      </tr>
      <tr>
        {CONTACT_OUTCOMES.map((o) => (
          <th key={o} scope="col">
            <span aria-hidden="true" style={{ color: OUTCOME_LOOK[o].colour }}>
              {OUTCOME_LOOK[o].mark}
            </span>{' '}
            {t(`contacts.outcome.${o}`)}
          </th>
        ))}
        {CONTACT_CAUSES.map((c) => (
          <th key={c} scope="col">
            {t(`contacts.cause.${c}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function AvailabilityRowCells({
  name,
  row,
  testId,
}: {
  name: string;
  row: AvailabilityRow | undefined;
  testId: string;
}) {
  const { t, num } = useI18n();
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td className="num availability-share">
        {row === undefined || row.availability === null ? (
          '—'
        ) : (
          <>
            <strong>{num(100 * row.availability, 1)} %</strong>{' '}
            <span className="muted">
              {t('contacts.ofPasses', { n: num(row.outcomes.completed), total: num(counted(row)) })}
            </span>
          </>
        )}
      </td>
      {CONTACT_OUTCOMES.map((o) => (
        <td key={o} className="num" data-outcome={o}>
          {num(row?.outcomes[o] ?? 0)}
        </td>
      ))}
      {CONTACT_CAUSES.map((c) => (
        <td key={c} className="num" data-cause={c}>
          {num(row?.causes[c] ?? 0)}
        </td>
      ))}
    </tr>
  );
}
