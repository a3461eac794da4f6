import { beforeEach, describe, expect, it } from 'vitest';
import { subscriptionFor } from '../../client/api/live';
import { EVENT_CAPACITY, ortaqStore, selectUnacknowledgedCount } from '../../client/store';
import { alarm, event, fleetEntry, sample, T0, update } from '../fixtures/dashboard';
import { seedStore } from '../helpers/client';

const state = () => ortaqStore.getState();

describe('store: live updates', () => {
  beforeEach(() => seedStore({ fleet: false }));

  it('replaces on a snapshot and merges afterwards', () => {
    state().applyLiveUpdate(
      update(T0, { snapshot: true, fleet: [fleetEntry('kazeosat-1'), fleetEntry('imece')] }),
      0,
    );
    state().applyLiveUpdate(update(T0 + 100, { fleet: [fleetEntry('imece', { status: 'critical' })] }), 100);
    expect(Object.keys(state().fleet!)).toEqual(['kazeosat-1', 'imece']);
    expect(state().fleet!['imece']!.status).toBe('critical');
    state().applyLiveUpdate(update(T0 + 200, { snapshot: true, fleet: [fleetEntry('ortaq-1')] }), 200);
    expect(Object.keys(state().fleet!)).toEqual(['ortaq-1']);
  });

  it('tracks the newest server time as the catch-up point and never moves it back', () => {
    state().applyLiveUpdate(update(T0 + 5000), 0);
    state().applyLiveUpdate(update(T0 + 2000), 10);
    expect(state().lastUpdateMs).toBe(T0 + 5000);
  });

  it('counts samples the server dropped for this client, for the notice', () => {
    state().applyLiveUpdate(update(T0, { dropped: 40 }), 0);
    state().applyLiveUpdate(update(T0 + 1, { dropped: 2 }), 0);
    expect(state().droppedByServer).toBe(42);
  });

  it('keeps the event log bounded, newest first, without duplicates', () => {
    const events = Array.from({ length: EVENT_CAPACITY + 50 }, (_, i) => event(`e${i}`, T0 + i));
    state().applyLiveUpdate(update(T0, { events }), 0);
    state().applyLiveUpdate(update(T0, { events: [event('e10', T0 + 10)] }), 0);
    expect(state().events).toHaveLength(EVENT_CAPACITY);
    expect(state().events[0]!.id).toBe(`e${EVENT_CAPACITY + 49}`);
  });

  it('merges a reconnect catch-up (older samples) into the live windows in order', () => {
    state().applyLiveUpdate(
      update(T0 + 10_000, { samples: [sample(T0 + 9000, 9), sample(T0 + 10_000, 10)] }),
      0,
    );
    // Catch-up answering subscribe({ sinceMs }) after the gap
    state().applyLiveUpdate(
      update(T0 + 20_000, { samples: [sample(T0 + 9500, 9.5), sample(T0 + 15_000, 15)] }),
      1,
    );
    const points = state().samples.points('kazeosat-1', 'eps.batt_voltage');
    expect(points.map((p) => p.v)).toEqual([9, 9.5, 10, 15]);
  });

  it('counts alarms that need an operator: not acknowledged, not shelved', () => {
    state().mergeAlarms([
      alarm('a'),
      alarm('b', { acknowledged: { by: 'op', atMs: T0, comment: '' } }),
      alarm('c', { shelvedUntilMs: T0 + 60_000 }),
      alarm('d', { shelvedUntilMs: T0 - 1, level: 'red' }),
    ]);
    expect(selectUnacknowledgedCount(T0)(state())).toBe(2);
  });
});

describe('subscriptionFor', () => {
  it('asks for a catch-up from the last time seen, and a snapshot the first time', () => {
    const interest = { spacecraft: ['imece'], parameters: [] };
    expect(subscriptionFor(interest, null)).toEqual({ fleet: true, spacecraft: ['imece'], parameters: [] });
    expect(subscriptionFor(interest, T0)).toMatchObject({ sinceMs: T0 });
  });
});

describe('store: interest', () => {
  beforeEach(() => seedStore({ fleet: false }));

  it('does not change (and so does not resubscribe) when the same interest is set again', () => {
    state().setInterest({ spacecraft: ['imece'], parameters: [] });
    const first = state().interest;
    state().setInterest({ spacecraft: ['imece'], parameters: [] });
    expect(state().interest).toBe(first);
  });
});
