import { useMemo } from 'react';
import { groundTrack, orbitOf, visibilityCircle } from '../../../shared/orbit';
import { WorldMap, type MapStation } from '../../components/WorldMap';
import { useI18n } from '../../i18n';
import { useServerNow } from '../../store/useNow';
import { useDictionary, useOrtaq } from '../../store';

/** About one orbit each side of now, at a step fine enough for a smooth line on a 1000-px map. */
const HALF_SPAN_MS = 50 * 60_000;
const STEP_MS = 30_000;
/** The track is recomputed every 10 s of local time (SGP4 for ~200 points: a few milliseconds). */
const REDRAW_MS = 10_000;

/** Ground track on a world map with partner stations and their visibility circles. */
export function GroundTrackPanel({ spacecraftId }: { spacecraftId: string }) {
  const { t } = useI18n();
  const dictionary = useDictionary();
  const now = useServerNow(REDRAW_MS);
  const inContact = useOrtaq((s) => s.fleet?.[spacecraftId]?.stationsInContact.join(',') ?? '');
  const def = dictionary?.spacecraftById.get(spacecraftId);
  const orbit = useMemo(() => (def ? orbitOf(def) : null), [def]);

  const map = useMemo(() => {
    if (!orbit || !dictionary) return null;
    const track = groundTrack(orbit, now - HALF_SPAN_MS, now + HALF_SPAN_MS, STEP_MS);
    const split = track.findIndex((p) => p.timeMs >= now);
    const position = track[split] ?? null;
    const altKm = position?.altKm ?? 600;
    const contact = inContact.split(',');
    const stations: MapStation[] = dictionary.dictionary.stations.map((st) => ({
      id: st.id,
      name: st.name,
      latDeg: st.lat,
      lonDeg: st.lon,
      inContact: contact.includes(st.id),
      circle: visibilityCircle(st, altKm, 90),
    }));
    return {
      past: track.slice(0, split + 1),
      future: track.slice(Math.max(0, split)),
      position,
      stations,
    };
  }, [orbit, dictionary, now, inContact]);

  return (
    <section className="panel" aria-labelledby="track-title" data-testid="ground-track">
      <h2 id="track-title">{t('spacecraft.groundTrack')}</h2>
      {map ? <WorldMap {...map} label={`${t('map.track')}. ${t('map.stations')}`} /> : null}
      <p className="muted small">
        {t('map.track')} · {t('map.stations')}
      </p>
    </section>
  );
}
