// A year of contact records on SQLite (6 spacecraft × 6 stations, ~60,000 passes), then every aggregate view
// of the Stations page and of the contact routes as they compute it: availability per station and partner
// by week and by month, coverage per spacecraft, and a page of the record list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { indexDictionary } from '../../shared/dictionary';
import { CONTACT_OUTCOMES, type ContactRecord } from '../../shared/protocol/contacts';
import { createSqliteStore } from '../../server/archive/sqlite/store';
import type { Store } from '../../server/archive/types';
import { computeAvailability, computeCoverage } from '../../server/contacts/aggregates';
import { DICTIONARY } from '../../server/mission/shipped';
import { latencyRow, valueRow } from '../harness/rows';
import type { BenchContext, ResultRow } from '../harness/types';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 11, 1);
const DAYS = 365;
/** Passes a day of each spacecraft over each station: 36 pairs × 4.6 × 365 ≈ 60,000 a year. */
const PASSES_PER_DAY = 4.6;
const BATCH = 5000;

/** Mostly completed, some partial and missed with each cause, a few planned and not expected. */
function outcomeOf(n: number): Pick<ContactRecord, 'outcome' | 'cause'> {
  const roll = (n * 2_654_435_761) % 100;
  if (roll < 80) return { outcome: 'completed', cause: null };
  if (roll < 88)
    return { outcome: 'partial', cause: (['station', 'spacecraft', 'unknown'] as const)[roll % 3]! };
  if (roll < 95)
    return { outcome: 'missed', cause: (['station', 'spacecraft', 'unknown'] as const)[roll % 3]! };
  return { outcome: CONTACT_OUTCOMES[3 + (roll % 2)]!, cause: null };
}

function* yearOfRecords(): Generator<ContactRecord> {
  const spacecraft = DICTIONARY.spacecraft.map((s) => s.id);
  const stations = DICTIONARY.stations.map((s) => s.id);
  const spacingMs = DAY_MS / PASSES_PER_DAY;
  let n = 0;
  for (const [i, spacecraftId] of spacecraft.entries()) {
    for (const [j, stationId] of stations.entries()) {
      const offset = (i * stations.length + j) * 37_000;
      for (let aosMs = T0 + offset; aosMs < T0 + DAYS * DAY_MS; aosMs += spacingMs) {
        const aos = Math.round(aosMs);
        yield {
          spacecraftId,
          stationId,
          aosMs: aos,
          losMs: aos + 9 * 60_000,
          maxElevationDeg: 10 + (n % 70),
          ...outcomeOf(n++),
          settled: true,
          heardFraction: 1,
          packetsExpected: 540,
          packetsReceived: 530,
          framesExpected: 80,
          framesReceived: 79,
          lostFrames: 1,
          gaps: [],
          bestSnrDb: 14,
          meanSnrDb: 11,
          judgedAtMs: aos + 11 * 60_000,
        };
      }
    }
  }
}

async function fill(store: Store): Promise<{ records: number; fillMs: number }> {
  const start = performance.now();
  let batch: ContactRecord[] = [];
  let records = 0;
  for (const record of yearOfRecords()) {
    batch.push(record);
    if (batch.length === BATCH) {
      await store.saveContacts(batch);
      records += batch.length;
      batch = [];
    }
  }
  await store.saveContacts(batch);
  return { records: records + batch.length, fillMs: performance.now() - start };
}

async function timed(repeats: number, work: () => Promise<unknown>): Promise<number[]> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function run(context: BenchContext): Promise<ResultRow[]> {
  const repeats = context.quick ? 5 : 15;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ortaq-bench-contacts-'));
  const store = createSqliteStore({ file: path.join(dir, 'ortaq.sqlite'), synchronous: 'NORMAL' });
  const index = indexDictionary(DICTIONARY);
  const year = { fromMs: T0, toMs: T0 + DAYS * DAY_MS };
  try {
    const { records, fillMs } = await fill(store);
    context.log(`contacts: ${records} records in ${Math.round(fillMs)} ms`);
    const workload = `${records} contact records (a year, 6 sc × 6 stations), SQLite`;
    const views: [string, () => Promise<unknown>][] = [
      ['availability by week, a year', () => computeAvailability(store, index, { ...year, period: 'week' })],
      [
        'availability by month, a year',
        () => computeAvailability(store, index, { ...year, period: 'month' }),
      ],
      [
        "availability by week, a year, one partner's 4 spacecraft",
        () =>
          computeAvailability(store, index, {
            ...year,
            period: 'week',
            spacecraftIds: ['gokturk-2', 'gokturk-1a', 'imece', 'ortaq-1'],
          }),
      ],
      ['coverage per spacecraft, a year', () => computeCoverage(store, index, year)],
      [
        'record list, a page of 1000 missed or partial in 93 days',
        () =>
          store.contacts({
            fromMs: T0 + 200 * DAY_MS,
            toMs: T0 + 293 * DAY_MS,
            outcomes: ['missed', 'partial'],
            limit: 1001,
          }),
      ],
    ];
    const rows: ResultRow[] = [
      valueRow(
        { bench: 'contacts', metric: 'contact records written, a year', workload, unit: 'ms' },
        fillMs,
      ),
    ];
    for (const [metric, work] of views) {
      rows.push(
        latencyRow(
          {
            bench: 'contacts',
            metric,
            workload,
            unit: 'ms',
            target: { value: 200, better: 'lower', on: 'median' },
          },
          await timed(repeats, work),
        ),
      );
    }
    return rows;
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
