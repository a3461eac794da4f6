// What a chart draws over its time axis besides the data, for both kinds of chart (Investigate's history, the
// spacecraft view's live windows): shift-log entries with a range as bands, alarm onsets as markers. Both ask
// the same route, which applies the constellation agreement as it does to telemetry, and merge it with the
// alarms raised since through the same function, so the two charts of one moment draw the same things.
import type { Alarm } from '../../shared/protocol/api';
import type { Annotation } from '../../shared/protocol/shiftlog';
import { api } from '../api/rest';

export interface ChartMarker {
  t: number;
  severity: 'info' | 'warning' | 'critical';
  label: string;
}

/** A logged time range drawn over the chart: a shaded band with the entry's text on hover. */
export interface ChartAnnotation {
  id: string;
  fromMs: number;
  toMs: number;
  label: string;
}

/** Bands and onset markers of one spacecraft, ready to draw. */
export interface ChartOverlays {
  bands: readonly ChartAnnotation[];
  markers: readonly ChartMarker[];
}

export const NO_OVERLAYS: ChartOverlays = { bands: [], markers: [] };

/** How an alarm onset and a logged range are named on hover, in the interface language. */
export interface AnnotationWords {
  alarm: (a: Pick<Alarm, 'level' | 'parameterId'>) => string;
  entry: (a: { text: string; author: string }) => string;
}

/** The alarm fields an onset marker needs. */
export type OnsetAlarm = Pick<Alarm, 'id' | 'spacecraftId' | 'openedAtMs' | 'level' | 'parameterId'>;

/**
 * A spacecraft's annotations overlapping [fromMs, toMs]. They are a layer on top: a chart without them is
 * still worth showing, so a refusal or failure gives none rather than an error.
 */
export function fetchAnnotations(spacecraftId: string, fromMs: number, toMs: number): Promise<Annotation[]> {
  return api
    .annotations({ spacecraft: spacecraftId, from: fromMs, to: toMs })
    .then((r) => r.annotations)
    .catch((): Annotation[] => []);
}

const onsetMarker = (a: Pick<Alarm, 'level' | 'parameterId'>, t: number, words: AnnotationWords) => ({
  t,
  severity: a.level === 'red' ? ('critical' as const) : ('warning' as const),
  label: words.alarm(a),
});

/**
 * The bands and onset markers of `spacecraftId`: the annotations read from the server, and the alarms raised
 * since they were read (from the live alarm book), each alarm once. `window` keeps only onsets inside it.
 */
export function chartOverlays(
  annotations: readonly Annotation[],
  liveAlarms: Iterable<OnsetAlarm>,
  spacecraftId: string,
  words: AnnotationWords,
  window: { fromMs: number; toMs: number } = { fromMs: -Infinity, toMs: Infinity },
): ChartOverlays {
  const bands: ChartAnnotation[] = [];
  const markers: ChartMarker[] = [];
  const known = new Set<string>();
  for (const a of annotations) {
    if (a.kind === 'entry') bands.push({ id: a.id, fromMs: a.fromMs, toMs: a.toMs, label: words.entry(a) });
    else {
      known.add(a.id);
      markers.push(onsetMarker(a, a.atMs, words));
    }
  }
  for (const a of liveAlarms) {
    if (a.spacecraftId !== spacecraftId || known.has(a.id)) continue;
    if (a.openedAtMs >= window.fromMs && a.openedAtMs <= window.toMs)
      markers.push(onsetMarker(a, a.openedAtMs, words));
  }
  return { bands, markers };
}
