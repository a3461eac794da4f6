// Contact outcomes in the Stations view: the timeline colours, patterns and marks each judged pass by its
// outcome and names the cause; the legend explains every mark; the per-pass comparison shows the record's
// evidence; availability and coverage tables show the server's figures, by week or month, and a refusal
// of the agreement reads as "not shared".
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ortaqStore } from '../../client/store';
import { OUTCOME_LOOK, indexContacts } from '../../client/views/Stations/contactLook';
import { AvailabilityTable } from '../../client/views/Stations/ContactAvailability';
import { CoverageTable } from '../../client/views/Stations/ContactCoverage';
import { PassComparison } from '../../client/views/Stations/PassComparison';
import { PassTimeline } from '../../client/views/Stations/PassTimeline';
import {
  CONTACT_OUTCOMES,
  type AvailabilityResponse,
  type AvailabilityRow,
  type ContactRecord,
} from '../../shared/protocol/contacts';
import type { Pass } from '../../shared/protocol/api';
import { DICTIONARY } from '../../server/mission/shipped';
import { T0 } from '../fixtures/dashboard';
import { contactRecord } from '../helpers/contacts';
import { renderAt, renderInRouter, seedStore } from '../helpers/client';
import { untranslatedStrings } from '../helpers/untranslated';
import { meFixture } from '../fixtures/me';

const MIN = 60_000;

const pass = (stationId: string, aosMs: number, frames = 0): Pass =>
  ({
    spacecraftId: 'kazeosat-1',
    stationId,
    aosMs,
    losMs: aosMs + 10 * MIN,
    maxElevationDeg: 40,
    tcaMs: aosMs + 5 * MIN,
    ...(frames > 0 && {
      reception: { stationId, frames, uniqueFrames: frames, meanSnrDb: 8, bestSnrDb: 11, gaps: [] },
    }),
  }) as unknown as Pass;

const completed = pass('astana', T0 - 120 * MIN, 600);
const missed = pass('ankara', T0 - 90 * MIN);
const partial = pass('baku', T0 - 60 * MIN, 300);
const upcoming = pass('tashkent', T0 + 60 * MIN);
const RECORDS: ContactRecord[] = [
  contactRecord({ stationId: 'astana', aosMs: completed.aosMs }),
  contactRecord({
    stationId: 'ankara',
    aosMs: missed.aosMs,
    outcome: 'missed',
    cause: 'station',
    heardFraction: 0,
    packetsReceived: 0,
    framesReceived: null,
    framesExpected: null,
  }),
  contactRecord({
    stationId: 'baku',
    aosMs: partial.aosMs,
    outcome: 'partial',
    cause: 'spacecraft',
    settled: false,
    heardFraction: 0.5,
    packetsReceived: 300,
    framesReceived: 296,
    framesExpected: 600,
    lostFrames: 4,
    gaps: [{ fromMs: partial.aosMs + 2 * MIN, toMs: partial.aosMs + 7 * MIN }],
  }),
];

function renderTimeline(passes = [completed, missed, partial, upcoming], records = RECORDS) {
  return renderInRouter(
    <PassTimeline
      passes={passes}
      groups={[]}
      fromMs={T0 - 3 * 60 * MIN}
      toMs={T0 + 3 * 60 * MIN}
      nowMs={T0}
      selectedGroupId={null}
      onSelect={() => undefined}
      contacts={indexContacts(records)}
    />,
  );
}

const bar = (stationId: string) =>
  [...document.querySelectorAll<SVGGElement>('.pass-bar')].find((g) =>
    g.getAttribute('aria-label')?.includes(DICTIONARY.stations.find((s) => s.id === stationId)!.name),
  )!;

beforeEach(() => {
  seedStore();
  // happy-dom lays nothing out: give the timeline the width of a panel.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width: 900,
    height: 300,
  } as DOMRect);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('pass timeline outcomes', () => {
  it('draws each judged pass in its outcome, with a pattern and mark, and names the cause', () => {
    renderTimeline();
    const missedBar = bar('ankara');
    expect(missedBar.dataset.outcome).toBe('missed');
    expect(missedBar.dataset.cause).toBe('station');
    expect(missedBar.getAttribute('aria-label')).toContain('Missed, cause: station');
    expect(missedBar.querySelector('title')!.textContent).toContain('Missed, cause: station');
    const fills = [...missedBar.querySelectorAll('rect')].map((r) => r.getAttribute('fill'));
    expect(fills).toContain(OUTCOME_LOOK.missed.colour);
    expect(fills.some((f) => f?.startsWith('url(#') && f.endsWith('-missed)'))).toBe(true);
    expect(missedBar.querySelector('text')!.textContent).toBe('✗');
    // The pattern a bar names is drawn in the same drawing.
    const patternId = fills.find((f) => f?.startsWith('url(#'))!.slice(5, -1);
    expect(document.getElementById(patternId)?.tagName.toLowerCase()).toBe('pattern');

    const partialBar = bar('baku');
    expect(partialBar.dataset.outcome).toBe('partial');
    expect(partialBar.getAttribute('aria-label')).toContain('Partial, cause: spacecraft (provisional)');
    expect(bar('astana').dataset.outcome).toBe('completed');
    expect(bar('astana').getAttribute('aria-label')).not.toContain('cause');
    // Upcoming: no record, its spacecraft's colour.
    expect(bar('tashkent').dataset.outcome).toBeUndefined();
    expect(bar('tashkent').querySelector('rect')!.getAttribute('fill')).not.toBe(OUTCOME_LOOK.missed.colour);
  });

  it("says a past pass's outcome is not shared when the agreement withholds the spacecraft's records", () => {
    // This viewer's partner sees KazEOSat-1 at status level: the server sends none of its contact records.
    ortaqStore.getState().signedIn(meFixture('viewer', 'TR', { 'kazeosat-1': 'status' }));
    renderTimeline([missed, upcoming], []);
    expect(bar('ankara').dataset.shared).toBe('false');
    expect(bar('ankara').getAttribute('aria-label')).toContain('Not shared with your organisation');
    // A pass still to come is not judged by anyone yet: nothing is withheld.
    expect(bar('tashkent').getAttribute('aria-label')).not.toContain('Not shared');
    cleanup();
    ortaqStore.getState().signedIn(meFixture());
    renderTimeline();
    expect(bar('ankara').dataset.shared).toBe('true');
    expect(bar('ankara').getAttribute('aria-label')).not.toContain('Not shared');
  });

  it('tells outcomes apart without colour: every outcome has its own mark and its own pattern', () => {
    const marks = CONTACT_OUTCOMES.map((o) => OUTCOME_LOOK[o].mark);
    const patterns = CONTACT_OUTCOMES.map((o) => OUTCOME_LOOK[o].pattern);
    expect(new Set(marks).size).toBe(CONTACT_OUTCOMES.length);
    expect(new Set(patterns).size).toBe(CONTACT_OUTCOMES.length);
  });

  it('has a legend naming every outcome beside a swatch drawn like the bars', () => {
    renderTimeline();
    const legend = screen.getByTestId('outcome-legend');
    for (const outcome of CONTACT_OUTCOMES) {
      const item = legend.querySelector(`[data-outcome=${outcome}]`)!;
      expect(item.textContent).toContain(OUTCOME_LOOK[outcome].mark);
      expect(item.querySelector('rect')!.getAttribute('fill')).toBe(OUTCOME_LOOK[outcome].colour);
    }
    expect(legend.textContent).toContain('Completed');
    expect(legend.textContent).toContain('Planned outage');
    expect(legend.textContent).toContain('Not expected');
  });

  it('is translated: no English left on a Kazakh timeline', () => {
    act(() => ortaqStore.getState().setLocale('kk'));
    const { container } = renderTimeline();
    expect(untranslatedStrings(container, 'kk')).toEqual([]);
    expect(bar('ankara').getAttribute('aria-label')).toContain('Өткізіп алынды, себебі: станция');
  });
});

describe('per-pass comparison evidence', () => {
  it("shows each station's outcome, cause and evidence, and says when a pass is not judged yet", () => {
    const group = {
      id: 'g',
      spacecraftId: 'kazeosat-1',
      aosMs: partial.aosMs,
      losMs: partial.losMs,
      passes: [partial, { ...missed, aosMs: partial.aosMs + 1000 }],
    };
    renderInRouter(
      <PassComparison
        group={group}
        candidates={[group]}
        contacts={indexContacts(RECORDS)}
        onSelect={() => undefined}
      />,
    );
    const row = screen.getByTestId('compare-outcome-baku').closest('tr')!;
    expect(within(row).getByTestId('compare-outcome-baku').textContent).toContain(
      'Partial, cause: spacecraft (provisional)',
    );
    expect(row.textContent).toContain('50 %');
    expect(row.textContent).toContain('1 gap');
    expect(row.textContent).toContain('300 / 600');
    expect(row.textContent).toContain('296 / 600');
    expect(row.textContent).toContain('lost 4');
    // No record for a pass the recorder has not judged.
    expect(screen.getByTestId('compare-outcome-ankara').textContent).toBe('not judged yet');
  });

  it('lists the longest gaps of a pass heard in bursts and counts the rest', () => {
    const gaps = Array.from({ length: 10 }, (_, i) => ({
      fromMs: partial.aosMs + i * 30_000,
      toMs: partial.aosMs + i * 30_000 + (i === 7 ? 20_000 : 6_000),
    }));
    const bursty = { ...partial, reception: { ...partial.reception!, gaps } } as Pass;
    const group = {
      id: 'g',
      spacecraftId: 'kazeosat-1',
      aosMs: bursty.aosMs,
      losMs: bursty.losMs,
      passes: [bursty],
    };
    renderInRouter(<PassComparison group={group} candidates={[]} onSelect={() => undefined} />);
    const cell = screen.getByRole<HTMLTableCellElement>('columnheader', { name: 'Gaps' });
    const gapsCell = cell.closest('table')!.querySelectorAll('tbody td')[cell.cellIndex - 1]!;
    expect(gapsCell.querySelectorAll('div')).toHaveLength(5);
    expect(gapsCell.textContent).toContain('20 s');
    expect(gapsCell.textContent).toContain('6 more');
  });
});

const row = (period: string, completed: number, partial: number, missed: number): AvailabilityRow => ({
  period,
  outcomes: { completed, partial, missed, planned: 1, not_expected: 0 },
  causes: { station: partial, spacecraft: missed, unknown: 0 },
  availability: completed + partial + missed === 0 ? null : completed / (completed + partial + missed),
});

const availability = (period: 'week' | 'month'): AvailabilityResponse => {
  const [a, b] = period === 'week' ? ['2026-W47', '2026-W48'] : ['2026-10', '2026-11'];
  return {
    from: T0 - 14 * 1440 * MIN,
    to: T0,
    period,
    stations: DICTIONARY.stations.map((s) => ({
      stationId: s.id,
      partnerId: s.partner,
      rows: s.id === 'astana' ? [row(a, 9, 1, 0), row(b, 3, 1, 1)] : [row(a, 0, 0, 0), row(b, 0, 0, 0)],
    })),
    partners: DICTIONARY.partners.map((p) => ({
      partnerId: p.id,
      rows: p.id === 'KZ' ? [row(a, 9, 1, 0), row(b, 3, 1, 1)] : [row(a, 0, 0, 0), row(b, 0, 0, 0)],
    })),
  };
};

describe('availability table', () => {
  it('shows the latest period by default: share completed, counts by outcome and by cause', () => {
    const chosen: string[] = [];
    renderInRouter(<AvailabilityTable body={availability('week')} onChoose={(p) => chosen.push(p)} />);
    const astana = screen.getByTestId('availability-station-astana');
    expect(astana.textContent).toContain('60 %');
    expect(astana.textContent).toContain('3 of 5');
    expect(astana.querySelector('[data-outcome=missed]')!.textContent).toBe('1');
    expect(astana.querySelector('[data-outcome=planned]')!.textContent).toBe('1');
    expect(astana.querySelector('[data-cause=station]')!.textContent).toBe('1');
    expect(astana.querySelector('[data-cause=spacecraft]')!.textContent).toBe('1');
    expect(screen.getByTestId('availability-partner-KZ').textContent).toContain('60 %');
    // A station without passes counted has no share, not 0 %.
    expect(
      screen.getByTestId('availability-station-ankara').querySelector('.availability-share')!.textContent,
    ).toBe('—');
    fireEvent.change(screen.getByTestId('availability-period'), { target: { value: '2026-W47' } });
    expect(chosen).toEqual(['2026-W47']);
  });

  it('shows the period chosen, and says so when nothing was recorded', () => {
    renderInRouter(
      <AvailabilityTable body={availability('week')} chosen="2026-W47" onChoose={() => undefined} />,
    );
    expect(screen.getByTestId('availability-station-astana').textContent).toContain('90 %');
    cleanup();
    const empty = availability('week');
    empty.stations = empty.stations.map((s) => ({ ...s, rows: s.rows.map((r) => row(r.period, 0, 0, 0)) }));
    empty.partners = empty.partners.map((p) => ({ ...p, rows: p.rows.map((r) => row(r.period, 0, 0, 0)) }));
    renderInRouter(<AvailabilityTable body={empty} onChoose={() => undefined} />);
    expect(screen.queryByTestId('availability-table')).toBeNull();
    expect(
      screen.getByText('No contact records yet: each pass is judged a few minutes after it ends.'),
    ).toBeTruthy();
  });

  it('switches between weeks and months on the Stations view, with the CSV of what is shown', async () => {
    const asked: string[] = [];
    globalThis.fetch = (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      const body = url.startsWith('/api/contacts/availability')
        ? availability(url.includes('period=month') ? 'month' : 'week')
        : url.startsWith('/api/contacts/coverage')
          ? { from: 0, to: 1, countedFromMs: null, countedToMs: null, spacecraft: [] }
          : null;
      if (body === null) return Promise.reject(new TypeError('no server'));
      return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
    };
    renderAt('/stations');
    await screen.findByText('2026-W48', {}, { timeout: 10_000 });
    const csv = screen.getByTestId('availability-csv');
    expect(csv.getAttribute('href')).toMatch(/^\/api\/contacts\/availability\?.*period=week.*format=csv/);
    fireEvent.click(screen.getByTestId('availability-month'));
    await screen.findByText('2026-11', {}, { timeout: 10_000 });
    expect(screen.getByTestId('availability-month').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('availability-csv').getAttribute('href')).toContain('period=month');
    expect(asked.some((u) => u.startsWith('/api/contacts/availability') && u.includes('period=month'))).toBe(
      true,
    );
  });

  it('says "not shared" when the agreement refuses the figures, and offers no retry', async () => {
    globalThis.fetch = (input: RequestInfo | URL) =>
      String(input).startsWith('/api/contacts')
        ? Promise.resolve(new Response(JSON.stringify({ error: 'forbidden' }), { status: 403 }))
        : Promise.reject(new TypeError('no server'));
    renderAt('/stations');
    const panel = await screen.findByTestId('availability', {}, { timeout: 10_000 });
    await waitFor(() =>
      expect(within(panel).getAllByText('Not shared with your organisation').length).toBe(2),
    );
    expect(within(panel).queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});

describe('coverage table', () => {
  it('gives each spacecraft its share of orbits with a completed contact, as a number and a bar', () => {
    renderInRouter(
      <CoverageTable
        body={{
          from: T0 - 7 * 1440 * MIN,
          to: T0,
          countedFromMs: T0 - 6 * 1440 * MIN,
          countedToMs: T0,
          spacecraft: [
            {
              spacecraftId: 'kazeosat-1',
              orbitPeriodMin: 98.4,
              orbits: 4,
              orbitsWithContact: 3,
              coverage: 0.75,
            },
            { spacecraftId: 'ortaq-1', orbitPeriodMin: 95, orbits: 0, orbitsWithContact: 0, coverage: null },
          ],
        }}
      />,
    );
    const kz = screen.getByTestId('coverage-kazeosat-1');
    expect(kz.textContent).toContain('75 %');
    expect(kz.textContent).toContain('3 of 4 orbits');
    expect(kz.textContent).toContain('98.4 min');
    expect(kz.querySelector<HTMLElement>('.coverage-bar > span')!.style.width).toBe('75%');
    expect(screen.getByTestId('coverage-ortaq-1').textContent).toContain('—');
  });
});
