import { useI18n } from '../i18n';

/** How to read a chart: realtime and playback samples are told apart by line style as well as colour. */
export function ChartLegend() {
  const { t } = useI18n();
  return (
    <ul className="legend chart-legend">
      <li>
        <svg width="28" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="28" y2="5" stroke="var(--series-live)" strokeWidth="2" />
        </svg>{' '}
        {t('chart.live')}
      </li>
      <li>
        <svg width="28" height="10" aria-hidden="true">
          <line
            x1="0"
            y1="5"
            x2="28"
            y2="5"
            stroke="var(--series-playback)"
            strokeWidth="2"
            strokeDasharray="4 3"
          />
        </svg>{' '}
        {t('chart.playback')}
      </li>
      <li>
        <span className="swatch" style={{ background: 'var(--series-range)' }} aria-hidden="true" />{' '}
        {t('chart.range')}
      </li>
      <li>
        <span aria-hidden="true">▲ ◆</span> {t('chart.markers')}
      </li>
    </ul>
  );
}
