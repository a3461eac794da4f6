import type { FleetEntry, Pass } from '../../../shared/protocol';
import { api } from '../../api/rest';
import { useResource } from '../../api/useResource';
import { useI18n } from '../../i18n';
import { useDictionary, useLabels } from '../../lib/useDictionary';

const LOOKAHEAD_MS = 6 * 3600_000;
/** Passes are re-read each minute; the countdowns tick from the clock in between. */
const REFRESH_MS = 60_000;
const PASSES_PER_STATION = 2;

/** Per station: who is in contact now and the next passes. */
export function ContactStrip({ entries, nowMs }: { entries: readonly FleetEntry[]; nowMs: number }) {
  const { t, relative } = useI18n();
  const labels = useLabels();
  const stations = useDictionary()?.dictionary.stations ?? [];
  // Round "now" so the resource key changes once a minute, not every second.
  const from = Math.floor(nowMs / REFRESH_MS) * REFRESH_MS;
  const passes = useResource(`passes:${from}`, () => api.passes({ from, to: from + LOOKAHEAD_MS }));
  const upcoming = (stationId: string): Pass[] =>
    (passes.data?.passes ?? [])
      .filter((p) => p.stationId === stationId && p.losMs > nowMs)
      .sort((a, b) => a.aosMs - b.aosMs)
      .slice(0, PASSES_PER_STATION);

  return (
    <div className="contact-strip" aria-label={t('wall.contacts')} role="region">
      {stations.map((st) => {
        const inView = entries.filter((e) => e.stationsInContact.includes(st.id));
        return (
          <div key={st.id} className={`station-lane${inView.length ? ' active' : ''}`}>
            <div className="lane-name">
              {inView.length ? <span aria-hidden="true">◉ </span> : null}
              {st.name}
            </div>
            <div className="lane-now">
              {inView.length
                ? t('contact.inContactWith', {
                    list: inView.map((e) => labels.spacecraft(e.spacecraftId)).join(', '),
                  })
                : t('contact.idle')}
            </div>
            <ol className="lane-next">
              {upcoming(st.id)
                .filter((p) => p.aosMs > nowMs)
                .map((p) => (
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
