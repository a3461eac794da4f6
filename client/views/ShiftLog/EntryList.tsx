import type { ShiftLogEntry } from '../../../shared/protocol/shiftlog';
import { useI18n } from '../../i18n';
import { useLabels } from '../../i18n/useLabels';

/** Entries of the shift log, newest first: when, who, what, and what they point at. */
export function EntryList({ entries, testId }: { entries: readonly ShiftLogEntry[]; testId: string }) {
  const { t, utc } = useI18n();
  const labels = useLabels();
  if (entries.length === 0) return <p className="muted">{t('shiftlog.noEntries')}</p>;
  return (
    <ol className="shiftlog-entries" data-testid={testId}>
      {entries.map((e) => (
        <li key={e.id} className="shiftlog-entry">
          <div className="shiftlog-meta">
            <time dateTime={new Date(e.atMs).toISOString()}>{utc(e.atMs)}</time>
            <span>
              {e.author} · {labels.partner(e.partner)}
            </span>
          </div>
          <p className="shiftlog-text">{e.text}</p>
          {e.spacecraft.length || e.parameters.length || e.alarms.length || e.range ? (
            <div className="shiftlog-links muted small">
              {e.spacecraft.map((id) => (
                <span key={id} className="tag">
                  {labels.spacecraft(id)}
                </span>
              ))}
              {e.parameters.map((id) => (
                <span key={id} className="tag">
                  {labels.parameter(id)}
                </span>
              ))}
              {e.alarms.length ? (
                <span className="tag">{t('shiftlog.alarmLinks', { count: e.alarms.length })}</span>
              ) : null}
              {e.range ? (
                <span className="tag">
                  ✎ {utc(e.range.fromMs, { mark: false })} – {utc(e.range.toMs)}
                </span>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
