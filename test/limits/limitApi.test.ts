// Limits changed through the REST API: who may (engineers and admins of a partner that sees the spacecraft),
// what is audited (old → new and the reason), that the limit check uses the new limits from the next sample
// on, that a revert is one action, and that hostile requests change nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DICTIONARY } from '../../server/mission/shipped';
import type { LimitChange, ParameterLimitsResponse } from '../../shared/protocol/limits';
import { ROLES, type AuditEntry } from '../../shared/protocol/auth';
import { defaultAgreement } from '../../server/auth/agreement';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendBatch, type StationSocket } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const SC = 'kazeosat-1';
const PATH = `/api/spacecraft/${SC}/limits/eps.batt_voltage`;
const MISSION = DICTIONARY.packets
  .flatMap((p) => p.parameters)
  .find((p) => p.id === 'eps.batt_voltage')!.limits;
/** 30 V is nominal under the mission file's limits (yellow from 27.2 V) and yellow under these. */
const RAISED = { yellow: { low: 31, high: 34 }, red: { low: 25, high: 35 } };

const post = (session: Session, path: string, body: unknown) =>
  session.json<LimitChange & { error?: string }>(path, { method: 'POST', body: JSON.stringify(body) });

describe('limits changed through the API', { timeout: 30_000 }, () => {
  let server: RunningServer;
  let station: StationSocket;
  let seq = 0;
  const clock = new ManualClock(T0);
  const sessions = new Map<string, Session>();

  // Five sign-ins, each a password hash: a generous bound for a loaded machine.
  beforeAll(async () => {
    server = await startServer({ clock, auth: createMemoryAuth(defaultAgreement(DICTIONARY)) });
    station = await connectStation(server.url, 'astana', 'astana-secret');
    for (const role of ROLES) sessions.set(role, await loginAs(server, role, 'KZ'));
    sessions.set('engineer-tr', await loginAs(server, 'engineer', 'TR'));
  }, 60_000);

  afterAll(async () => {
    station.close();
    await server.stop();
  });

  beforeEach(async () => {
    // Each test starts from the mission file's limits.
    const { body } = await sessions.get('admin')!.json<ParameterLimitsResponse>(PATH);
    if (body.override) await post(sessions.get('admin')!, `${PATH}/revert`, { reason: 'reset' });
  }, 30_000);

  async function voltageSample(volts: number) {
    clock.advance(1000);
    seq++;
    const bytes = buildFrame({
      spacecraftId: SC,
      sequenceCount: seq,
      timeMs: clock.now(),
      values: { 'eps.batt_voltage': volts },
    });
    await sendBatch(station, [{ bytes }]);
    await server.app.flush();
    return server.app.current.get(SC, 'eps.batt_voltage')!.limit;
  }

  const auditOf = async (action: AuditEntry['action']) => server.app.auth.audit.list({ limit: 5, action });

  it('lets an engineer change the limits: archived, audited, and the next sample judged by them', async () => {
    expect(await voltageSample(30)).toEqual({ level: 'nominal' });
    const engineer = sessions.get('engineer')!;
    const { status, body } = await post(engineer, PATH, { limits: RAISED, reason: '  new cells fitted  ' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      by: 'engineer-kz',
      previous: null,
      limits: RAISED,
      reason: 'new cells fitted',
    });
    expect(await voltageSample(30)).toEqual({ level: 'yellow', side: 'low' });
    const alarm = server.app.alarms.list().find((a) => a.parameterId === 'eps.batt_voltage');
    expect(alarm).toMatchObject({ spacecraftId: SC, level: 'yellow', active: true });

    const read = await engineer.json<ParameterLimitsResponse>(PATH);
    expect(read.body).toMatchObject({ mission: MISSION, effective: RAISED, override: { id: body.id } });
    expect(read.body.history[0]).toEqual(body);
    const [entry] = await auditOf('limits_change');
    expect(entry).toMatchObject({ actor: 'engineer-kz', target: `${SC}/eps.batt_voltage` });
    expect(entry!.detail).toBe('mission file → yellow [31, 34] red [25, 35]: new cells fitted');
    const listed = await engineer.json<{ overrides: LimitChange[] }>(`/api/spacecraft/${SC}/limits`);
    expect(listed.body.overrides.map((c) => c.id)).toEqual([body.id]);
  });

  it('reverts to the mission file in one action, audited, and refuses a revert with nothing to revert', async () => {
    const admin = sessions.get('admin')!;
    const changed = await post(admin, PATH, { limits: RAISED, reason: 'test' });
    expect(await voltageSample(30)).toMatchObject({ level: 'yellow' });
    const reverted = await post(admin, `${PATH}/revert`, { reason: 'cells were fine' });
    expect(reverted.status).toBe(201);
    expect(reverted.body).toMatchObject({ previous: RAISED, limits: null });
    expect(await voltageSample(30)).toEqual({ level: 'nominal' });
    const read = await admin.json<ParameterLimitsResponse>(PATH);
    expect(read.body).toMatchObject({ effective: MISSION, override: null });
    expect(read.body.history.slice(0, 2).map((c) => c.id)).toEqual([reverted.body.id, changed.body.id]);
    const [entry] = await auditOf('limits_revert');
    expect(entry!.detail).toBe('yellow [31, 34] red [25, 35] → mission file: cells were fine');
    const again = await post(admin, `${PATH}/revert`, { reason: 'twice' });
    expect(again).toMatchObject({ status: 409, body: { error: 'not_overridden' } });
  });

  it('refuses viewers and operators (403), and changes nothing', async () => {
    for (const role of ['viewer', 'operator']) {
      const session = sessions.get(role)!;
      expect((await post(session, PATH, { limits: RAISED, reason: 'x' })).status, role).toBe(403);
      expect((await post(session, `${PATH}/revert`, { reason: 'x' })).status, role).toBe(403);
      // Reading them is telemetry, which both may see.
      expect((await session.json(PATH)).status, role).toBe(200);
    }
    const { body } = await sessions.get('admin')!.json<ParameterLimitsResponse>(PATH);
    expect(body.override).toBeNull();
  });

  it('refuses a partner that may not see the spacecraft: neither change nor read', async () => {
    const other = sessions.get('engineer-tr')!;
    expect((await post(other, PATH, { limits: RAISED, reason: 'x' })).status).toBe(403);
    expect((await other.json(PATH)).status).toBe(403);
    expect((await other.json(`/api/spacecraft/${SC}/limits`)).status).toBe(403);
    // Its own spacecraft it may change.
    const own = await post(other, '/api/spacecraft/gokturk-2/limits/eps.batt_temp', {
      limits: { yellow: { high: 35 } },
      reason: 'summer',
    });
    expect(own.status).toBe(201);
  });

  it('answers hostile requests with 4xx and changes nothing', async () => {
    const admin = sessions.get('admin')!;
    const raw = (path: string, body: string) =>
      admin.fetch(path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const cases: [string, unknown, number][] = [
      [PATH, { limits: { yellow: { low: 'NaN' } }, reason: 'x' }, 400],
      [PATH, { limits: { yellow: { low: null } }, reason: 'x' }, 400],
      [
        PATH,
        { limits: { yellow: { low: 26, high: 34 }, red: { low: 27, high: 35 } }, reason: 'red inside' },
        400,
      ],
      [PATH, { limits: { yellow: { low: 34, high: 26 } }, reason: 'upside down' }, 400],
      [PATH, { limits: RAISED, reason: '' }, 400],
      [PATH, { limits: RAISED, reason: 'r'.repeat(10_000) }, 400],
      [PATH, { limits: RAISED }, 400],
      [PATH, [RAISED], 400],
      [`/api/spacecraft/${SC}/limits/eps.no_such`, { limits: RAISED, reason: 'x' }, 404],
      [`/api/spacecraft/no-such-sc/limits/eps.batt_voltage`, { limits: RAISED, reason: 'x' }, 404],
      [`/api/spacecraft/${SC}/limits/eps.power_mode`, { limits: RAISED, reason: 'x' }, 400],
      [`/api/spacecraft/${SC}/limits/event.code`, { limits: RAISED, reason: 'x' }, 400],
      [`/api/spacecraft/${SC}/limits/${'p'.repeat(200)}`, { limits: RAISED, reason: 'x' }, 400],
    ];
    for (const [path, body, status] of cases) {
      const res = await post(admin, path, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
    }
    // Numbers JSON cannot carry: 1e999 parses to Infinity, NaN is no JSON at all.
    expect((await raw(PATH, '{"limits":{"yellow":{"low":1e999}},"reason":"x"}')).status).toBe(400);
    expect((await raw(PATH, '{"limits":{"yellow":{"low":-1e999}},"reason":"x"}')).status).toBe(400);
    expect((await raw(PATH, '{"limits":{"yellow":{"low":NaN}},"reason":"x"}')).status).toBe(400);
    expect(
      (await raw(PATH, `{"limits":{"yellow":{"low":1}},"reason":"${'r'.repeat(200_000)}"}`)).status,
    ).toBe(413);
    const { body } = await admin.json<ParameterLimitsResponse>(PATH);
    expect(body.override).toBeNull();
    expect(body.history.filter((c) => c.reason !== 'reset' && c.limits !== null)).toHaveLength(2);
  });

  it('reads ids as the access rule read them: padded ids name the same spacecraft and parameter', async () => {
    const padded = `/api/spacecraft/%20${SC}%09/limits/%20eps.batt_voltage%20`;
    const { status, body } = await post(sessions.get('engineer')!, padded, {
      limits: RAISED,
      reason: 'padded',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ spacecraftId: SC, parameterId: 'eps.batt_voltage' });
    const tr = sessions.get('engineer-tr')!;
    expect((await post(tr, padded, { limits: RAISED, reason: 'x' })).status).toBe(403);
    expect((await tr.json(padded)).status).toBe(403);
  });
});
