// Capacity used per spacecraft: how much of its time in orbit the payload imaged and how much of its
// contact time it downlinked, over the view's period. The shares are the figures; the minutes beside them
// say what they were worked out from. Rows are those the agreement lets the partner see.
import { capacityShares, type CapacityResponse } from '../../../shared/protocol/capacity';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { RequestError } from '../../components/EmptyState';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';
import { download, fileTime, toCsv } from '../../lib/exportFiles';

const tenth = (value: number) => Math.round(value * 10) / 10;

/** Column for column what GET /api/capacity?format=csv writes. */
export function capacityCsv(data: CapacityResponse): string {
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  const rows: (string | number | null)[][] = [
    [
      'spacecraft',
      'from_utc',
      'to_utc',
      'recording_from_utc',
      'orbit_min',
      'imaging_min',
      'imaging_percent',
      'contact_min',
      'downlink_min',
      'downlink_percent',
      'unpaired_imaging_events',
    ],
  ];
  for (const row of data.spacecraft) {
    const shares = capacityShares(row);
    rows.push([
      row.spacecraftId,
      iso(data.from),
      iso(data.to),
      iso(data.recordingFromMs),
      tenth(row.orbitMinutes),
      row.imagingMinutes === null ? null : tenth(row.imagingMinutes),
      shares.imaging === null ? null : tenth(100 * shares.imaging),
      tenth(row.contactMinutes),
      tenth(row.downlinkMinutes),
      shares.downlink === null ? null : tenth(100 * shares.downlink),
      row.unpairedImagingEvents,
    ]);
  }
  return toCsv(rows);
}

export function CapacityTable({ fromMs, toMs }: { fromMs: number; toMs: number }) {
  const { t, num } = useI18n();
  const labels = useLabels();
  const data = useResource(
    `capacity:${fromMs}:${toMs}`,
    () => api.capacity({ from: fromMs, to: toMs }),
    60_000,
  );
  if (data.error) return <RequestError error={data.error} retry={data.reload} />;
  if (!data.data) return null;
  const body = data.data;
  const percent = (share: number | null) => (share === null ? '—' : `${num(100 * share, 1)} %`);
  return (
    <section className="capacity" aria-labelledby="capacity-title" data-testid="capacity">
      <div className="fair-share-header">
        <h2 id="capacity-title">{t('partners.capacity')}</h2>
        <button
          type="button"
          className="no-print"
          data-testid="capacity-csv"
          onClick={() =>
            download(
              `ortaq_capacity_${fileTime(body.from)}-${fileTime(body.to)}.csv`,
              new Blob([capacityCsv(body)], { type: 'text/csv' }),
            )
          }
        >
          {t('partners.capacityCsv')}
        </button>
      </div>
      <table className="data-table capacity-table" data-testid="capacity-table">
        <caption>{t('partners.capacityHint')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.spacecraft')}</th>
            <th scope="col">{t('partners.imagingShare')}</th>
            <th scope="col">{t('partners.imaging')}</th>
            <th scope="col">{t('partners.downlinkShare')}</th>
            <th scope="col">{t('partners.downlink')}</th>
          </tr>
        </thead>
        <tbody>
          {body.spacecraft.map((row) => {
            const shares = capacityShares(row);
            return (
              <tr key={row.spacecraftId}>
                <th scope="row">{labels.spacecraft(row.spacecraftId)}</th>
                <td className="num capacity-share">{percent(shares.imaging)}</td>
                <td className="num">
                  {row.imagingMinutes === null
                    ? '—'
                    : t('partners.ofMinutes', {
                        n: num(row.imagingMinutes, 0),
                        total: num(row.orbitMinutes, 0),
                      })}
                  {row.unpairedImagingEvents > 0 ? (
                    <span className="muted capacity-note">
                      {t('partners.unpaired', { n: num(row.unpairedImagingEvents, 0) })}
                    </span>
                  ) : null}
                </td>
                <td className="num capacity-share">{percent(shares.downlink)}</td>
                <td className="num">
                  {t('partners.ofMinutes', {
                    n: num(row.downlinkMinutes, 0),
                    total: num(row.contactMinutes, 0),
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
