import { useI18n } from '../i18n';

function LineSample({ colour, dash }: { colour: string; dash?: string }) {
  return (
    <svg width="28" height="10" aria-hidden="true">
      <line x1="0" y1="5" x2="28" y2="5" stroke={colour} strokeWidth="2" strokeDasharray={dash} />
    </svg>
  );
}

/**
 * How to read a chart: realtime and playback samples, and yellow and red limits, are told apart by line style
 * as well as colour. Live windows draw limits as lines; history charts add min–max ranges and event markers.
 */
export function ChartLegend({ variant }: { variant: 'live' | 'history' }) {
  const { t } = useI18n();
  return (
    <ul className="legend chart-legend">
      <li>
        <LineSample colour="var(--series-live)" /> {t('chart.live')}
      </li>
      <li>
        <LineSample colour="var(--series-playback)" dash="4 3" /> {t('chart.playback')}
      </li>
      {variant === 'live' ? (
        <>
          <li>
            <LineSample colour="var(--yellow)" dash="6 4" /> {t('chart.limitYellow')}
          </li>
          <li>
            <LineSample colour="var(--red)" /> {t('chart.limitRed')}
          </li>
        </>
      ) : (
        <>
          <li>
            <span className="swatch" style={{ background: 'var(--series-range)' }} aria-hidden="true" />{' '}
            {t('chart.range')}
          </li>
          <li>
            <span aria-hidden="true">▲ ◆</span> {t('chart.markers')}
          </li>
        </>
      )}
    </ul>
  );
}
