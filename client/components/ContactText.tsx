import type { FleetEntry } from '../../shared/protocol';
import { useI18n } from '../i18n';
import { useLabels } from '../i18n/useLabels';
import { useServerNow } from '../store/useNow';

/** Where a spacecraft's contact stands: heard now, expected now, or the next predicted pass. */
export function ContactText({ entry }: { entry: FleetEntry }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const now = useServerNow();
  // "In contact" only while frames arrive; a predicted pass with nothing heard is "expected".
  if (entry.stationsInContact.length > 0) {
    return (
      <span className="in-contact">
        <span aria-hidden="true">◉ </span>
        {t('contact.now', { stations: entry.stationsInContact.map(labels.station).join(', ') })}
      </span>
    );
  }
  if (entry.stationsExpected.length > 0) {
    return (
      <span className="expected-contact">
        <span aria-hidden="true">◌ </span>
        {t('contact.expected', { stations: entry.stationsExpected.map(labels.station).join(', ') })}
      </span>
    );
  }
  if (!entry.nextContact) return <span className="muted">{t('contact.none')}</span>;
  return (
    <span>
      {t('contact.next', {
        station: labels.station(entry.nextContact.stationId),
        when: relative(entry.nextContact.aosMs - now),
      })}
    </span>
  );
}
