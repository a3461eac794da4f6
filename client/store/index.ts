// The dashboard's one store, in slices with their actions inside. Everything that touches zustand imports it
// from here, so the store has one shape and one instance.
import { create, type StateCreator } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { DictionaryIndex } from '../../shared/dictionary';
import type { Alarm } from '../../shared/protocol';
import { createAuthSlice } from './authSlice';
import { createConnectionSlice } from './connectionSlice';
import { createLiveSlice } from './liveSlice';
import { createPrefsSlice } from './prefsSlice';
import { createTelemetrySlice } from './telemetrySlice';
import type { OrtaqState } from './types';

export type { OrtaqState } from './types';
export type { ConnectionState } from './connectionSlice';
export type { LiveInterest } from './liveSlice';
export { browserLocale, LOCALES, type Locale } from './prefsSlice';
export { SampleBuffers, seriesKey, mergeSeries, SERIES_CAPACITY, type SeriesPoint } from './sampleBuffers';
export { EVENT_CAPACITY } from './telemetrySlice';
export { useShallow };

const createState: StateCreator<OrtaqState> = (...a) => ({
  ...createConnectionSlice(...a),
  ...createTelemetrySlice(...a),
  ...createPrefsSlice(...a),
  ...createLiveSlice(...a),
  ...createAuthSlice(...a),
});

export const useOrtaq = create<OrtaqState>()(createState);

export const useDictionary = (): DictionaryIndex | null => useOrtaq((s) => s.dictionary);

/** The store outside React (live client, tests). */
export const ortaqStore = useOrtaq;

/** Puts the store back to its first state (tests, and a logout later). */
export function resetStore(): void {
  useOrtaq.getState().samples.clear();
  useOrtaq.setState(createState(useOrtaq.setState, useOrtaq.getState, useOrtaq), true);
}

/** An alarm needs an operator: not yet acknowledged, not shelved at `nowMs`, not raised in maintenance. */
export const needsAttention = (alarm: Alarm, nowMs: number): boolean =>
  alarm.acknowledged === null &&
  !alarm.maintenance &&
  (alarm.shelvedUntilMs === null || alarm.shelvedUntilMs <= nowMs);

export const selectUnacknowledgedCount = (nowMs: number) => (s: OrtaqState) => {
  let n = 0;
  for (const alarm of Object.values(s.alarms)) if (needsAttention(alarm, nowMs)) n += 1;
  return n;
};

/** Highest level among alarms that need an operator, for the tone and the badge colour. */
export const selectAttentionLevel = (nowMs: number) => (s: OrtaqState) => {
  let level: 'none' | 'yellow' | 'red' = 'none';
  for (const alarm of Object.values(s.alarms)) {
    if (!needsAttention(alarm, nowMs)) continue;
    if (alarm.level === 'red') return 'red';
    level = 'yellow';
  }
  return level;
};

/** An alarm whose condition is present now (acknowledged or not: acknowledged is not resolved), outside maintenance. */
export const isActiveLive = (alarm: Alarm, nowMs: number): boolean =>
  alarm.active &&
  !alarm.playback &&
  !alarm.maintenance &&
  (alarm.shelvedUntilMs === null || alarm.shelvedUntilMs <= nowMs);

export const selectActiveCount = (nowMs: number) => (s: OrtaqState) => {
  let n = 0;
  for (const alarm of Object.values(s.alarms)) if (isActiveLive(alarm, nowMs)) n += 1;
  return n;
};

/** Highest level among active alarms, acknowledged or not: what the header's colour says. */
export const selectActiveLevel = (nowMs: number) => (s: OrtaqState) => {
  let level: 'none' | 'yellow' | 'red' = 'none';
  for (const alarm of Object.values(s.alarms)) {
    if (!isActiveLive(alarm, nowMs)) continue;
    if (alarm.level === 'red') return 'red';
    level = 'yellow';
  }
  return level;
};
