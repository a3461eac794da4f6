import { Bar, BarChart, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { EmptyState } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import type { PassGroup } from '../../lib/passes';
import { useLabels } from '../../i18n/useLabels';
import { useElementWidth } from '../../lib/useElementWidth';
import type { ContactRecord } from '../../../shared/protocol/contacts';
import { ContactEvidenceCells, ContactEvidenceHeads } from './ContactEvidence';
import { contactKey } from './contactLook';
import { LinkSummary } from './LinkSummary';

/** A pass heard in bursts has dozens of short gaps: the longest few, in time order, say what happened. */
const GAPS_SHOWN = 4;
const longestGaps = (gaps: readonly { fromMs: number; toMs: number }[]) =>
  [...gaps]
    .sort((a, b) => b.toMs - b.fromMs - (a.toMs - a.fromMs))
    .slice(0, GAPS_SHOWN)
    .sort((a, b) => a.fromMs - b.fromMs);

/**
 * For a pass heard by several stations: signal quality, frame counts and gaps side by side, and what each
 * station's contact record says of it (outcome, cause, evidence).
 */
export function PassComparison({
  group,
  candidates,
  contacts = new Map(),
  onSelect,
}: {
  group: PassGroup | null;
  candidates: readonly PassGroup[];
  /** Contact records by `contactKey`. */
  contacts?: ReadonlyMap<string, ContactRecord>;
  onSelect: (id: string) => void;
}) {
  const { t, num, utc, duration } = useI18n();
  const labels = useLabels();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const rows =
    group?.passes.map((p) => ({
      stationId: p.stationId,
      station: labels.station(p.stationId),
      frames: p.reception?.frames ?? 0,
      unique: p.reception?.uniqueFrames ?? 0,
      meanSnr: p.reception?.meanSnrDb ?? null,
      bestSnr: p.reception?.bestSnrDb ?? null,
      gaps: p.reception?.gaps ?? [],
      link: p.reception?.link,
      maxEl: p.maxElevationDeg,
      contact: contacts.get(contactKey(p)) ?? null,
    })) ?? [];
  return (
    <section className="panel" aria-labelledby="compare-title" data-testid="pass-comparison">
      <div className="panel-head">
        <h2 id="compare-title">{t('stations.compare')}</h2>
        <label>
          {t('stations.pass')}{' '}
          <select value={group?.id ?? ''} onChange={(e) => onSelect(e.target.value)}>
            {group && !candidates.includes(group) ? (
              <option value={group.id}>
                {labels.spacecraft(group.spacecraftId)} · {utc(group.aosMs)}
              </option>
            ) : null}
            {candidates.map((g) => (
              <option key={g.id} value={g.id}>
                {labels.spacecraft(g.spacecraftId)} · {utc(g.aosMs)} · {g.passes.length}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!group ? (
        <EmptyState kind="empty" title={t('stations.noMulti')} />
      ) : (
        <>
          <p>
            {labels.spacecraft(group.spacecraftId)} · {utc(group.aosMs, { mark: false })} –{' '}
            {utc(group.losMs, { date: false })} ({duration(group.losMs - group.aosMs)})
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('stations.station')}</th>
                <th scope="col">{t('stations.maxElevation')}</th>
                <ContactEvidenceHeads />
                <th scope="col">{t('stations.frames')}</th>
                <th scope="col">{t('stations.unique')}</th>
                <th scope="col">{t('stations.meanSnr')}</th>
                <th scope="col">{t('stations.bestSnr')}</th>
                <th scope="col">{t('stations.gaps')}</th>
                <th scope="col">{t('stations.linkThisPass')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.station}>
                  <th scope="row">{r.station}</th>
                  <td className="num">{num(r.maxEl, 1)}°</td>
                  <ContactEvidenceCells record={r.contact} testId={`compare-outcome-${r.stationId}`} />
                  <td className="num">{num(r.frames)}</td>
                  <td className="num">{num(r.unique)}</td>
                  <td className="num">{r.meanSnr === null ? '—' : `${num(r.meanSnr, 1)} dB`}</td>
                  <td className="num">{r.bestSnr === null ? '—' : `${num(r.bestSnr, 1)} dB`}</td>
                  <td>
                    {r.gaps.length === 0 ? t('stations.noGaps') : null}
                    {longestGaps(r.gaps).map((g) => (
                      <div key={g.fromMs}>
                        {utc(g.fromMs, { date: false })} · {duration(g.toMs - g.fromMs)}
                      </div>
                    ))}
                    {r.gaps.length > GAPS_SHOWN ? (
                      <div className="muted">
                        {t('stations.moreGaps', { count: r.gaps.length - GAPS_SHOWN })}
                      </div>
                    ) : null}
                  </td>
                  <td data-testid={`compare-link-${r.stationId}`}>
                    <LinkSummary channels={r.link?.channels ?? []} fecfFailures={r.link?.fecfFailures ?? 0} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div ref={ref} className="chart-box">
            {width > 0 ? (
              <BarChart
                width={width}
                height={200}
                data={rows}
                margin={{ top: 8, right: 12, bottom: 4, left: 4 }}
              >
                <XAxis dataKey="station" stroke="var(--axis)" />
                <YAxis yAxisId="frames" stroke="var(--axis)" />
                <YAxis yAxisId="snr" orientation="right" stroke="var(--axis)" unit=" dB" />
                <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }} />
                <Legend />
                <Bar
                  yAxisId="frames"
                  dataKey="frames"
                  name={t('stations.frames')}
                  fill="#4fc3f7"
                  isAnimationActive={false}
                />
                <Bar
                  yAxisId="frames"
                  dataKey="unique"
                  name={t('stations.unique')}
                  fill="#81c784"
                  isAnimationActive={false}
                />
                <Bar
                  yAxisId="snr"
                  dataKey="meanSnr"
                  name={t('stations.meanSnr')}
                  fill="#ffb74d"
                  isAnimationActive={false}
                />
              </BarChart>
            ) : null}
          </div>
        </>
      )}
    </section>
  );
}
