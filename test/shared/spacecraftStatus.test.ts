import { describe, expect, it } from 'vitest';
import type { LimitLevel, SpacecraftStatus } from '../../shared/protocol';
import {
  contactState,
  linkAlarmLevel,
  mergeWindows,
  spacecraftStatus,
  type ContactState,
  type StatusFacts,
} from '../../shared/spacecraftStatus';

const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);
const S = 1000;
const MIN = 60 * S;
const STALE = 30 * S;
const LOST = 5 * MIN;

/** A pass in progress since 4 minutes ago, one that ended 40 minutes ago, one in an hour. */
const IN_PASS = [
  { aosMs: NOW - 50 * MIN, losMs: NOW - 40 * MIN },
  { aosMs: NOW - 4 * MIN, losMs: NOW + 6 * MIN },
  { aosMs: NOW + 60 * MIN, losMs: NOW + 70 * MIN },
];
/** Out of view now: a pass ended 40 minutes ago, the next in an hour. */
const BETWEEN = [IN_PASS[0]!, IN_PASS[2]!];

const facts = (overrides: Partial<StatusFacts>): StatusFacts => ({
  lastRealtimeMs: null,
  lastPlaybackMs: null,
  windows: BETWEEN,
  alarmLevel: 'nominal',
  listeningSinceMs: NOW - 24 * 60 * MIN,
  staleMs: STALE,
  lostMs: LOST,
  ...overrides,
});

type Row = [string, Partial<StatusFacts>, SpacecraftStatus, ContactState];

// Every combination of what was heard and what was predicted, with and without active alarms.
const TABLE: Row[] = [
  ['never heard, out of view', {}, 'unknown', 'none'],
  ['never heard, in a pass', { windows: IN_PASS }, 'unknown', 'expected'],
  ['never heard, no prediction', { windows: null }, 'unknown', 'none'],
  ['never heard with an alarm restored', { alarmLevel: 'red' }, 'unknown', 'none'],
  ['frames arriving', { lastRealtimeMs: NOW - 2 * S, windows: IN_PASS }, 'nominal', 'receiving'],
  [
    'frames arriving, yellow alarm',
    { lastRealtimeMs: NOW - 2 * S, windows: IN_PASS, alarmLevel: 'yellow' },
    'warning',
    'receiving',
  ],
  [
    'frames arriving, red alarm (acknowledged or not)',
    { lastRealtimeMs: NOW - 2 * S, windows: IN_PASS, alarmLevel: 'red' },
    'critical',
    'receiving',
  ],
  [
    'frames arriving outside any predicted pass',
    { lastRealtimeMs: NOW - 2 * S, windows: BETWEEN },
    'nominal',
    'receiving',
  ],
  [
    'heard then silent during a pass',
    { lastRealtimeMs: NOW - 60 * S, windows: IN_PASS },
    'silent',
    'expected',
  ],
  [
    'silent during a pass, long since the last frame',
    { lastRealtimeMs: NOW - 45 * MIN, windows: IN_PASS },
    'silent',
    'expected',
  ],
  [
    'silent during a pass with a red alarm: silence is louder',
    { lastRealtimeMs: NOW - 60 * S, windows: IN_PASS, alarmLevel: 'red' },
    'silent',
    'expected',
  ],
  [
    'pass just began, last heard at the previous pass: not silent yet',
    {
      lastRealtimeMs: NOW - 40 * MIN - 5 * S,
      windows: [IN_PASS[0]!, { aosMs: NOW - 10 * S, losMs: NOW + 9 * MIN }],
    },
    'no_contact',
    'expected',
  ],
  [
    'heard through its last pass, silent outside passes',
    { lastRealtimeMs: NOW - 40 * MIN - 5 * S, windows: BETWEEN },
    'no_contact',
    'none',
  ],
  [
    'silent outside passes with an acknowledged red alarm still active',
    { lastRealtimeMs: NOW - 40 * MIN - 5 * S, windows: BETWEEN, alarmLevel: 'red' },
    'critical',
    'none',
  ],
  [
    'silent outside passes with a yellow alarm',
    { lastRealtimeMs: NOW - 40 * MIN - 5 * S, windows: BETWEEN, alarmLevel: 'yellow' },
    'warning',
    'none',
  ],
  [
    'lost: silent through a whole pass, now out of view',
    { lastRealtimeMs: NOW - 55 * MIN, windows: BETWEEN },
    'lost',
    'none',
  ],
  [
    'lost: went silent mid-pass and stayed silent to LOS',
    { lastRealtimeMs: NOW - 45 * MIN, windows: BETWEEN },
    'lost',
    'none',
  ],
  ['no prediction, silent a minute', { lastRealtimeMs: NOW - MIN, windows: null }, 'stale', 'none'],
  ['no prediction, silent past lostMs', { lastRealtimeMs: NOW - 10 * MIN, windows: null }, 'lost', 'none'],
  [
    'no prediction, silent a minute with a red alarm',
    { lastRealtimeMs: NOW - MIN, windows: null, alarmLevel: 'red' },
    'critical',
    'none',
  ],
  ['playback only, during a pass', { lastPlaybackMs: NOW - 2 * S, windows: IN_PASS }, 'stale', 'receiving'],
  [
    'playback arriving, realtime silent for long',
    { lastRealtimeMs: NOW - 3 * MIN, lastPlaybackMs: NOW - 2 * S, windows: IN_PASS },
    'stale',
    'receiving',
  ],
  [
    'playback only, no prediction',
    { lastPlaybackMs: NOW - 2 * S, lastRealtimeMs: NOW - 20 * MIN, windows: null },
    'stale',
    'receiving',
  ],
  [
    'playback stopped during a pass',
    { lastPlaybackMs: NOW - 2 * MIN, windows: IN_PASS },
    'silent',
    'expected',
  ],
  [
    'server just started: silence before it does not count',
    { lastRealtimeMs: NOW - 45 * MIN, windows: IN_PASS, listeningSinceMs: NOW - 10 * S },
    'no_contact',
    'expected',
  ],
];

describe('spacecraft status from its facts', () => {
  it.each(TABLE)('%s', (_name, overrides, status, contact) => {
    const f = facts(overrides);
    expect(spacecraftStatus(f, NOW)).toBe(status);
    expect(contactState(f, NOW)).toBe(contact);
  });

  it('is never nominal without a realtime frame inside staleMs, whatever else is true', () => {
    const levels: LimitLevel[] = ['nominal', 'yellow', 'red'];
    for (const windows of [null, BETWEEN, IN_PASS]) {
      for (const alarmLevel of levels) {
        for (const ageS of [null, 31, 120, 400, 4000]) {
          const lastRealtimeMs = ageS === null ? null : NOW - ageS * S;
          const status = spacecraftStatus(facts({ windows, alarmLevel, lastRealtimeMs }), NOW);
          expect(status, `${JSON.stringify({ windows, alarmLevel, ageS })}`).not.toBe('nominal');
        }
      }
    }
  });

  it('does not turn nominal again when another pass begins (silence runs from the last frame)', () => {
    const heard = NOW - 10 * MIN;
    const seen = new Set<SpacecraftStatus>();
    for (let t = heard + 31 * S; t < NOW + 80 * MIN; t += 10 * S) {
      seen.add(spacecraftStatus(facts({ lastRealtimeMs: heard, windows: IN_PASS }), t));
    }
    expect(seen.has('nominal')).toBe(false);
    expect(seen).toContain('silent');
    // After the silent pass ended it stays lost: out of view never hides a missed contact.
    expect(spacecraftStatus(facts({ lastRealtimeMs: heard, windows: IN_PASS }), NOW + 20 * MIN)).toBe('lost');
  });

  it('opens red link alarms for silent and lost, and clears them only on frames', () => {
    const level = (overrides: Partial<StatusFacts>) => linkAlarmLevel(facts(overrides), NOW);
    expect(level({ lastRealtimeMs: NOW - 60 * S, windows: IN_PASS })).toBe('red');
    expect(level({ lastRealtimeMs: NOW - 55 * MIN })).toBe('red');
    expect(level({ lastPlaybackMs: NOW - 2 * S, lastRealtimeMs: NOW - 20 * MIN, windows: null })).toBe(
      'yellow',
    );
    expect(level({ lastRealtimeMs: NOW - 2 * S, alarmLevel: 'red' })).toBe('nominal');
    // Out of view with an active alarm shows warning or critical, but that is no frame: the link alarm stays.
    expect(level({ lastRealtimeMs: NOW - 40 * MIN - 5 * S, alarmLevel: 'yellow' })).toBeNull();
    expect(level({ lastRealtimeMs: NOW - 40 * MIN - 5 * S })).toBeNull();
    expect(level({})).toBeNull();
  });

  it('merges passes over several stations into contact windows', () => {
    expect(
      mergeWindows([
        { aosMs: 50, losMs: 80 },
        { aosMs: 0, losMs: 10 },
        { aosMs: 70, losMs: 120 },
        { aosMs: 5, losMs: 8 },
      ]),
    ).toEqual([
      { aosMs: 0, losMs: 10 },
      { aosMs: 50, losMs: 120 },
    ]);
  });
});
