import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { UtilizationResponse } from '../../../shared/protocol';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { EmptyState, RequestError } from '../../components/EmptyState';
import { useI18n, type MessageKey } from '../../i18n';
import { useLabels, usePartnerIds } from '../../i18n/useLabels';
import { useElementWidth } from '../../lib/useElementWidth';
import { useServerNow } from '../../store/useNow';
import { useDictionary } from '../../store';
import { download, fileTime, toCsv } from '../../lib/exportFiles';
import { partnerColours, QUANTITY_COLOURS } from '../../lib/partnerColours';
import { CapacityTable } from './CapacityTable';
import { FairShareMatrix } from './FairShareMatrix';

const PERIODS: { key: string; ms: number; label: MessageKey }[] = [
  { key: '24h', ms: 24 * 3600_000, label: 'window.24h' },
  { key: '7d', ms: 7 * 24 * 3600_000, label: 'window.7d' },
  { key: '30d', ms: 30 * 24 * 3600_000, label: 'window.30d' },
  { key: '90d', ms: 90 * 24 * 3600_000, label: 'window.90d' },
];
const TOOLTIP_STYLE = { background: 'var(--panel)', border: '1px solid var(--border)' };

/** A category label on one line: recharts wraps a long name ("Kazakhstan") over the bar below. */
function OneLineTick({ x, y, payload }: { x?: number; y?: number; payload?: { value: string } }) {
  return (
    <text x={x} y={(y ?? 0) + 12} textAnchor="middle" fill="var(--axis)" fontSize={12}>
      {payload?.value}
    </text>
  );
}

/** The utilization table as CSV: one row per partner, minutes and bytes as plain numbers. */
function utilizationCsv(data: UtilizationResponse): string {
  const rows: (string | number)[][] = [
    [
      'partner',
      'from_utc',
      'to_utc',
      'recording_from_utc',
      'contact_min',
      'downlink_min',
      'used_percent',
      'bytes',
    ],
  ];
  for (const p of data.partners) {
    rows.push([
      p.partnerId,
      new Date(data.from).toISOString(),
      new Date(data.to).toISOString(),
      data.recordingFromMs === null ? '' : new Date(data.recordingFromMs).toISOString(),
      Math.round(p.contactMinutes * 10) / 10,
      Math.round(p.downlinkMinutes * 10) / 10,
      p.contactMinutes > 0 ? Math.round((1000 * p.downlinkMinutes) / p.contactMinutes) / 10 : '',
      p.bytesDelivered,
    ]);
  }
  return toCsv(rows);
}

/** The sharing picture: contact time available vs used, and data delivered to each partner. */
export function PartnersView() {
  const { t, num, bytes, utc } = useI18n();
  const labels = useLabels();
  const partnerIds = usePartnerIds();
  const dictionary = useDictionary();
  const colours = useMemo(() => partnerColours(dictionary?.dictionary.partners ?? []), [dictionary]);
  const [params, setParams] = useSearchParams();
  const period = PERIODS.find((p) => p.key === params.get('period')) ?? PERIODS[0]!;
  // Anchored to the hour so the answer stays the same while the view is open.
  const now = useServerNow(60_000);
  const toMs = Math.ceil(now / 3600_000) * 3600_000;
  const fromMs = toMs - period.ms;
  const data = useResource(
    `util:${fromMs}:${toMs}`,
    () => api.utilization({ from: fromMs, to: toMs }),
    60_000,
  );
  const [ref, width] = useElementWidth<HTMLDivElement>();
  // A panel adds 2 × 1em padding and its border around a chart; two panels share the row with a 1em gap.
  const PANEL_EXTRA = 34;
  const half = Math.max(200, Math.floor((width - 16) / 2) - PANEL_EXTRA);

  const partners =
    data.data?.partners.map((p) => ({
      id: p.partnerId,
      name: labels.partner(p.partnerId),
      contact: Math.round(p.contactMinutes),
      downlink: Math.round(p.downlinkMinutes),
      gb: p.bytesDelivered / 1e9,
    })) ?? [];
  const spacecraft =
    data.data?.spacecraft.map((s) => ({
      name: labels.spacecraft(s.spacecraftId),
      contact: Math.round(s.contactMinutes),
      downlink: Math.round(s.downlinkMinutes),
      ...Object.fromEntries(partnerIds.map((p) => [p, (s.bytesByPartner[p] ?? 0) / 1e9])),
    })) ?? [];

  return (
    <section className="view partners-view" aria-labelledby="partners-title">
      <header className="view-header">
        <h1 id="partners-title">{t('partners.title')}</h1>
        <div role="group" aria-label={t('partners.period')} className="toolbar">
          {PERIODS.map((p) => (
            <button
              key={p.key}
              type="button"
              aria-pressed={p.key === period.key}
              onClick={() => setParams({ period: p.key }, { replace: true })}
            >
              {t(p.label)}
            </button>
          ))}
        </div>
        <div className="toolbar no-print">
          <button
            type="button"
            disabled={!data.data}
            data-testid="utilization-csv"
            onClick={() =>
              data.data &&
              download(
                `ortaq_utilization_${fileTime(data.data.from)}-${fileTime(data.data.to)}.csv`,
                new Blob([utilizationCsv(data.data)], { type: 'text/csv' }),
              )
            }
          >
            {t('partners.csv')}
          </button>
          <button type="button" onClick={() => window.print()}>
            {t('partners.print')}
          </button>
          <Link to="/partners/statement" data-testid="statement-link">
            {t('statement.open')}
          </Link>
        </div>
      </header>
      {data.data ? (
        <p className="muted" data-testid="utilization-coverage">
          {data.data.recordingFromMs === null
            ? t('partners.notRecorded')
            : t('partners.coverage', {
                from: utc(data.data.recordingFromMs, { seconds: false, mark: false }),
                to: utc(data.data.to, { seconds: false }),
              })}
        </p>
      ) : null}
      {data.error ? <RequestError error={data.error} retry={data.reload} /> : null}
      {data.data && partners.length === 0 ? <EmptyState kind="empty" title={t('empty.noData')} /> : null}
      <div ref={ref} className="partner-charts">
        {width > 0 && data.data ? (
          <>
            <figure className="panel">
              <figcaption>{t('partners.contactVsUsed')}</figcaption>
              <BarChart width={half} height={280} data={partners}>
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="name" stroke="var(--axis)" interval={0} tick={<OneLineTick />} />
                {/* Ticks are written in whole minutes, so they fall on whole minutes: two never read the same. */}
                <YAxis
                  stroke="var(--axis)"
                  allowDecimals={false}
                  tickFormatter={(v: number) => t('partners.minutes', { n: num(v, 0) })}
                  width={70}
                />
                <Tooltip contentStyle={TOOLTIP_STYLE} />
                <Legend />
                <Bar
                  dataKey="contact"
                  name={t('partners.available')}
                  fill={QUANTITY_COLOURS.available}
                  isAnimationActive={false}
                />
                <Bar
                  dataKey="downlink"
                  name={t('partners.used')}
                  fill={QUANTITY_COLOURS.used}
                  isAnimationActive={false}
                />
              </BarChart>
            </figure>
            <figure className="panel">
              <figcaption>{t('partners.delivered')}</figcaption>
              <BarChart width={half} height={280} data={partners}>
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="name" stroke="var(--axis)" interval={0} tick={<OneLineTick />} />
                <YAxis stroke="var(--axis)" unit=" GB" width={70} />
                <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => bytes(Number(v) * 1e9)} />
                <Bar dataKey="gb" name={t('partners.delivered')} isAnimationActive={false}>
                  {partners.map((p) => (
                    <Cell key={p.id} fill={colours[p.id]} />
                  ))}
                </Bar>
              </BarChart>
            </figure>
            <figure className="panel wide">
              <figcaption>{t('partners.bySpacecraft')}</figcaption>
              <BarChart width={width - PANEL_EXTRA} height={300} data={spacecraft}>
                <CartesianGrid stroke="var(--grid)" vertical={false} />
                <XAxis dataKey="name" stroke="var(--axis)" interval={0} tick={<OneLineTick />} />
                <YAxis stroke="var(--axis)" unit=" GB" width={70} />
                <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => bytes(Number(v) * 1e9)} />
                <Legend />
                {partnerIds.map((p) => (
                  <Bar
                    key={p}
                    dataKey={p}
                    stackId="bytes"
                    name={labels.partner(p)}
                    fill={colours[p]}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </figure>
          </>
        ) : null}
      </div>
      {data.data ? (
        <table className="data-table" data-testid="utilization-table">
          <caption>{t('partners.table', { period: t(period.label) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partners.partner')}</th>
              <th scope="col">{t('partners.available')}</th>
              <th scope="col">{t('partners.used')}</th>
              <th scope="col">{t('partners.share')}</th>
              <th scope="col">{t('partners.delivered')}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.partners.map((p) => (
              <tr key={p.partnerId}>
                <th scope="row">{labels.partner(p.partnerId)}</th>
                <td className="num">{t('partners.minutes', { n: num(p.contactMinutes, 0) })}</td>
                <td className="num">{t('partners.minutes', { n: num(p.downlinkMinutes, 0) })}</td>
                <td className="num">
                  {p.contactMinutes > 0 ? `${num((100 * p.downlinkMinutes) / p.contactMinutes, 0)} %` : '—'}
                </td>
                <td className="num">{bytes(p.bytesDelivered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CapacityTable fromMs={fromMs} toMs={toMs} />
      <FairShareMatrix fromMs={fromMs} toMs={toMs} />
    </section>
  );
}
