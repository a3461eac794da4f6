// The canvas live chart as a component: it paints from the store's ring buffer, tells screen readers the
// latest value, and takes new samples without React rendering again.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChartLegend } from '../../client/charts/ChartLegend';
import { LiveChart, type LiveAnnotating } from '../../client/charts/LiveChart';
import type { ChartOverlays } from '../../client/charts/annotations';
import { ortaqStore } from '../../client/store';
import { DICTIONARY } from '../../server/mission/shipped';
import { RecordingCanvas } from '../helpers/canvas';
import { seedStore } from '../helpers/client';
import { sample, T0 } from '../fixtures/dashboard';

const VOLTAGE = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_voltage')!;
const WIDTH_PX = 600;
const LIVE_COLOUR = '#58a6ff';

let canvas: RecordingCanvas;
let commits: number;

const chart = (annotating?: LiveAnnotating) => (
  <Profiler id="chart" onRender={() => (commits += 1)}>
    <LiveChart
      spacecraftId="kazeosat-1"
      parameter={VOLTAGE}
      windowMs={15 * 60_000}
      {...(annotating ? { annotating } : {})}
    />
  </Profiler>
);

function renderChart(annotating?: LiveAnnotating) {
  return render(chart(annotating));
}

const chartBox = () => document.querySelector<HTMLElement>('[data-testid="live-chart-eps.batt_voltage"]')!;
const chartLabel = () => chartBox().querySelector('canvas')!.getAttribute('aria-label') ?? '';

beforeEach(() => {
  seedStore();
  commits = 0;
  canvas = new RecordingCanvas();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => canvas as never);
  // happy-dom lays nothing out: give every element the width of a chart panel.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
    width: WIDTH_PX,
    height: 160,
  } as DOMRect);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('LiveChart', () => {
  it('paints the buffered samples and names the parameter, latest value and unit for screen readers', () => {
    // 2 Hz for 10 minutes: more samples than the plot has pixels.
    const samples = Array.from({ length: 1200 }, (_, i) =>
      sample(T0 - 600_000 + i * 500, 30 + (i % 10) / 10),
    );
    samples.push(sample(T0, 31.25));
    ortaqStore.getState().samples.ingest(samples);
    renderChart();

    const box = chartBox();
    const plotWidth = Number(box.dataset.plotWidth);
    expect(plotWidth).toBeGreaterThan(0);
    expect(plotWidth).toBeLessThan(WIDTH_PX);
    const points = Number(box.dataset.points);
    expect(points).toBeGreaterThan(plotWidth / 2);
    expect(points).toBeLessThanOrEqual(2 * plotWidth);
    // One live polyline through every drawn point, in the theme's series colour.
    expect(canvas.strokedPaths(LIVE_COLOUR)).toEqual([{ segments: points - 1, lineDash: [] }]);
    expect(canvas.texts()).toContain('V');
    expect(chartLabel()).toMatch(/^Battery voltage: 31\.25 V at .*UTC$/);
  });

  it('sizes its canvas in device pixels and draws in CSS pixels', () => {
    Object.defineProperty(window, 'devicePixelRatio', { value: 2, configurable: true });
    try {
      renderChart();
      const element = chartBox().querySelector('canvas')!;
      expect(element.width).toBe(2 * WIDTH_PX);
      expect(element.height).toBe(2 * 160);
      expect(canvas.calls[0]).toMatchObject({ op: 'setTransform', args: [2, 0, 0, 2, 0, 0] });
    } finally {
      Object.defineProperty(window, 'devicePixelRatio', { value: 1, configurable: true });
    }
  });

  it('says when there is no data, on the canvas and in its text alternative', () => {
    renderChart();
    expect(canvas.texts()).toContain('No data in this window');
    expect(chartLabel()).toBe('Battery voltage: no data in this window');
    expect(chartBox().dataset.points).toBe('0');
  });

  it('says when the newest sample is stale, in words as well as colour', () => {
    ortaqStore.getState().samples.ingest([sample(T0 - 120_000, 30), sample(T0 - 90_000, 30.5)]);
    renderChart();
    expect(canvas.texts().some((t) => t.startsWith('◷ Stale: last sample'))).toBe(true);
    expect(chartLabel()).toMatch(/^Battery voltage: 30\.5 V at .* UTC \(Stale\)$/);
  });

  it('repaints for new samples without rendering React again', async () => {
    ortaqStore.getState().samples.ingest([sample(T0 - 2000, 30)]);
    renderChart();
    const rendered = commits;
    canvas.reset();
    act(() => ortaqStore.getState().samples.ingest([sample(T0 + 100, 32.5)]));
    await waitFor(() => expect(chartLabel()).toContain('32.5 V'), { timeout: 3000 });
    expect(canvas.strokedPaths(LIVE_COLOUR)).toHaveLength(1);
    expect(commits).toBe(rendered);
  });
});

const ANNOTATION_COLOUR = '#56d4bc';
/** One logged range and one alarm onset inside the 15-minute window, one range long before it. */
const OVERLAYS: ChartOverlays = {
  bands: [
    { id: 'glint', fromMs: T0 - 300_000, toMs: T0 - 200_000, label: 'Sun glint — operator-kz' },
    { id: 'last-week', fromMs: T0 - 7 * 86_400_000, toMs: T0 - 6 * 86_400_000, label: 'Old — admin' },
  ],
  markers: [{ t: T0 - 100_000, severity: 'critical', label: 'Red · Battery voltage' }],
};

describe('LiveChart annotations', () => {
  it('draws logged ranges as bands and alarm onsets as markers, and takes new ones without starting again', async () => {
    ortaqStore.getState().samples.ingest([sample(T0 - 2000, 30)]);
    const { rerender } = renderChart({ overlays: OVERLAYS });
    const box = chartBox();
    expect(box.dataset.annotations).toBe('glint');
    expect(box.dataset.markers).toBe('1');
    expect(canvas.texts()).toEqual(expect.arrayContaining(['✎', '▲']));
    // The band's edges in the annotation colour.
    expect(canvas.strokedPaths(ANNOTATION_COLOUR)).toHaveLength(1);
    const element = box.querySelector('canvas')!;
    // A painter started again sizes its canvas again: a new value tells whether it was.
    element.width = 1;
    const next = { ...OVERLAYS, bands: [...OVERLAYS.bands, { ...OVERLAYS.bands[0]!, id: 'later' }] };
    rerender(chart({ overlays: next }));
    await waitFor(() => expect(box.dataset.annotations).toBe('glint later'), { timeout: 3000 });
    expect(element.width).toBe(1);
  });

  it('offers a dragged range to who may annotate: saved as a shift-log entry of the spacecraft and parameter', async () => {
    const posted: unknown[] = [];
    globalThis.fetch = (_url: RequestInfo | URL, init?: RequestInit) => {
      posted.push(JSON.parse(String(init?.body)));
      return Promise.resolve(new Response(JSON.stringify({ id: 'new' }), { status: 201 }));
    };
    let saved = 0;
    renderChart({ overlays: OVERLAYS, onAnnotated: () => (saved += 1) });
    const box = chartBox();
    fireEvent.pointerDown(box, { button: 0, clientX: 200 });
    fireEvent.pointerMove(box, { clientX: 350 });
    fireEvent.pointerMove(box, { clientX: 500 });
    fireEvent.pointerUp(box, { clientX: 500 });
    fireEvent.change(await screen.findByTestId('annotation-text'), { target: { value: 'Wheel noise' } });
    fireEvent.click(screen.getByTestId('annotation-save'));
    await waitFor(() => expect(saved).toBe(1));
    expect(screen.queryByTestId('annotation-form')).toBeNull();
    const [entry] = posted as {
      text: string;
      spacecraft: string[];
      parameters: string[];
      range: { fromMs: number; toMs: number };
    }[];
    expect(entry).toMatchObject({
      text: 'Wheel noise',
      spacecraft: ['kazeosat-1'],
      parameters: ['eps.batt_voltage'],
    });
    // 300 of the plot's 512 px of a 15-minute window, ending before now.
    const spanMs = entry!.range.toMs - entry!.range.fromMs;
    expect(spanMs).toBeGreaterThan(8 * 60_000);
    expect(spanMs).toBeLessThan(9 * 60_000);
    expect(entry!.range.toMs).toBeLessThan(T0 + 5000);
  });

  it('offers nothing to who may only read', () => {
    renderChart({ overlays: OVERLAYS });
    const box = chartBox();
    fireEvent.pointerDown(box, { button: 0, clientX: 200 });
    fireEvent.pointerMove(box, { clientX: 500 });
    fireEvent.pointerUp(box, { clientX: 500 });
    expect(screen.queryByTestId('annotation-form')).toBeNull();
  });
});

describe('ChartLegend', () => {
  it('explains what each kind of chart draws: limit lines live, ranges and markers in history', () => {
    render(<ChartLegend variant="live" />);
    expect(screen.getByText('yellow limit')).toBeTruthy();
    expect(screen.getByText('red limit')).toBeTruthy();
    expect(screen.queryByText('min–max of each bucket')).toBeNull();
    cleanup();
    render(<ChartLegend variant="history" />);
    expect(screen.getByText('min–max of each bucket')).toBeTruthy();
    expect(screen.queryByText('yellow limit')).toBeNull();
  });
});
