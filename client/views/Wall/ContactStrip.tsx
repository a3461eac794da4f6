import type { FleetEntry, Pass } from '../../../shared/protocol';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useI18n } from '../../i18n';
import { useDictionary } from '../../store';
import { useLabels } from '../../i18n/useLabels';

const LOOKAHEAD_MS = 6 * 3600_000;
/** Passes are re-read each minute; the countdowns tick from the clock in between. */
const REFRESH_MS = 60_000;
const PASSES_PER_STATION = 2;

/**
 * Per station: who it hears now (frames arriving), who it should hear by prediction but does not, and the
 * next passes. Only frames make a station "tracking".
 */
export function ContactStrip({ entries, nowMs }: { entries: readonly FleetEntry[]; nowMs: number }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const stations = useDictionary()?.dictionary.stations ?? [];
  // Round "now" so the resource key changes once a minute, not every second.
  const from = Math.floor(nowMs / REFRESH_MS) * REFRESH_MS;
  const passes = useResource(`passes:${from}`, () => api.passes({ from, to: from + LOOKAHEAD_MS }));
  const upcoming = (stationId: string): Pass[] =>
    (passes.data?.passes ?? [])
      .filter((p) => p.stationId === stationId && p.aosMs > nowMs)
      .sort((a, b) => a.aosMs - b.aosMs)
      .slice(0, PASSES_PER_STATION);
  const names = (list: readonly FleetEntry[]) =>
    list.map((e) => labels.spacecraft(e.spacecraftId)).join(', ');

  return (
    <div className="contact-strip" aria-label={t('wall.contacts')} role="region">
      {stations.map((st) => {
        const tracking = entries.filter((e) => e.stationsInContact.includes(st.id));
        const expected = entries.filter((e) => e.stationsExpected.includes(st.id));
        return (
          <div key={st.id} className={`station-lane${tracking.length ? ' active' : ''}`}>
            <div className="lane-name">
              {tracking.length ? <span aria-hidden="true">◉ </span> : null}
              {st.name}
            </div>
            <div className="lane-now">
              {tracking.length ? (
                <span className="lane-tracking">{t('contact.inContactWith', { list: names(tracking) })}</span>
              ) : null}
              {expected.length ? (
                <span className="lane-expected">
                  <span aria-hidden="true">◌ </span>
                  {t('contact.expected', { stations: names(expected) })}
                </span>
              ) : null}
              {tracking.length + expected.length === 0 ? t('contact.idle') : null}
            </div>
            <ol className="lane-next">
              {upcoming(st.id).map((p) => (
                <li key={`${p.spacecraftId}${p.aosMs}`}>
                  {labels.spacecraft(p.spacecraftId)} · {relative(p.aosMs - nowMs)}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </div>
  );
}
