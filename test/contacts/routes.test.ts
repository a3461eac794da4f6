// GET /api/contacts, /api/contacts/availability and /api/contacts/coverage on a real server: the partner's
// view under the constellation agreement (records, and what the aggregates add up), CSV beside JSON, the
// filters and a bounded page, and hostile queries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AvailabilityResponse,
  ContactsResponse,
  CoverageResponse,
} from '../../shared/protocol/contacts';
import {
  AVAILABILITY_CSV_HEADER,
  CONTACTS_CSV_HEADER,
  COVERAGE_CSV_HEADER,
} from '../../server/contacts/routes';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { defaultAgreement } from '../../server/auth/agreement';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, loginAs, ManualClock, type Session } from '../helpers/auth';
import { contactFixture, FIXTURE_T0 } from '../helpers/contacts';
import { startServer, type RunningServer } from '../helpers/server';

const DAY = 86_400_000;
const T0 = FIXTURE_T0;
const WINDOW = `from=${T0}&to=${T0 + 14 * DAY}`;
/** Kazakhstan sees its own spacecraft and the joint Ortaq-1; Türkiye its own and Ortaq-1. */
const KZ_SEES = ['kazeosat-1', 'kazeosat-2', 'ortaq-1'];
const TR_SEES = ['gokturk-2', 'gokturk-1a', 'imece', 'ortaq-1'];

describe('contact routes', () => {
  let server: RunningServer;
  let kz: Session;
  let tr: Session;

  beforeAll(async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await store.saveContacts(contactFixture());
    server = await startServer({
      store,
      clock: new ManualClock(T0 + 40 * DAY),
      auth: createMemoryAuth(defaultAgreement(DICTIONARY)),
    });
    kz = server.session;
    tr = await loginAs(server, 'viewer', 'TR');
  });
  afterAll(() => server.stop());

  it('lists each partner the records of the spacecraft it may see, by AOS', async () => {
    const mine = await kz.json<ContactsResponse>(`/api/contacts?${WINDOW}`);
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.contacts.map((c) => c.spacecraftId))).toEqual(
      new Set(['kazeosat-1', 'ortaq-1']),
    );
    expect(mine.body.contacts).toHaveLength(9);
    const aos = mine.body.contacts.map((c) => c.aosMs);
    expect(aos).toEqual([...aos].sort((a, b) => a - b));
    expect(mine.body.truncated).toBe(false);
    const theirs = await tr.json<ContactsResponse>(`/api/contacts?${WINDOW}`);
    expect(theirs.body.contacts.map((c) => c.spacecraftId)).toEqual([
      'ortaq-1',
      'ortaq-1',
      'gokturk-2',
      'gokturk-2',
      'gokturk-2',
    ]);
    const denied = await tr.json<{ error: string }>(`/api/contacts?${WINDOW}&spacecraft=kazeosat-1`);
    expect(denied.status).toBe(403);
  });

  it('filters by spacecraft, station and outcome, and cuts a page at the limit', async () => {
    const failed = await kz.json<ContactsResponse>(
      `/api/contacts?${WINDOW}&station=astana&outcome=missed,partial&spacecraft=kazeosat-1`,
    );
    expect(failed.body.contacts.map((c) => [c.outcome, c.cause])).toEqual([
      ['partial', 'station'],
      ['missed', 'spacecraft'],
    ]);
    const page = await kz.json<ContactsResponse>(`/api/contacts?${WINDOW}&limit=2`);
    expect(page.body.contacts).toHaveLength(2);
    expect(page.body.truncated).toBe(true);
  });

  it('exports the records as CSV, the partner filter applied', async () => {
    const res = await tr.fetch(`/api/contacts?${WINDOW}&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(CONTACTS_CSV_HEADER);
    expect(lines).toHaveLength(6);
    const missed = lines.find((l) => l.includes(',missed,'))!.split(',');
    const column = (name: string) => missed[CONTACTS_CSV_HEADER.split(',').indexOf(name)];
    expect([column('spacecraft'), column('station'), column('cause'), column('heard_percent')]).toEqual([
      'gokturk-2',
      'ankara',
      'unknown',
      '0',
    ]);
    expect(lines.join('\n')).not.toMatch(/kazeosat/);
  });

  it('adds up availability from the records the caller may see only', async () => {
    const mine = await kz.json<AvailabilityResponse>(`/api/contacts/availability?${WINDOW}&period=week`);
    expect(mine.status).toBe(200);
    const astana = mine.body.stations.find((s) => s.stationId === 'astana')!;
    expect(astana.rows[0]).toMatchObject({ period: '2026-W45', availability: 0.6 });
    // Türkiye sees no Kazakh spacecraft: Astana passed none of its spacecraft, Ankara three.
    const theirs = await tr.json<AvailabilityResponse>(`/api/contacts/availability?${WINDOW}&period=week`);
    const of = (id: string) => theirs.body.stations.find((s) => s.stationId === id)!.rows;
    expect(of('astana').every((r) => r.availability === null)).toBe(true);
    expect(of('ankara')[1]).toMatchObject({ period: '2026-W46', availability: 2 / 3 });
    expect(of('kokterek')[0]!.outcomes.not_expected).toBe(2);
    const month = await kz.json<AvailabilityResponse>(`/api/contacts/availability?${WINDOW}&period=month`);
    expect(month.body.partners[0]!.rows.map((r) => r.period)).toEqual(['2026-11']);
  });

  it('exports availability as CSV: station rows, then partner rows, availability in per cent', async () => {
    const res = await kz.fetch(`/api/contacts/availability?${WINDOW}&format=csv`);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe(AVAILABILITY_CSV_HEADER);
    expect(lines).toHaveLength(1 + 2 * (DICTIONARY.stations.length + DICTIONARY.partners.length));
    expect(lines).toContain('station,astana,KZ,2026-W45,3,1,1,1,0,1,1,0,60');
    expect(lines).toContain('partner,KZ,KZ,2026-W45,4,1,1,1,2,1,1,0,66.7');
    expect(lines).toContain('partner,KG,KG,2026-W45,0,0,0,0,0,0,0,0,');
  });

  it('gives coverage of the spacecraft the caller may see, in JSON and CSV', async () => {
    const window = `from=${T0}&to=${T0 + DAY}`;
    const mine = await kz.json<CoverageResponse>(`/api/contacts/coverage?${window}`);
    expect(mine.body.spacecraft.map((s) => s.spacecraftId)).toEqual(KZ_SEES);
    expect(mine.body.spacecraft[0]).toMatchObject({ orbits: 14, orbitsWithContact: 3 });
    const theirs = await tr.json<CoverageResponse>(`/api/contacts/coverage?${window}`);
    expect(theirs.body.spacecraft.map((s) => s.spacecraftId)).toEqual(TR_SEES);
    const csv = (await (await tr.fetch(`/api/contacts/coverage?${window}&format=csv`)).text())
      .trim()
      .split('\n');
    expect(csv[0]).toBe(COVERAGE_CSV_HEADER);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(TR_SEES);
    expect(csv[1]).toMatch(/^gokturk-2,2026-11-02T00:00:00.000Z,2026-11-03T00:00:00.000Z,97.5,14,0,0$/);
  });

  it.each([
    ['/api/contacts', 'from=10&to=5'],
    ['/api/contacts', `from=0&to=${100 * DAY}`],
    ['/api/contacts', 'limit=0'],
    ['/api/contacts', 'limit=5001'],
    ['/api/contacts', 'limit=1e400'],
    ['/api/contacts', 'outcome=won'],
    ['/api/contacts', 'outcome=completed,partial,missed,planned,not_expected,completed2'],
    ['/api/contacts', 'outcome[]=missed'],
    ['/api/contacts', `station=${'x'.repeat(65)}`],
    ['/api/contacts', 'spacecraft=%20'],
    ['/api/contacts', 'format=pdf'],
    ['/api/contacts/availability', 'period=day'],
    ['/api/contacts/availability', 'period=week&period=month'],
    ['/api/contacts/availability', `from=0&to=${500 * DAY}`],
    ['/api/contacts/availability', 'from=abc'],
    ['/api/contacts/coverage', 'from=-1'],
    ['/api/contacts/coverage', `to=${'9'.repeat(400)}`],
    ['/api/contacts/coverage', 'format=csv&format=json'],
  ])('answers 400 to %s?%s', async (path, q) => {
    const res = await kz.json<{ error: string }>(`${path}?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('bad_request');
  });

  it('answers 404 to an unknown station or spacecraft and 401 without a session', async () => {
    expect((await kz.json(`/api/contacts?station=nowhere`)).status).toBe(404);
    expect((await kz.json(`/api/contacts?spacecraft=sputnik-1`)).status).toBe(404);
    for (const path of ['/api/contacts', '/api/contacts/availability', '/api/contacts/coverage']) {
      expect((await fetch(`${server.url}${path}`)).status).toBe(401);
    }
  });
});
