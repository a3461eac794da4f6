// The one rule that turns what is known about a spacecraft's link into its status. The server uses it for
// the fleet API, the link alarms and the live fan-out; the dashboard uses it to keep ages and states honest
// between two updates. Pure: the facts and "now" come in as arguments.
import type { ContactWindow, LimitLevel, SpacecraftStatus, StatusFacts } from './protocol/status';

export type { ContactWindow, StatusFacts } from './protocol/status';

/** Where frames stand: arriving, predicted but not (yet) arriving, or neither. */
export type ContactState = 'receiving' | 'expected' | 'none';

const BY_ALARM: Record<LimitLevel, SpacecraftStatus> = {
  nominal: 'nominal',
  yellow: 'warning',
  red: 'critical',
};

const newest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

const windowAt = (windows: readonly ContactWindow[], nowMs: number) =>
  windows.find((w) => w.aosMs <= nowMs && nowMs < w.losMs);

/** Time inside a window, up to now, during which nothing was heard (the last frame came at heardMs). */
const silentInside = (w: ContactWindow, heardMs: number, nowMs: number) =>
  Math.min(w.losMs, nowMs) - Math.max(w.aosMs, heardMs);

/**
 * The status of a spacecraft at nowMs.
 * - unknown: never heard, so nothing can be said (never nominal).
 * - nominal / warning / critical: realtime frames arrive; the worst active alarm decides.
 * - silent: a station should hear it now and has heard nothing for staleMs: the loudest state.
 * - lost: it stayed silent for staleMs or more of a predicted contact since its last frame (or, without
 *   predictions, for lostMs). Only frames end it.
 * - stale: only playback frames arrive, or (without predictions) silent for staleMs.
 * - no_contact: out of view as predicted; active alarms still show as warning or critical.
 * Silence is always measured from the last frame received, never restarted by a pass boundary.
 */
export function spacecraftStatus(facts: StatusFacts, nowMs: number): SpacecraftStatus {
  const link = linkState(facts, nowMs);
  switch (link) {
    case 'never':
      return 'unknown';
    case 'receiving':
      return BY_ALARM[facts.alarmLevel];
    case 'silent':
    case 'lost':
      return link;
    case 'stale':
      return facts.alarmLevel === 'red' ? 'critical' : 'stale';
    case 'out_of_view':
      return facts.alarmLevel === 'nominal' ? 'no_contact' : BY_ALARM[facts.alarmLevel];
  }
}

/** What the link alone says, before alarms: the part of the status that link alarms follow. */
export type LinkState = 'never' | 'receiving' | 'silent' | 'lost' | 'stale' | 'out_of_view';

export function linkState(facts: StatusFacts, nowMs: number): LinkState {
  const lastMs = newest(facts.lastRealtimeMs, facts.lastPlaybackMs);
  if (lastMs === null) return 'never';
  if (facts.lastRealtimeMs !== null && nowMs - facts.lastRealtimeMs < facts.staleMs) return 'receiving';
  const heardMs = Math.max(lastMs, facts.listeningSinceMs);
  const current = facts.windows && windowAt(facts.windows, nowMs);
  if (current && silentInside(current, heardMs, nowMs) >= facts.staleMs) return 'silent';
  const playbackFresh = facts.lastPlaybackMs !== null && nowMs - facts.lastPlaybackMs < facts.staleMs;
  if (facts.windows === null) return playbackFresh || nowMs - heardMs < facts.lostMs ? 'stale' : 'lost';
  if (facts.windows.some((w) => silentInside(w, heardMs, nowMs) >= facts.staleMs)) return 'lost';
  return playbackFresh ? 'stale' : 'out_of_view';
}

/** Whether frames arrive now ("in contact"), are only predicted ("expected"), or neither. */
export function contactState(facts: StatusFacts, nowMs: number): ContactState {
  const heardMs = newest(facts.lastRealtimeMs, facts.lastPlaybackMs);
  if (heardMs !== null && nowMs - heardMs < facts.staleMs) return 'receiving';
  return facts.windows && windowAt(facts.windows, nowMs) ? 'expected' : 'none';
}

/**
 * Link alarm level: silent and lost are red, stale (only playback, or silent without predictions) yellow;
 * realtime frames arriving clear it. Null: out of view or never heard says nothing about the link, so an
 * open link alarm stays as it is: it clears only on frames.
 */
export function linkAlarmLevel(facts: StatusFacts, nowMs: number): LimitLevel | null {
  const LEVELS: Record<LinkState, LimitLevel | null> = {
    receiving: 'nominal',
    silent: 'red',
    lost: 'red',
    stale: 'yellow',
    out_of_view: null,
    never: null,
  };
  return LEVELS[linkState(facts, nowMs)];
}

/** Merges overlapping passes of one spacecraft (several stations) into contact windows, by AOS. */
export function mergeWindows(passes: readonly ContactWindow[]): ContactWindow[] {
  const sorted = [...passes].sort((a, b) => a.aosMs - b.aosMs);
  const merged: ContactWindow[] = [];
  for (const pass of sorted) {
    const last = merged[merged.length - 1];
    if (last && pass.aosMs <= last.losMs) last.losMs = Math.max(last.losMs, pass.losMs);
    else merged.push({ aosMs: pass.aosMs, losMs: pass.losMs });
  }
  return merged;
}
