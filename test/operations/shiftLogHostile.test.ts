// Hostile input to every shift-log route: oversized text, bad ids, NaN and infinite times, array-syntax
// queries, extra fields, and links to spacecraft, parameters and alarms that do not exist or that the
// agreement hides. Each gets a clear 4xx, nothing is stored, and the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmsResponse } from '../../shared/protocol/api';
import type { HandoversResponse, ShiftLogResponse } from '../../shared/protocol/shiftlog';
import { defaultAgreement } from '../../server/auth/agreement';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, loginAs, type Session } from '../helpers/auth';
import { ManualClock } from '../helpers/clock';
import { startServer, type RunningServer } from '../helpers/server';
import { buildFrame, connectStation, sendFrame } from '../helpers/stations';

const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);
const MINUTE = 60_000;

describe('shift-log routes under hostile input', () => {
  let server: RunningServer;
  let operator: Session;
  let viewer: Session;
  /** An alarm of gokturk-2, which Kazakhstan's default view shows as status only. */
  let hiddenAlarm: string;

  beforeAll(async () => {
    server = await startServer({
      clock: new ManualClock(T0),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
      notify: { pollMs: 0 },
    });
    const station = await connectStation(server.url, 'ankara', 'ankara-secret');
    const bytes = buildFrame({
      spacecraftId: 'gokturk-2',
      sequenceCount: 1,
      timeMs: T0,
      values: { 'eps.batt_soc': 30 },
    });
    expect(await sendFrame(station, bytes)).toEqual({ ok: true, status: 'stored' });
    station.close();
    await server.app.flush();
    const turkish = await loginAs(server, 'operator', 'TR');
    hiddenAlarm = (await turkish.json<AlarmsResponse>('/api/alarms')).body.alarms[0]!.id;
    operator = await loginAs(server, 'operator', 'KZ');
    viewer = await loginAs(server, 'viewer', 'KZ');
  }, 60_000);
  afterAll(() => server.stop());

  const post = (path: string, body: unknown, as: Session = operator) =>
    as.fetch(path, { method: 'POST', body: JSON.stringify(body) });
  const expectStatus = async (cases: [string, Promise<Response>][], status: number) => {
    const got = await Promise.all(cases.map(async ([label, res]) => [label, (await res).status]));
    expect(got).toEqual(cases.map(([label]) => [label, status]));
  };

  it('refuses malformed entries with 400', async () => {
    const base = { text: 'note', spacecraft: ['kazeosat-1'] };
    const range = { fromMs: T0, toMs: T0 + MINUTE };
    const bad: [string, unknown][] = [
      ['no text', { spacecraft: ['kazeosat-1'] }],
      ['blank text', { ...base, text: '  \n ' }],
      ['text of 2001 characters', { ...base, text: 'x'.repeat(2001) }],
      ['text as a number', { ...base, text: 42 }],
      ['NaN time (null in JSON)', { ...base, atMs: Number.NaN }],
      ['time as the string NaN', { ...base, atMs: 'NaN' }],
      ['a fractional time', { ...base, atMs: T0 + 0.5 }],
      ['a negative time', { ...base, atMs: -1 }],
      ['a time past the last date', { ...base, atMs: 1e16 }],
      ['a range ending before it starts', { ...base, range: { fromMs: T0, toMs: T0 - 1 } }],
      ['a range of two years', { ...base, range: { fromMs: T0, toMs: T0 + 2 * 366 * 86_400_000 } }],
      ['a range with a NaN end', { ...base, range: { ...range, toMs: null } }],
      ['a range with an extra field', { ...base, range: { ...range, label: 'x' } }],
      ['spacecraft as a string', { ...base, spacecraft: 'kazeosat-1' }],
      ['17 spacecraft', { ...base, spacecraft: Array.from({ length: 17 }, (_, i) => `s${i}`) }],
      ['an empty alarm id', { ...base, alarms: [''] }],
      ['a numeric parameter', { ...base, parameters: [123] }],
      ['an author of its own', { ...base, author: 'someone-else' }],
      ['a partner of its own', { ...base, partner: 'TR' }],
      ['a prototype key', JSON.parse('{"__proto__": {"x": 1}, "text": "note"}')],
      ['an array', [base]],
      ['null', null],
    ];
    await expectStatus(
      bad.map(([label, body]) => [label, post('/api/shiftlog', body)]),
      400,
    );
    // Over the body limit of the JSON parser: refused before any handler.
    expect((await post('/api/shiftlog', { text: 'x'.repeat(200_000) })).status).toBe(413);
  });

  it('answers links to what does not exist with 404 and to what the agreement hides with 403', async () => {
    await expectStatus(
      [
        ['unknown spacecraft', post('/api/shiftlog', { text: 'n', spacecraft: ['kazeosat-9'] })],
        ['a cased id', post('/api/shiftlog', { text: 'n', spacecraft: ['KAZEOSAT-1'] })],
        ['a padded id', post('/api/shiftlog', { text: 'n', spacecraft: [' kazeosat-1'] })],
        ['unknown parameter', post('/api/shiftlog', { text: 'n', parameters: ['eps.none'] })],
        ['unknown alarm', post('/api/shiftlog', { text: 'n', alarms: ['no-such-alarm'] })],
      ],
      404,
    );
    await expectStatus(
      [
        ['a hidden spacecraft', post('/api/shiftlog', { text: 'n', spacecraft: ['gokturk-2'] })],
        [
          'a hidden one beside an own one',
          post('/api/shiftlog', { text: 'n', spacecraft: ['kazeosat-1', 'gokturk-2'] }),
        ],
        ['an alarm of a hidden spacecraft', post('/api/shiftlog', { text: 'n', alarms: [hiddenAlarm] })],
        ['a viewer writing', post('/api/shiftlog', { text: 'n' }, viewer)],
        ['a viewer handing over', post('/api/handovers', {}, viewer)],
        ['a hidden spacecraft annotated', operator.fetch('/api/annotations?spacecraft=gokturk-2')],
        ['a hidden spacecraft listed', operator.fetch('/api/shiftlog?spacecraft=gokturk-2')],
      ],
      403,
    );
    const stranger = await fetch(`${server.url}/api/shiftlog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'n' }),
    });
    expect(stranger.status).toBe(401);
    expect((await fetch(`${server.url}/api/annotations?spacecraft=kazeosat-1`)).status).toBe(401);
  });

  it('refuses bad queries and ids with 400, unknown ones with 404', async () => {
    const queries = [
      '/api/shiftlog?from[]=1',
      '/api/shiftlog?spacecraft[]=kazeosat-1',
      '/api/shiftlog?spacecraft[0]=kazeosat-1',
      '/api/shiftlog?from=NaN',
      '/api/shiftlog?to=Infinity',
      '/api/shiftlog?from=abc',
      '/api/shiftlog?to=-5',
      `/api/shiftlog?from=${T0}&to=${T0 - 1}`,
      '/api/shiftlog?limit=0',
      '/api/shiftlog?limit=501',
      '/api/shiftlog?extra=1',
      '/api/annotations',
      '/api/annotations?spacecraft[]=kazeosat-1',
      '/api/annotations?spacecraft=kazeosat-1&from=NaN',
      `/api/annotations?spacecraft=kazeosat-1&from=${T0}&to=${T0 - 1}`,
      '/api/handovers?limit=0',
      '/api/handovers?limit[]=1',
    ];
    await expectStatus(
      queries.map((q) => [q, operator.fetch(q)]),
      400,
    );
    await expectStatus(
      [
        ['annotations of an unknown spacecraft', operator.fetch('/api/annotations?spacecraft=kazeosat-9')],
        ['accepting an unknown handover', post(`/api/handovers/${crypto.randomUUID()}/accept`, {})],
      ],
      404,
    );
    const handoverBodies: [string, unknown][] = [
      ['a note of 2001 characters', { note: 'n'.repeat(2001) }],
      ['a note as a number', { note: 7 }],
      ['an author of its own', { createdBy: 'someone-else' }],
      ['entries of its own', { entries: [] }],
    ];
    await expectStatus(
      [
        ...handoverBodies.map(([label, body]): [string, Promise<Response>] => [
          label,
          post('/api/handovers', body),
        ]),
        ...['not-a-uuid', `${crypto.randomUUID()}%20`, '..%2F..%2Fshiftlog'].map(
          (id): [string, Promise<Response>] => [id, post(`/api/handovers/${id}/accept`, {})],
        ),
      ],
      400,
    );
  });

  it('has stored nothing of it all and still serves', async () => {
    const log = await operator.json<ShiftLogResponse>(`/api/shiftlog?from=0&to=${T0 + MINUTE}`);
    expect(log.body.entries).toEqual([]);
    expect((await operator.json<HandoversResponse>('/api/handovers')).body.handovers).toEqual([]);
    expect((await post('/api/shiftlog', { text: 'All quiet', spacecraft: ['kazeosat-1'] })).status).toBe(201);
  });
});
