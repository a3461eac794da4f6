import type { TelemetryEvent } from '../../shared/protocol';
import { useI18n, type MessageKey } from '../i18n';
import { useDictionary } from '../store';
import { eventText } from '../i18n/eventText';
import { useLabels } from '../i18n/useLabels';

const SEVERITY: Record<TelemetryEvent['severity'], { icon: string; key: MessageKey }> = {
  info: { icon: 'ℹ', key: 'severity.info' },
  warning: { icon: '▲', key: 'severity.warning' },
  critical: { icon: '✖', key: 'severity.critical' },
};

/**
 * Events newest first, with severity as icon and word. The list scrolls by itself, so it takes the keyboard
 * focus (arrows scroll it) and is named by `labelledBy`, the id of its heading.
 */
export function EventLog({
  events,
  labelledBy,
  showSpacecraft = false,
}: {
  events: readonly TelemetryEvent[];
  labelledBy: string;
  showSpacecraft?: boolean;
}) {
  const i18n = useI18n();
  const { t, utc } = i18n;
  const labels = useLabels();
  const dictionary = useDictionary();
  if (events.length === 0) return <p className="muted">{t('events.none')}</p>;
  return (
    <ol className="event-log" tabIndex={0} aria-labelledby={labelledBy}>
      {events.map((e) => (
        <li key={e.id} className={`event severity-${e.severity}`}>
          <time dateTime={new Date(e.timeMs).toISOString()}>{utc(e.timeMs)}</time>
          <span className={`badge severity-${e.severity}`}>
            <span aria-hidden="true">{SEVERITY[e.severity].icon}</span> {t(SEVERITY[e.severity].key)}
          </span>
          {showSpacecraft && e.spacecraftId ? <strong>{labels.spacecraft(e.spacecraftId)}</strong> : null}
          <span className="event-code">{labels.state(e.code)}</span>
          <span className="event-text">{eventText(i18n, dictionary, e)}</span>
          {e.playback ? <span className="tag playback">{t('common.playback')}</span> : null}
          <span className="muted">{e.source === 'onboard' ? t('events.onboard') : t('events.ground')}</span>
        </li>
      ))}
    </ol>
  );
}
