import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Partner } from '../../shared/dictionary';
import { DICTIONARY } from '../../server/mission/shipped';
import type { UtilizationResponse } from '../../shared/protocol';
import type { FairShareResponse } from '../../shared/protocol/fairShare';
import { shadeStep } from '../../client/views/Partners/FairShareMatrix';
import { partnerColours, QUANTITY_COLOURS } from '../../client/lib/partnerColours';
import { T0 } from '../fixtures/dashboard';
import { ortaqStore } from '../../client/store';
import { renderAt, seedStore } from '../helpers/client';

const json = (body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));

/** KZ's stations brought 600 of TR's packets, TR's 150 of KZ's; nothing else. */
const fairShare: FairShareResponse = {
  from: T0 - 24 * 3600_000,
  to: T0,
  cells: DICTIONARY.partners
    .map((p) => p.id)
    .flatMap((giver) =>
      DICTIONARY.partners
        .map((p) => p.id)
        .map((receiver) => {
          const packets =
            giver === 'KZ' && receiver === 'TR' ? 600 : giver === 'TR' && receiver === 'KZ' ? 150 : 0;
          return { giver, receiver, packets, contactMinutes: packets / 60 };
        }),
    ),
  balances: [{ a: 'KZ', b: 'TR', packets: 450, contactMinutes: 7.5 }],
};

function answerUtilization(body: UtilizationResponse): void {
  globalThis.fetch = (input: RequestInfo | URL) =>
    String(input).includes('/api/fairshare') ? json(fairShare) : json(body);
}

const utilization = (recordingFromMs: number | null): UtilizationResponse => ({
  from: T0 - 24 * 3600_000,
  to: T0,
  recordingFromMs,
  partners: DICTIONARY.partners.map(({ id: partnerId }) => ({
    partnerId,
    contactMinutes: 60,
    downlinkMinutes: 6,
    bytesDelivered: 0,
  })),
  spacecraft: [],
});

describe('partner colours', () => {
  const distinct = (partners: Partner[]) => {
    const colours = Object.values(partnerColours(partners)).map((c) => c.toLowerCase());
    expect(colours).toHaveLength(partners.length);
    expect(new Set(colours).size).toBe(partners.length);
    for (const q of Object.values(QUANTITY_COLOURS)) expect(colours).not.toContain(q.toLowerCase());
    return colours;
  };

  it('give each partner its own colour, and none to a quantity that is not a partner', () => {
    const colours = distinct(DICTIONARY.partners);
    // The shipped mission declares them: the dashboard wears the mission's colours.
    expect(colours).toEqual(DICTIONARY.partners.map((p) => p.colour!.toLowerCase()));
  });

  it('give a partner the mission declares without a colour one no other partner wears', () => {
    const joined: Partner[] = [
      ...DICTIONARY.partners,
      { id: 'MN', name: 'Mongolia', country: 'MN' },
      { id: 'TJ', name: 'Tajikistan', country: 'TJ' },
      // A declared colour that is also the first spare one: the spare palette skips it.
      { id: 'AM', name: 'Armenia', country: 'AM', colour: '#332288' },
    ];
    const colours = distinct(joined);
    expect(colours.slice(0, DICTIONARY.partners.length)).toEqual(
      DICTIONARY.partners.map((p) => p.colour!.toLowerCase()),
    );
  });
});

describe('partners view', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it('says which part of the period utilization covers, and writes bytes as people do', async () => {
    answerUtilization(utilization(T0 - 3 * 3600_000));
    renderAt('/partners?period=24h');
    const coverage = await screen.findByTestId('utilization-coverage', {}, { timeout: 10_000 });
    expect(coverage.textContent).toBe(
      'Contact time counted from 25/11/2026 09:00 to 25/11/2026 12:00 UTC: only while Ortaq was recording',
    );
    const table = screen.getByTestId('utilization-table');
    expect(table.textContent).toContain('0 B');
    expect(table.textContent).not.toContain('byte');
    expect(screen.getByTestId('utilization-csv')).toBeTruthy();
  });

  it('says so when nothing was recorded in the period', async () => {
    answerUtilization(utilization(null));
    renderAt('/partners?period=24h');
    const coverage = await screen.findByTestId('utilization-coverage', {}, { timeout: 10_000 });
    expect(coverage.textContent).toBe('Ortaq recorded nothing in this period: no contact time is counted');
  });

  it('shows fair share as a matrix with its numbers, shaded by packets, and the balance of each pair', async () => {
    answerUtilization(utilization(T0 - 3 * 3600_000));
    renderAt('/partners?period=90d');
    const matrix = await screen.findByTestId('fair-share-matrix', {}, { timeout: 10_000 });
    const rows = [...matrix.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(DICTIONARY.partners.map((p) => p.id).length);
    const kzRow = [...rows[DICTIONARY.partners.map((p) => p.id).indexOf('KZ')]!.querySelectorAll('td')];
    const toTr = kzRow[DICTIONARY.partners.map((p) => p.id).indexOf('TR')]!;
    expect(toTr.textContent).toBe('600 packets10 min');
    expect(toTr.dataset.step).toBe('4');
    const trRow = [...rows[DICTIONARY.partners.map((p) => p.id).indexOf('TR')]!.querySelectorAll('td')];
    expect(trRow[DICTIONARY.partners.map((p) => p.id).indexOf('KZ')]!.dataset.step).toBe('2');
    expect(kzRow[0]!.dataset.step).toBe('0');
    expect(screen.getByTestId('fair-share-balances').textContent).toContain('Kazakhstan ahead of Türkiye');
    expect(screen.getByTestId('fair-share-csv')).toBeTruthy();
    expect(screen.getByRole('button', { name: '90 days', pressed: true })).toBeTruthy();
  });
});

describe('fair-share shades', () => {
  it('keep zero apart from the smallest delivery and give the largest the darkest step', () => {
    expect(shadeStep(0, 100)).toBe(0);
    expect(shadeStep(1, 100)).toBe(1);
    expect(shadeStep(100, 100)).toBe(4);
    expect(shadeStep(5, 0)).toBe(0);
  });
});

describe('a partner the mission declares that no translation file knows', () => {
  beforeEach(() => seedStore());
  afterEach(cleanup);

  it("is offered in the fleet filter under the mission's name for it in the interface language", async () => {
    const state = ortaqStore.getState();
    state.setDictionary({
      ...DICTIONARY,
      partners: [
        ...DICTIONARY.partners,
        { id: 'TJ', name: 'Tajikistan', country: 'TJ', names: { ru: 'Таджикистан' } },
      ],
    });
    state.setLocale('ru');
    renderAt('/fleet');
    const option = await screen.findByRole('option', { name: 'Таджикистан' }, { timeout: 10_000 });
    expect((option as HTMLOptionElement).value).toBe('TJ');
    // Ortaq's own partners keep the translation files' names.
    expect(screen.getByRole('option', { name: 'Казахстан' })).toBeTruthy();
  });
});
