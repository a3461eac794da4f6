// The hooks around chart annotations (annotations.ts): their words, and the live windows' annotations, read
// once per window and spacecraft for every chart of the view, not per chart and never per sample.
import { useMemo } from 'react';
import { useResource } from '../api/useResource';
import { useI18n } from '../i18n';
import { useLabels } from '../i18n/useLabels';
import { serverNow } from '../lib/serverClock';
import { useDictionary, useOrtaq } from '../store';
import type { Annotation } from '../../shared/protocol/shiftlog';
import {
  chartOverlays,
  fetchAnnotations,
  type AnnotationWords,
  type ChartOverlays,
  type OnsetAlarm,
} from './annotations';

/**
 * A live window's annotations are read again this often: an entry written elsewhere reaches the chart within
 * it (the server sends no event for entries; alarms come with the live stream). One request per view.
 */
export const LIVE_ANNOTATIONS_REFRESH_MS = 30_000;

export function useAnnotationWords(): AnnotationWords {
  const i18n = useI18n();
  const labels = useLabels();
  const dictionary = useDictionary();
  // The labels are a fresh object each render, made of exactly the language and the dictionary.
  return useMemo(
    () => ({
      alarm: (a) =>
        `${i18n.t(`level.${a.level}`)} · ${a.parameterId ? labels.parameter(a.parameterId) : i18n.t('alarms.kind.link')}`,
      entry: (a) => `${a.text} — ${a.author}`,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [i18n, dictionary],
  );
}

/** A spacecraft's alarms in the live book as their markers need them, as one string: equal until they change. */
function liveOnsets(alarms: Record<string, OnsetAlarm>, spacecraftId: string): string {
  const onsets: OnsetAlarm[] = [];
  for (const { id, spacecraftId: sc, openedAtMs, level, parameterId } of Object.values(alarms))
    if (sc === spacecraftId) onsets.push({ id, spacecraftId: sc, openedAtMs, level, parameterId });
  return JSON.stringify(onsets);
}

/**
 * The bands and onsets of a spacecraft's live window, the same object until they change: the charts hand it
 * to their painters, which draw it on their next paint without a React render.
 */
export function useLiveOverlays(
  spacecraftId: string,
  windowMs: number,
): { overlays: ChartOverlays; reload: () => void } {
  const words = useAnnotationWords();
  // The window ends at the server's now (simulated time may run apart from the browser's): read again once
  // the first live update has told it.
  const clockKnown = useOrtaq((s) => s.serverClock !== null);
  const read = useResource(
    `annotations|${spacecraftId}|${windowMs}|${clockKnown}`,
    () => {
      const toMs = serverNow(useOrtaq.getState().serverClock, Date.now());
      return fetchAnnotations(spacecraftId, toMs - windowMs, toMs);
    },
    LIVE_ANNOTATIONS_REFRESH_MS,
  );
  // A refresh answers a new array with the same annotations: compare what is drawn, not the array.
  const readKey = JSON.stringify(read.data ?? []);
  // Alarm updates (a new worst value) come often; markers change only when an onset does.
  const liveKey = useOrtaq((s) => liveOnsets(s.alarms, spacecraftId));
  const overlays = useMemo(
    () =>
      chartOverlays(
        JSON.parse(readKey) as Annotation[],
        JSON.parse(liveKey) as OnsetAlarm[],
        spacecraftId,
        words,
      ),
    [readKey, liveKey, spacecraftId, words],
  );
  return { overlays, reload: read.reload };
}
