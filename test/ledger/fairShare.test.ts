// Fair share on a fixture: the matrix of what each partner's stations delivered of each partner's
// spacecraft, given and received summing to the same totals, the balances, and the agreement's threshold
// raising an event when a balance crosses it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventsResponse } from '../../shared/protocol/api';
import type { FairShareResponse } from '../../shared/protocol/fairShare';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import { ownersOf } from '../../server/ledger/book';
import { FairShareWatch, fairShareMatrix } from '../../server/ledger/fairShare';
import { DICTIONARY } from '../../server/mission/shipped';
import { createMemoryAuth, ManualClock, openAgreement } from '../helpers/auth';
import { commitLedgerFixture, LEDGER_CLOSE_MS, LEDGER_T0 } from '../helpers/ledger';
import { RAW_ARCHIVES, type RawArchive } from '../helpers/rawArchive';
import { startServer, type RunningServer } from '../helpers/server';

const owners = ownersOf(DICTIONARY);
const WINDOW = { from: LEDGER_T0, to: LEDGER_CLOSE_MS };

describe.each(RAW_ARCHIVES)('fair share on $name', (factory) => {
  let raw: RawArchive;
  beforeEach(async () => {
    raw = await factory.create();
    await commitLedgerFixture(raw.store);
  }, 60_000);
  afterEach(() => raw.dispose());

  it('gives every giver × receiver its contact minutes and packets, and the balance of every pair', async () => {
    const matrix = fairShareMatrix(await raw.store.contactTotals(WINDOW.from, WINDOW.to), owners, WINDOW);
    expect(matrix.cells).toHaveLength(DICTIONARY.partners.map((p) => p.id).length ** 2);
    const cell = (giver: string, receiver: string) =>
      matrix.cells.find((c) => c.giver === giver && c.receiver === receiver)!;
    // Three days of the fixture: 20, 15, 10 and 5 packets a day, one a second.
    expect(cell('KZ', 'TR')).toEqual({ giver: 'KZ', receiver: 'TR', contactMinutes: 1, packets: 60 });
    expect(cell('TR', 'KZ')).toEqual({ giver: 'TR', receiver: 'KZ', contactMinutes: 0.75, packets: 45 });
    expect(cell('KZ', 'KZ').packets).toBe(30);
    // Ankara heard five of Göktürk-2's packets a day after Astana: contact time, but no packets.
    expect(cell('TR', 'TR')).toEqual({ giver: 'TR', receiver: 'TR', contactMinutes: 0.25, packets: 0 });
    const kzTr = matrix.balances.find((b) => b.a === 'KZ' && b.b === 'TR')!;
    expect(kzTr.packets).toBe(15);
    expect(kzTr.contactMinutes).toBeCloseTo(0.25);
    const azUz = matrix.balances.find((b) => b.a === 'AZ' && b.b === 'UZ')!;
    expect(azUz.packets).toBe(15);
  });

  it('adds up: what all partners gave equals what all received, and the balances sum to zero', async () => {
    const matrix = fairShareMatrix(await raw.store.contactTotals(WINDOW.from, WINDOW.to), owners, WINDOW);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const given = DICTIONARY.partners
      .map((p) => p.id)
      .map((p) => sum(matrix.cells.filter((c) => c.giver === p).map((c) => c.packets)));
    const received = DICTIONARY.partners
      .map((p) => p.id)
      .map((p) => sum(matrix.cells.filter((c) => c.receiver === p).map((c) => c.packets)));
    expect(sum(given)).toBe(sum(received));
    expect(sum(given)).toBe(150);
    // Each partner's net position, from the pairs' balances, nets to zero across the constellation.
    const net = DICTIONARY.partners
      .map((p) => p.id)
      .map((p) => sum(matrix.balances.map((b) => (b.a === p ? b.packets : b.b === p ? -b.packets : 0))));
    expect(sum(net)).toBe(0);
    expect(net).toEqual(DICTIONARY.partners.map((p) => p.id).map((p, i) => given[i]! - received[i]!));
    // The archive holds the same unique packets the matrix counts.
    const delivered = await raw.store.deliveries(WINDOW.from, WINDOW.to);
    expect(delivered).toHaveLength(150);
  });
});

describe('fair-share thresholds', () => {
  const balance = (packets: number) => [{ a: 'KZ' as const, b: 'TR' as const, packets, contactMinutes: 0 }];

  it('raises one event when a balance crosses out, one when it comes back, and starts again each month', () => {
    const watch = new FairShareWatch();
    const limits = { maxBalancePackets: 100 };
    expect(watch.check('2026-11', balance(50), limits, 1)).toEqual([]);
    const out = watch.check('2026-11', balance(-150), limits, 2);
    expect(out.map((e) => [e.code, e.severity])).toEqual([['FAIR_SHARE_IMBALANCE', 'warning']]);
    expect(out[0]!.text).toMatch(/^fair share TR–KZ: TR delivered 150 packets/);
    expect(watch.check('2026-11', balance(-170), limits, 3)).toEqual([]);
    expect(watch.check('2026-11', balance(20), limits, 4).map((e) => e.code)).toEqual(['FAIR_SHARE_WITHIN']);
    expect(watch.check('2026-12', balance(0), limits, 5)).toEqual([]);
  });

  describe('in the server', () => {
    let server: RunningServer;
    beforeAll(async () => {
      const store = createSqliteStore({ file: ':memory:' });
      await commitLedgerFixture(store);
      server = await startServer({
        store,
        clock: new ManualClock(LEDGER_CLOSE_MS),
        auth: createMemoryAuth({ ...openAgreement(), fairShare: { maxBalancePackets: 10 } }),
      });
    });
    afterAll(() => server.stop());

    it('raises the event at housekeeping and serves the matrix, also as CSV', async () => {
      await server.app.tick();
      await server.app.flush();
      const events = await server.session.json<EventsResponse>(
        `/api/events?from=${LEDGER_T0}&to=${LEDGER_CLOSE_MS + 1}`,
      );
      const codes = events.body.events.filter((e) => e.code === 'FAIR_SHARE_IMBALANCE').map((e) => e.text);
      expect(codes).toHaveLength(2);
      expect(codes.some((t) => t.startsWith('fair share KZ–TR'))).toBe(true);
      expect(codes.some((t) => t.startsWith('fair share AZ–UZ'))).toBe(true);
      const res = await server.session.json<FairShareResponse>(
        `/api/fairshare?from=${WINDOW.from}&to=${WINDOW.to}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.cells.find((c) => c.giver === 'KZ' && c.receiver === 'TR')!.packets).toBe(60);
      const csv = await server.session.fetch(`/api/fairshare?from=${WINDOW.from}&to=${WINDOW.to}&format=csv`);
      const lines = (await csv.text()).trim().split('\n');
      expect(lines).toHaveLength(1 + DICTIONARY.partners.map((p) => p.id).length ** 2);
      expect(lines).toContain(
        `KZ,TR,${new Date(WINDOW.from).toISOString()},${new Date(WINDOW.to).toISOString()},1,60`,
      );
    });

    it.each(['from=10&to=5', `from=0&to=${200 * 86_400_000}`, 'from=abc', 'format=pdf', 'from[]=1', 'to=-1'])(
      'answers 400 to %s',
      async (query) => {
        const res = await server.session.json<{ error: string }>(`/api/fairshare?${query}`);
        expect(res.status).toBe(400);
      },
    );
  });
});
