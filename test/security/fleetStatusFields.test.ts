// The field set each agreement level shows another partner, field by field, on REST and /live alike: at
// `status` a partner gets the FLEET_STATUS_FIELDS of a fleet entry with the owner's values and null for every
// other field; from `telemetry` on it gets the whole entry; passes and utilization follow the same levels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import {
  FLEET_STATUS_FIELDS,
  type FleetEntry,
  type FleetResponse,
  type Pass,
  type UtilizationResponse,
} from '../../shared/protocol/api';
import type { LiveAck, LiveUpdate } from '../../shared/protocol/live';
import { createVisibilityPolicy, defaultAgreement } from '../../server/auth/agreement';
import { payloadFilter, statusLine } from '../../server/auth/access/filters';
import { applyFleetChange, fleetChange } from '../../shared/fleetChange';
import { fleetEntry, factsFor } from '../fixtures/dashboard';
import { connectLive, loginAs, type LiveTestSocket, type Session } from '../helpers/auth';
import { fleetParts, heldFleet } from '../helpers/dashboards';
import { createServerAuth, sqliteAuthFactory } from '../helpers/authStores';
import { FLEET_DISPLAY_INTERVAL_MS } from '../../server/live/fleetPace';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const KZ_CRAFT = 'kazeosat-1';
const TR_CRAFT = 'gokturk-2';

/** What the default agreement lets a Turkish engineer see of Kazakh spacecraft: their status line. */
function turkishEngineerFilter() {
  const policy = createVisibilityPolicy(DICTIONARY, defaultAgreement(DICTIONARY));
  return payloadFilter(policy, { kind: 'user', name: 'engineer-tr', partner: 'TR', role: 'engineer' });
}

/** Checks an entry seen at `status` level against the owner's view of the same spacecraft, field by field. */
function expectStatusLine(seen: FleetEntry, owners: FleetEntry): void {
  const status = new Set<string>(FLEET_STATUS_FIELDS);
  expect(Object.keys(seen).sort()).toEqual(Object.keys(owners).sort());
  for (const [field, value] of Object.entries(owners)) {
    if (status.has(field)) expect(seen[field as keyof FleetEntry], field).toEqual(value);
    else expect(seen[field as keyof FleetEntry], field).toBeNull();
  }
}

describe('fleet status fields by agreement level', () => {
  let server: RunningServer;
  let disposeAuth: () => Promise<void>;
  let station: StationSocket;
  let kz: Session;
  let tr: Session;
  let lives: LiveTestSocket[];
  let clock: ManualClock;

  beforeEach(async () => {
    const auth = await createServerAuth(sqliteAuthFactory, defaultAgreement(DICTIONARY));
    disposeAuth = auth.dispose;
    clock = new ManualClock(T0);
    server = await startServer({ clock, auth: auth.auth });
    station = await connectStation(server.url, 'astana', 'astana-secret');
    lives = [];
    // A red battery alarm on each, so alarm counts and subsystem levels are not all zero/nominal.
    await sendBatch(station, [
      {
        bytes: buildFrame({
          spacecraftId: KZ_CRAFT,
          sequenceCount: 1,
          timeMs: T0,
          values: { 'eps.batt_voltage': 20 },
        }),
      },
      {
        bytes: buildFrame({
          spacecraftId: TR_CRAFT,
          sequenceCount: 1,
          timeMs: T0,
          values: { 'eps.batt_voltage': 20 },
        }),
      },
    ]);
    kz = await loginAs(server, 'engineer', 'KZ');
    tr = await loginAs(server, 'engineer', 'TR');
  });
  afterEach(async () => {
    for (const live of lives) live.close();
    station.close();
    await server.stop();
    await disposeAuth();
  });

  const fleetOf = async (session: Session) =>
    new Map((await session.json<FleetResponse>('/api/fleet')).body.fleet.map((e) => [e.spacecraftId, e]));

  it('gives another partner the status line only over REST, and its own spacecraft whole', async () => {
    const owners = await fleetOf(kz);
    const partners = await fleetOf(tr);
    const kzEntry = owners.get(KZ_CRAFT)!;
    expect(kzEntry.activeAlarms).toMatchObject({ red: 1 });
    expect(kzEntry.subsystems).not.toBeNull();
    expectStatusLine(partners.get(KZ_CRAFT)!, kzEntry);
    expect(partners.get(TR_CRAFT)!.activeAlarms).toMatchObject({ red: 1 });
    expect(partners.get(TR_CRAFT)!.subsystems).not.toBeNull();
  });

  it('gives another partner the same status line on /live, in the reply and in updates', async () => {
    const owners = await fleetOf(kz);
    const live = await connectLive(server.url, tr.cookie);
    lives.push(live);
    const reply: LiveAck = await live.timeout(5000).emitWithAck('subscribe', { fleet: true, spacecraft: [] });
    if (!('data' in reply)) throw new Error(reply.error);
    expectStatusLine(
      reply.data.fleet!.find((e) => e.spacecraftId === KZ_CRAFT)!,
      owners.get(KZ_CRAFT)!,
    );

    const updates: LiveUpdate[] = [];
    live.on('update', (u) => updates.push(u));
    await sendBatch(station, [
      {
        bytes: buildFrame({
          spacecraftId: KZ_CRAFT,
          sequenceCount: 2,
          timeMs: T0 + 1000,
          values: { 'eps.batt_voltage': 20 },
        }),
      },
    ]);
    // A new reading alone goes out when the spacecraft's display window rolls over (server clock).
    clock.advance(FLEET_DISPLAY_INTERVAL_MS);
    const kzUpdate = () => updates.flatMap(fleetParts).find((e) => e.spacecraftId === KZ_CRAFT);
    while (!kzUpdate()) await new Promise((resolve) => setTimeout(resolve, 20));
    const ownersNow = await fleetOf(kz);
    // Whole or as changes, what the partner holds after merging them is the status line.
    expectStatusLine(heldFleet([reply.data, ...updates]).get(KZ_CRAFT)!, ownersNow.get(KZ_CRAFT)!);
  });

  it('keeps how a pass was heard and what a spacecraft delivered to who sees its telemetry', () => {
    const filter = turkishEngineerFilter();
    const pass = (spacecraftId: string): Pass => ({
      spacecraftId,
      stationId: 'astana',
      aosMs: T0,
      tcaMs: T0 + 300_000,
      losMs: T0 + 600_000,
      maxElevationDeg: 40,
      aosAzimuthDeg: 10,
      losAzimuthDeg: 170,
      reception: { stationId: 'astana', frames: 10, uniqueFrames: 9, meanSnrDb: 8, bestSnrDb: 11, gaps: [] },
      bytesDownlinked: 5_000_000,
    });
    const [kzPass, trPass] = filter.passes([pass(KZ_CRAFT), pass(TR_CRAFT)]);
    const { reception: _r, bytesDownlinked: _b, ...prediction } = pass(KZ_CRAFT);
    expect(kzPass).toEqual(prediction);
    expect(trPass).toEqual(pass(TR_CRAFT));

    const row = { contactMinutes: 10, downlinkMinutes: 5, bytesDelivered: 1e9 };
    const utilization: UtilizationResponse = {
      from: T0,
      to: T0 + 1,
      recordingFromMs: T0,
      partners: [
        { partnerId: 'KZ', ...row },
        { partnerId: 'TR', ...row },
      ],
      spacecraft: [KZ_CRAFT, TR_CRAFT].map((spacecraftId) => ({ spacecraftId, bytesByPartner: {}, ...row })),
    };
    const seen = filter.utilization(utilization);
    expect(seen.partners).toEqual(utilization.partners);
    expect(seen.spacecraft.map((s) => s.spacecraftId)).toEqual([TR_CRAFT]);
  });

  it('gives a status partner, merging changes into its status line, the status line of the new summary', () => {
    const filter = turkishEngineerFilter();
    const before = fleetEntry(KZ_CRAFT);
    const steps: Partial<FleetEntry>[] = [
      // Status and the alarm level it follows from; the partner's facts show the level only through status.
      {
        status: 'critical',
        facts: factsFor('critical'),
        activeAlarms: { yellow: 0, red: 1, unacknowledged: 1 },
      },
      // Telemetry only: nothing of the status line changes, nothing goes to the partner.
      { subsystems: { EPS: 'red' }, storageFillPercent: 90, downlink: 'on' },
      {
        lastFrameMs: T0 + 1000,
        socPercent: 12,
        facts: { ...factsFor('critical'), lastRealtimeMs: T0 + 1000 },
      },
      {
        status: 'nominal',
        facts: { ...factsFor('nominal'), lastRealtimeMs: T0 + 1000 },
        stationsInContact: ['astana'],
      },
    ];
    let owners = before;
    let held = statusLine(before);
    for (const step of steps) {
      const next: FleetEntry = { ...owners, ...step };
      const [change] = filter.fleetChanges([fleetChange(owners, next)!]);
      if (step.subsystems) expect(change).toBeUndefined();
      if (change) held = applyFleetChange(held, change);
      expect(held).toEqual(statusLine(next));
      owners = next;
    }
  });
});
