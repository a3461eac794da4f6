// The constellation agreement end to end: a partner cannot read another partner's spacecraft by any route.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APID } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { AlarmsResponse, EventsResponse, FleetResponse } from '../../shared/protocol/api';
import type { LiveAck, LiveUpdate } from '../../shared/protocol/live';
import { defaultAgreement } from '../../server/auth/agreement';
import { ManualClock } from '../helpers/clock';
import { connectLive, loginAs, type LiveTestSocket, type Session } from '../helpers/auth';
import { AUTH_STORE_FACTORIES, createServerAuth } from '../helpers/authStores';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const KZ_CRAFT = 'kazeosat-1';
const TR_CRAFT = 'gokturk-2';

/** Frames that raise a red battery alarm and an onboard event on a spacecraft. */
function alarmingFrames(spacecraftId: string, sequenceCount: number, timeMs: number) {
  return [
    { bytes: buildFrame({ spacecraftId, sequenceCount, timeMs, values: { 'eps.batt_voltage': 20 } }) },
    {
      bytes: buildFrame({
        spacecraftId,
        apid: APID.EVENT,
        sequenceCount,
        timeMs,
        values: { 'event.code': 11, 'event.severity': 2, 'event.arg': 1 },
      }),
    },
  ];
}

describe.each(AUTH_STORE_FACTORIES)(
  'partners see only what the agreement grants, by every route ($name)',
  (factory) => {
    let server: RunningServer;
    let disposeAuth: () => Promise<void>;
    let station: StationSocket;
    let kz: Session;
    let tr: Session;
    let lives: LiveTestSocket[];
    let kzAlarmId: string;

    beforeEach(async () => {
      const auth = await createServerAuth(factory, defaultAgreement(DICTIONARY));
      disposeAuth = auth.dispose;
      server = await startServer({ clock: new ManualClock(T0), auth: auth.auth });
      station = await connectStation(server.url, 'astana', 'astana-secret');
      lives = [];
      const ack = await sendBatch(station, [
        ...alarmingFrames(KZ_CRAFT, 1, T0),
        ...alarmingFrames(TR_CRAFT, 1, T0),
      ]);
      expect(ack).toEqual({ results: Array(4).fill({ ok: true, status: 'stored' }) });
      kz = await loginAs(server, 'engineer', 'KZ');
      tr = await loginAs(server, 'engineer', 'TR');
      const alarms = await kz.json<AlarmsResponse>(`/api/alarms?spacecraft=${KZ_CRAFT}`);
      kzAlarmId = alarms.body.alarms[0]!.id;
    });

    afterEach(async () => {
      for (const live of lives) live.close();
      station.close();
      await server.stop();
      await disposeAuth();
    });

    it('refuses every single-spacecraft route for a denied spacecraft', async () => {
      const routes = [
        `/api/spacecraft/${KZ_CRAFT}`,
        `/api/spacecraft/${KZ_CRAFT}/history?params=eps.batt_voltage`,
        `/api/spacecraft/${KZ_CRAFT}/history.csv?params=eps.batt_voltage`,
        `/api/frames.csv?spacecraft=${KZ_CRAFT}`,
        `/api/alarms?spacecraft=${KZ_CRAFT}`,
        `/api/events?spacecraft=${KZ_CRAFT}`,
      ];
      for (const route of routes) {
        const res = await tr.json(route);
        expect([route, res.status, res.body]).toEqual([
          route,
          403,
          expect.objectContaining({ error: 'forbidden' }),
        ]);
        expect((await kz.fetch(route)).status, route).toBe(200);
      }
      // Raw frames of the whole fleet only for who may export every spacecraft: neither partner here.
      expect((await tr.json('/api/frames.csv')).status).toBe(403);
      expect((await kz.json('/api/frames.csv')).status).toBe(403);
      const ack = await tr.json(`/api/alarms/${kzAlarmId}/ack`, {
        method: 'POST',
        body: JSON.stringify({ comment: 'x' }),
      });
      expect(ack.status).toBe(403);
      const shelve = await tr.json(`/api/alarms/${kzAlarmId}/shelve`, {
        method: 'POST',
        body: JSON.stringify({ durationMs: 60_000 }),
      });
      expect(shelve.status).toBe(403);
    });

    it('filters lists: fleet status for all, alarms and events only of visible spacecraft', async () => {
      const fleet = await tr.json<FleetResponse>('/api/fleet');
      expect(fleet.body.fleet.map((f) => f.spacecraftId)).toEqual(DICTIONARY.spacecraft.map((s) => s.id));
      const alarms = await tr.json<AlarmsResponse>('/api/alarms?scope=all');
      expect(alarms.body.alarms.length).toBeGreaterThan(0);
      expect(alarms.body.alarms.every((a) => a.spacecraftId !== KZ_CRAFT)).toBe(true);
      const events = await tr.json<EventsResponse>(`/api/events?from=${T0 - 1000}&to=${T0 + 1000}`);
      expect(events.body.events.some((e) => e.spacecraftId === TR_CRAFT)).toBe(true);
      expect(events.body.events.every((e) => e.spacecraftId !== KZ_CRAFT)).toBe(true);
    });

    it('counts on the fleet line only the alarms the partner can list', async () => {
      const fleetOf = async (who: Session) => (await who.json<FleetResponse>('/api/fleet')).body.fleet;
      const kzLine = (fleet: FleetResponse['fleet']) => fleet.find((f) => f.spacecraftId === KZ_CRAFT)!;
      // Kazakhstan lists its own red alarm and its fleet line counts it.
      expect(kzLine(await fleetOf(kz)).activeAlarms?.red).toBeGreaterThan(0);
      // Türkiye sees the same line's status, but no count of alarms its Alarms page cannot list.
      const seenByTr = kzLine(await fleetOf(tr));
      expect(seenByTr.status).toBe(kzLine(await fleetOf(kz)).status);
      expect(seenByTr.activeAlarms).toBeNull();
    });

    it('signs acknowledgements with the signed-in user and audits them', async () => {
      const res = await kz.json<{ acknowledged: { by: string } }>(`/api/alarms/${kzAlarmId}/ack`, {
        method: 'POST',
        body: JSON.stringify({ by: 'somebody else', comment: 'seen' }),
      });
      expect(res.status).toBe(200);
      expect(res.body.acknowledged.by).toBe('engineer-kz');
      const audit = await server.session.json<{
        entries: { actor: string; action: string; target: string }[];
      }>('/api/admin/audit?action=alarm_ack');
      expect(audit.body.entries[0]).toMatchObject({
        actor: 'engineer-kz',
        action: 'alarm_ack',
        target: kzAlarmId,
      });
    });

    it('refuses /live subscriptions to a denied spacecraft and filters every update', async () => {
      const live = await connectLive(server.url, tr.cookie);
      lives.push(live);
      const denied: LiveAck = await live
        .timeout(5000)
        .emitWithAck('subscribe', { fleet: true, spacecraft: [KZ_CRAFT] });
      expect(denied).toEqual({ error: 'forbidden' });
      const granted: LiveAck = await live
        .timeout(5000)
        .emitWithAck('subscribe', { fleet: true, spacecraft: [TR_CRAFT] });
      if (!('data' in granted)) throw new Error(granted.error);
      const updates: LiveUpdate[] = [granted.data];
      live.on('update', (u) => updates.push(u));
      // New frames for both spacecraft; wait until the TR spacecraft's samples came through.
      await sendBatch(station, [
        ...alarmingFrames(KZ_CRAFT, 2, T0 + 1000),
        ...alarmingFrames(TR_CRAFT, 2, T0 + 1000),
      ]);
      while (!updates.some((u) => u.samples?.some((s) => s.spacecraftId === TR_CRAFT && s.t === T0 + 1000))) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const leaked = updates.flatMap((u) => [
        ...(u.samples ?? []).filter((s) => s.spacecraftId === KZ_CRAFT),
        ...(u.alarms ?? []).filter((a) => a.spacecraftId === KZ_CRAFT),
        ...(u.events ?? []).filter((e) => e.spacecraftId === KZ_CRAFT),
      ]);
      expect(leaked).toEqual([]);
      expect(updates.some((u) => u.alarms?.some((a) => a.spacecraftId === TR_CRAFT))).toBe(true);
    });

    it('sends partners with the same subscription only their own part of a shared update', async () => {
      const collect = async (session: Session) => {
        const live = await connectLive(server.url, session.cookie);
        lives.push(live);
        const ack: LiveAck = await live
          .timeout(5000)
          .emitWithAck('subscribe', { fleet: true, spacecraft: [] });
        if (!('data' in ack)) throw new Error(ack.error);
        const updates: LiveUpdate[] = [];
        live.on('update', (u) => updates.push(u));
        return updates;
      };
      const kzUpdates = await collect(kz);
      const trUpdates = await collect(tr);
      await sendBatch(station, [
        ...alarmingFrames(KZ_CRAFT, 2, T0 + 1000),
        ...alarmingFrames(TR_CRAFT, 2, T0 + 1000),
      ]);
      // Both frames' onboard events reach the hub in one tick; each partner is sent only its own.
      const eventCraft = (updates: LiveUpdate[]) =>
        new Set(updates.flatMap((u) => (u.events ?? []).map((e) => e.spacecraftId)));
      while (eventCraft(kzUpdates).size === 0 || eventCraft(trUpdates).size === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect([...eventCraft(kzUpdates)]).toEqual([KZ_CRAFT]);
      expect([...eventCraft(trUpdates)]).toEqual([TR_CRAFT]);
    });
  },
);
