import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PARTNER_IDS } from '../../shared/dictionary';
import type { UtilizationResponse } from '../../shared/protocol';
import { PARTNER_COLOURS, QUANTITY_COLOURS } from '../../client/lib/partnerColours';
import { T0 } from '../fixtures/dashboard';
import { renderAt, seedStore } from '../helpers/client';

function answerUtilization(body: UtilizationResponse): void {
  globalThis.fetch = () =>
    Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
}

const utilization = (recordingFromMs: number | null): UtilizationResponse => ({
  from: T0 - 24 * 3600_000,
  to: T0,
  recordingFromMs,
  partners: PARTNER_IDS.map((partnerId) => ({
    partnerId,
    contactMinutes: 60,
    downlinkMinutes: 6,
    bytesDelivered: 0,
  })),
  spacecraft: [],
});

describe('partner colours', () => {
  it('give each partner its own colour, and none to a quantity that is not a partner', () => {
    const colours = PARTNER_IDS.map((p) => PARTNER_COLOURS[p].toLowerCase());
    expect(new Set(colours).size).toBe(PARTNER_IDS.length);
    for (const q of Object.values(QUANTITY_COLOURS)) expect(colours).not.toContain(q.toLowerCase());
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
});
