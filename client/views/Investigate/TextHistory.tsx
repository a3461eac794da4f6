import type { ParameterDef } from '../../../shared/dictionary';
import type { HistorySeries } from '../../../shared/protocol';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';

/**
 * A string parameter's history: its texts in the window, newest first as in a log, one row per run of one
 * text from the time it was first read. A text has no scale to chart, and an engineer looking for "when did
 * the file name change" reads a list.
 */
export function TextHistory({
  spacecraftId,
  parameter,
  series,
}: {
  spacecraftId: string;
  parameter: ParameterDef;
  series: HistorySeries | undefined;
}) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  const points = series?.points ?? [];
  const newestFirst = [...points].reverse();
  return (
    <figure className="panel chart-panel" data-testid={`history-${spacecraftId}-${parameter.id}`}>
      <figcaption>
        <span>{labels.parameter(parameter)}</span>
        <span className="muted small">{t('investigate.texts', { count: points.length })}</span>
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">{t('chart.noData')}</p>
      ) : (
        <div className="text-history">
          <table className="data-table" data-testid="text-history">
            <thead>
              <tr>
                <th scope="col">{t('investigate.textFrom')}</th>
                <th scope="col">{t('investigate.text')}</th>
                <th scope="col">{t('investigate.textSamples')}</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((p, i) => (
                <tr key={`${p.t}-${i}`}>
                  <td>
                    {utc(p.t)}
                    {p.playback ? <span className="muted"> ({t('common.playback')})</span> : null}
                  </td>
                  <td className="text-value">{p.text ?? ''}</td>
                  <td className="num">{p.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {series?.startsAtMs !== undefined ? (
        <p className="muted small" data-testid="text-history-starts">
          {t('investigate.textStartsAt', { time: utc(series.startsAtMs) })}
        </p>
      ) : null}
    </figure>
  );
}
