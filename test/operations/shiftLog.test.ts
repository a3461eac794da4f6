// The shift log on both stores: a shift handed over end to end through the API (open alarms and the entries
// since the last handover, accepted once by the incoming operator, audited, kept over a restart), and
// annotations that follow the constellation agreement like telemetry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmsResponse } from '../../shared/protocol/api';
import type {
  AnnotationsResponse,
  Handover,
  HandoverDraft,
  HandoversResponse,
  ShiftLogEntry,
  ShiftLogResponse,
} from '../../shared/protocol/shiftlog';
import type { Agreement, Auth } from '../../server/auth';
import { defaultAgreement } from '../../server/auth/agreement';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, login, loginAs, TEST_PASSWORD, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { OPERATIONS_STORE_KINDS, type OperationsStoreHandle } from '../helpers/operationsStores';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

/** The default agreement, and Türkiye sees the telemetry of kazeosat-1; Uzbekistan only its status. */
function agreement(): Agreement {
  const base = defaultAgreement(DICTIONARY);
  return {
    ...base,
    grants: [...base.grants, { partner: 'TR', spacecraftId: 'kazeosat-1', level: 'telemetry' }],
  };
}

describe.each(OPERATIONS_STORE_KINDS)('shift log on $name', (kind) => {
  let handle: OperationsStoreHandle;
  let server: RunningServer;
  let clock: ManualClock;
  let socket: StationSocket;
  let operator: Session;
  let seq = 0;
  let auth: Auth;

  // The app closes its auth room: each start has a new one (users are made again by loginAs).
  const start = async () => {
    auth = createMemoryAuth(agreement());
    server = await startServer({
      clock,
      auth,
      notify: { pollMs: 0 },
      operations: { store: await handle.open(), refreshMs: 0 },
    });
    socket = await connectStation(server.url, 'astana', 'astana-secret');
    operator = await loginAs(server, 'operator', 'KZ');
  };
  const write = (body: unknown, as: Session = operator) =>
    as.json<ShiftLogEntry>('/api/shiftlog', { method: 'POST', body: JSON.stringify(body) });
  /** A red state of charge of a spacecraft now; returns the id of its alarm (as `as` may see it). */
  const lowBattery = async (spacecraftId: string, as = server.session): Promise<string> => {
    const bytes = buildFrame({
      spacecraftId,
      sequenceCount: ++seq,
      timeMs: clock.now(),
      values: { 'eps.batt_soc': 30 },
    });
    expect(await sendFrame(socket, bytes)).toEqual({ ok: true, status: 'stored' });
    await server.app.flush();
    const { body } = await as.json<AlarmsResponse>('/api/alarms');
    return body.alarms.find((a) => a.spacecraftId === spacecraftId)!.id;
  };

  beforeEach(async () => {
    seq = 0;
    clock = new ManualClock(T0);
    handle = kind.create();
    await start();
  });
  afterEach(async () => {
    socket?.close();
    await server?.stop();
    await handle.dispose();
  });

  it('hands a shift over: open alarms and entries since, accepted once by the incoming operator, audited, kept over a restart', async () => {
    await auth.accounts.create(
      { username: 'incoming-kz', partner: 'KZ', role: 'operator', password: TEST_PASSWORD },
      'test',
    );
    const incoming = await login(server.url, 'incoming-kz');
    const turkish = await loginAs(server, 'operator', 'TR');
    const kzAlarm = await lowBattery('kazeosat-1');
    const trAlarm = await lowBattery('gokturk-2', turkish);
    clock.advance(MINUTE);
    const linked = await write({ text: 'Battery low after eclipse; watching', alarms: [kzAlarm] });
    expect(linked.status).toBe(201);
    // The alarm's spacecraft comes with the link: the entry concerns kazeosat-1.
    expect(linked.body).toMatchObject({ author: 'operator-kz', partner: 'KZ', spacecraft: ['kazeosat-1'] });
    clock.advance(MINUTE);
    const note = await write({ text: 'Astana antenna back in service' });
    const hidden = await write({ text: 'Göktürk-2 reboot planned', alarms: [trAlarm] }, turkish);
    expect(hidden.status).toBe(201);
    clock.advance(MINUTE);

    const draft = await operator.json<HandoverDraft>('/api/handovers/draft');
    expect(draft.body.last).toBeNull();
    expect(draft.body.alarms.map((a) => a.id)).toEqual([kzAlarm]);
    expect(draft.body.entries.map((e) => e.id)).toEqual([note.body.id, linked.body.id]);

    const created = await operator.json<Handover>('/api/handovers', {
      method: 'POST',
      body: JSON.stringify({ note: 'Quiet night but for the battery' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      partner: 'KZ',
      createdBy: 'operator-kz',
      createdAtMs: T0 + 3 * MINUTE,
      sinceMs: null,
      note: 'Quiet night but for the battery',
      acceptedBy: null,
    });
    expect(created.body.alarms).toEqual([
      expect.objectContaining({ id: kzAlarm, spacecraftId: 'kazeosat-1', level: 'red', active: true }),
    ]);
    expect(created.body.entries.map((e) => e.id)).toEqual([note.body.id, linked.body.id]);

    const accept = (as: Session, id = created.body.id) =>
      as.json<Handover & { error?: string }>(`/api/handovers/${id}/accept`, { method: 'POST' });
    // Who handed over does not accept; nor does another centre, a viewer, or anyone twice.
    expect((await accept(operator)).body.error).toBe('own_handover');
    expect((await accept(turkish)).status).toBe(404);
    expect((await accept(await loginAs(server, 'viewer', 'KZ'))).status).toBe(403);
    clock.advance(MINUTE);
    const accepted = await accept(incoming);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ acceptedBy: 'incoming-kz', acceptedAtMs: T0 + 4 * MINUTE });
    const again = await accept(incoming);
    expect([again.status, again.body.error]).toEqual([409, 'already_accepted']);
    const audit = await server.session.json<{ entries: { actor: string; target: string }[] }>(
      '/api/admin/audit?action=handover_accept',
    );
    expect(audit.body.entries.map((e) => `${e.actor} ${e.target}`)).toEqual([
      `incoming-kz ${created.body.id}`,
    ]);
    // Türkiye's centre has handovers of its own, and none of Kazakhstan's.
    expect((await turkish.json<HandoversResponse>('/api/handovers')).body.handovers).toEqual([]);

    clock.advance(MINUTE);
    const later = await write({ text: 'Pass over Kokterek nominal' }, incoming);
    socket.close();
    await server.stop();
    await start();
    const viewer = await loginAs(server, 'viewer', 'KZ');
    const listed = await viewer.json<HandoversResponse>('/api/handovers');
    expect(listed.body.handovers).toHaveLength(1);
    expect(listed.body.handovers[0]).toMatchObject({
      id: created.body.id,
      acceptedBy: 'incoming-kz',
      acceptedAtMs: T0 + 4 * MINUTE,
      note: 'Quiet night but for the battery',
    });
    expect(listed.body.handovers[0]!.entries.map((e) => e.text)).toEqual([
      'Astana antenna back in service',
      'Battery low after eclipse; watching',
    ]);
    // The next handover lists only what was written since.
    const next = await viewer.json<HandoverDraft>('/api/handovers/draft');
    expect(next.body.last?.id).toBe(created.body.id);
    expect(next.body.entries.map((e) => e.id)).toEqual([later.body.id]);
    // Seven sign-ins (password hashing) and a restart: longer than the default 5 s on a busy machine.
  }, 60_000);

  it('shows an annotation on a spacecraft to a partner that may see that spacecraft and not to one that may not', async () => {
    const alarmId = await lowBattery('kazeosat-1');
    const range = { fromMs: T0 - 10 * MINUTE, toMs: T0 - 5 * MINUTE };
    const annotation = await write({
      text: 'Sun glint on the star tracker',
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_soc'],
      range,
    });
    expect(annotation.status).toBe(201);
    clock.advance(1000);
    // Türkiye sees kazeosat-1 and its own gokturk-2: its entry on both is hidden from Kazakhstan.
    const turkish = await loginAs(server, 'operator', 'TR');
    const both = await write(
      { text: 'Conjunction screening', spacecraft: ['kazeosat-1', 'gokturk-2'], range },
      turkish,
    );
    expect(both.status).toBe(201);
    clock.advance(1000);
    const fleetWide = await write({ text: 'Network maintenance', range });
    const window = `from=${T0 - 30 * MINUTE}&to=${T0 + 30 * MINUTE}`;
    const annotations = async (as: Session) => {
      const res = await as.json<AnnotationsResponse>(`/api/annotations?spacecraft=kazeosat-1&${window}`);
      return {
        status: res.status,
        ids: res.status === 200 ? res.body.annotations.map((a) => a.id).sort() : [],
      };
    };

    const kz = await annotations(await loginAs(server, 'viewer', 'KZ'));
    expect(kz).toEqual({ status: 200, ids: [annotation.body.id, fleetWide.body.id, alarmId].sort() });
    const tr = await annotations(await loginAs(server, 'viewer', 'TR'));
    expect(tr).toEqual({
      status: 200,
      ids: [annotation.body.id, both.body.id, fleetWide.body.id, alarmId].sort(),
    });
    const uzbek = await loginAs(server, 'viewer', 'UZ');
    expect(await annotations(uzbek)).toEqual({ status: 403, ids: [] });
    // The log itself answers alike: Uzbekistan reads the fleet-wide note only.
    const log = await uzbek.json<ShiftLogResponse>(`/api/shiftlog?${window}`);
    expect(log.body.entries.map((e) => e.id)).toEqual([fleetWide.body.id]);
    expect((await uzbek.fetch(`/api/shiftlog?spacecraft=kazeosat-1&${window}`)).status).toBe(403);
    // The partner's view applies before the limit: one entry Kazakhstan may see, not one it may not.
    const limited = await operator.json<ShiftLogResponse>(`/api/shiftlog?limit=1&${window}`);
    expect(limited.body.entries.map((e) => e.id)).toEqual([fleetWide.body.id]);
    const kzOnly = await operator.json<ShiftLogResponse>(`/api/shiftlog?spacecraft=kazeosat-1&${window}`);
    expect(kzOnly.body.entries.map((e) => e.id)).toEqual([annotation.body.id]);
  }, 60_000);
});
