// The /live fan-out shares one encoded update among every dashboard that sees alike. Under an agreement where
// each partner sees only its own spacecraft, several dashboards of two partners subscribe the same way at
// once; every one of them must get exactly its own partner's spacecraft, in the fleet part and in the
// spacecraft part alike, and nothing of the other partner's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import type { PartnerId } from '../../shared/dictionary';
import type { LiveAck, LiveSubscription, LiveUpdate } from '../../shared/protocol/live';
import { connectLive, loginAs, type LiveTestSocket } from '../helpers/auth';
import { createServerAuth, sqliteAuthFactory } from '../helpers/authStores';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const PARTNERS: PartnerId[] = ['KZ', 'TR'];
const ownedBy = (partner: PartnerId) =>
  DICTIONARY.spacecraft.filter((s) => s.partner === partner).map((s) => s.id);

/** Every spacecraft an update names, in any of its parts. */
function spacecraftNamed(update: LiveUpdate): string[] {
  return [
    ...(update.fleet ?? []).map((e) => e.spacecraftId),
    ...(update.fleetChanges ?? []).map((e) => e.spacecraftId),
    ...(update.samples ?? []).map((s) => s.spacecraftId),
    ...(update.alarms ?? []).map((a) => a.spacecraftId),
    ...(update.events ?? []).flatMap((e) => (e.spacecraftId === null ? [] : [e.spacecraftId])),
  ];
}

/** The spacecraft whose summaries an update carries, whole or as changes. */
const summariesNamed = (update: LiveUpdate) =>
  [...(update.fleet ?? []), ...(update.fleetChanges ?? [])].map((e) => e.spacecraftId);

interface Watcher {
  partner: PartnerId;
  subscription: LiveSubscription;
  updates: LiveUpdate[];
}

describe('shared /live updates under an agreement where partners see only their own spacecraft', () => {
  let server: RunningServer;
  let disposeAuth: () => Promise<void>;
  let station: StationSocket;
  let lives: LiveTestSocket[];

  beforeEach(async () => {
    const auth = await createServerAuth(sqliteAuthFactory, { fleetStatusForAll: false, grants: [] });
    disposeAuth = auth.dispose;
    server = await startServer({ clock: new ManualClock(T0), auth: auth.auth });
    station = await connectStation(server.url, 'astana', 'astana-secret');
    lives = [];
  });

  afterEach(async () => {
    for (const live of lives) live.close();
    station.close();
    await server.stop();
    await disposeAuth();
  });

  const watch = async (
    partner: PartnerId,
    cookie: string,
    subscription: LiveSubscription,
  ): Promise<Watcher> => {
    const live = await connectLive(server.url, cookie);
    lives.push(live);
    const ack: LiveAck = await live.timeout(5000).emitWithAck('subscribe', subscription);
    if (!('data' in ack)) throw new Error(ack.error);
    const updates: LiveUpdate[] = [];
    live.on('update', (u) => updates.push(u));
    return { partner, subscription, updates };
  };

  it('gives each dashboard exactly its own partner’s spacecraft in the shared fleet and spacecraft parts', async () => {
    const watchers: Watcher[] = [];
    for (const partner of PARTNERS) {
      const [own] = ownedBy(partner);
      const { cookie } = await loginAs(server, 'engineer', partner);
      // Two of each kind, so that each kind is one group of two per partner.
      for (let i = 0; i < 2; i++) {
        watchers.push(await watch(partner, cookie, { fleet: true, spacecraft: [] }));
        watchers.push(
          await watch(partner, cookie, { fleet: true, spacecraft: [own!], parameters: ['eps.batt_voltage'] }),
        );
        watchers.push(await watch(partner, cookie, { fleet: false, spacecraft: [own!] }));
      }
    }
    // A red battery on every spacecraft of the fleet in one batch: one tick carries them all.
    const ack = await sendBatch(
      station,
      DICTIONARY.spacecraft.map((s, i) => ({
        bytes: buildFrame({
          spacecraftId: s.id,
          sequenceCount: 1 + i,
          timeMs: T0,
          values: { 'eps.batt_voltage': 20 },
        }),
      })),
    );
    expect(ack).toEqual({ results: DICTIONARY.spacecraft.map(() => ({ ok: true, status: 'stored' })) });

    // What each dashboard should end up with: the summaries (their changes: the snapshot holds them whole) of
    // all of its partner's spacecraft (fleet part) or of the one it watches (spacecraft part without the
    // fleet), and that one's samples.
    const expectedFleet = (w: Watcher) =>
      w.subscription.fleet ? ownedBy(w.partner) : w.subscription.spacecraft!;
    const complete = (w: Watcher) => {
      const fleet = new Set(w.updates.flatMap(summariesNamed));
      const sampled = w.updates.some((u) => (u.samples ?? []).length > 0);
      return (
        expectedFleet(w).every((id) => fleet.has(id)) && (w.subscription.spacecraft!.length === 0 || sampled)
      );
    };
    // Bounded, so that a leak fails on the assertions below rather than on the test's time-out.
    const deadline = Date.now() + 10_000;
    while (!watchers.every(complete) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const w of watchers) {
      const named = new Set(w.updates.flatMap(spacecraftNamed));
      const fleet = new Set(w.updates.flatMap(summariesNamed));
      const sampled = new Set(w.updates.flatMap((u) => (u.samples ?? []).map((s) => s.spacecraftId)));
      const label = `${w.partner} ${JSON.stringify(w.subscription)}`;
      expect([...fleet].sort(), label).toEqual([...expectedFleet(w)].sort());
      expect([...sampled], label).toEqual(w.subscription.spacecraft);
      // Nothing of another partner's spacecraft in any part of any update.
      expect(
        [...named].filter((id) => !ownedBy(w.partner).includes(id)),
        label,
      ).toEqual([]);
    }
  }, 30_000);
});
