// The canvas live chart's pure parts: decimation, tick choice, scene geometry, and what the painter draws.
import { beforeEach, describe, expect, it } from 'vitest';
import { drawChart, fitText, type ChartTheme } from '../../client/charts/chartCanvas';
import { niceStep, stepDigits, timeTicks, valueTicks } from '../../client/charts/axisTicks';
import {
  buildScene,
  chartStatus,
  CHART_STALE_MS,
  nearestByTime,
  overlayLabelsAt,
  plotRect,
  sceneX,
  timeAtX,
  type ChartText,
  type LinePoint,
} from '../../client/charts/chartScene';
import { downsampleMinMax } from '../../client/charts/downsample';
import { DICTIONARY } from '../../server/mission/shipped';
import { RecordingCanvas } from '../helpers/canvas';
import { T0 } from '../fixtures/dashboard';

const TEXT: ChartText = {
  value: (v, digits) => v.toFixed(digits),
  time: (ms) => new Date(ms).toISOString().slice(11, 19),
  state: (name) => name.toLowerCase(),
};
const VOLTAGE = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.batt_voltage')!;
const POWER_MODE = DICTIONARY.packets.flatMap((p) => p.parameters).find((p) => p.id === 'eps.power_mode')!;

describe('downsampleMinMax per pixel column', () => {
  // Noise with spikes every few hundred points: what a 10 Hz series looks like when squeezed into 300 px.
  const points = Array.from({ length: 36_000 }, (_, i) => ({
    t: T0 + i * 100,
    v: Math.sin(i / 300) + ((i * 7919) % 101) / 100 + (i % 997 === 0 ? 50 : 0),
  }));
  const fromMs = T0;
  const toMs = T0 + 3_600_000;
  const widthPx = 300;
  const column = (t: number) => Math.min(widthPx - 1, Math.floor(((t - fromMs) / (toMs - fromMs)) * widthPx));

  it('keeps the true minimum and maximum of every pixel column, at most two points each', () => {
    const out = downsampleMinMax(points, fromMs, toMs, widthPx);
    const expected = new Map<number, { min: number; max: number }>();
    for (const p of points) {
      const c = column(p.t);
      const e = expected.get(c) ?? { min: Infinity, max: -Infinity };
      expected.set(c, { min: Math.min(e.min, p.v), max: Math.max(e.max, p.v) });
    }
    const kept = new Map<number, number[]>();
    for (const p of out) kept.set(column(p.t), [...(kept.get(column(p.t)) ?? []), p.v]);
    expect(kept.size).toBe(expected.size);
    for (const [c, { min, max }] of expected) {
      const values = kept.get(c)!;
      expect(values.length).toBeLessThanOrEqual(2);
      expect(Math.min(...values)).toBe(min);
      expect(Math.max(...values)).toBe(max);
    }
  });
});

describe('valueTicks', () => {
  it('picks round steps of 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(0.07, 4)).toBeCloseTo(0.02, 12);
    expect(niceStep(4500, 4)).toBe(2000);
  });

  it('puts ticks inside the range, no more than asked, without float noise', () => {
    const { ticks, digits } = valueTicks(0.05, 0.95, 4);
    expect(ticks).toEqual([0.25, 0.5, 0.75]);
    expect(digits).toBe(2);
    const fine = valueTicks(-0.1234, 0.2345, 5);
    expect(fine.ticks.length).toBeLessThanOrEqual(6);
    for (const t of fine.ticks) {
      expect(t).toBeGreaterThanOrEqual(-0.1234);
      expect(t).toBeLessThanOrEqual(0.2345);
      expect(String(t).length).toBeLessThanOrEqual(5); // "0.1", "-0.05", never "0.30000000000000004"
    }
  });

  it('gives the fraction digits that tell neighbouring ticks apart', () => {
    expect(stepDigits(5)).toBe(0);
    expect(stepDigits(0.25)).toBe(2);
    expect(stepDigits(0.001)).toBe(3);
    expect(valueTicks(31.95, 32.1, 4).digits).toBe(2);
  });

  it('gives nothing for an empty range', () => {
    expect(valueTicks(3, 3, 4).ticks).toEqual([]);
  });
});

describe('timeTicks on a live window', () => {
  it('labels a 5-minute window every minute, on the minute', () => {
    const from = T0 + 12_345;
    const ticks = timeTicks(from, from + 5 * 60_000, 4);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) expect(t % 120_000).toBe(0);
  });
});

describe('buildScene', () => {
  const fromMs = T0;
  const toMs = T0 + 60_000;
  const points: LinePoint[] = [
    { t: T0 + 10_000, v: 30 },
    { t: T0 + 20_000, v: 31 },
    { t: T0 + 30_000, v: 32, playback: true },
    { t: T0 + 40_000, v: 32.5, playback: true },
    { t: T0 + 50_000, v: 33 },
  ];
  const scene = buildScene({ points, fromMs, toMs, parameter: VOLTAGE, width: 500, height: 160, text: TEXT });

  it('places every point inside the plot, time left to right and larger values higher', () => {
    const { plot } = scene;
    const xs = scene.lines.flatMap((l) => l.xs);
    const ys = scene.lines.flatMap((l) => l.ys);
    for (const x of xs) expect(x).toBeGreaterThanOrEqual(plot.left);
    for (const x of xs) expect(x).toBeLessThanOrEqual(plot.left + plot.width);
    for (const y of ys) expect(y).toBeGreaterThanOrEqual(plot.top);
    for (const y of ys) expect(y).toBeLessThanOrEqual(plot.top + plot.height);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(ys[0]).toBeGreaterThan(ys[4]!);
    expect(scene.pointCount).toBe(5);
  });

  it('draws realtime and playback runs apart', () => {
    expect(scene.lines.map((l) => [l.playback, l.xs.length])).toEqual([
      [false, 2],
      [true, 2],
      [false, 1],
    ]);
  });

  it('brings the near yellow limits into view, each drawn as a line at the edge of its band', () => {
    // Data 30–33 V, yellow limits at 27.2 and 33.4 V: both within the data's 3 V spread, so shown.
    expect(scene.domain[0]).toBeLessThan(27.2);
    expect(scene.domain[1]).toBeGreaterThan(33.4);
    const yellowLines = scene.limitLines.filter((l) => l.level === 'yellow');
    expect(yellowLines).toHaveLength(2);
    const yellowBands = scene.bands.filter((b) => b.level === 'yellow');
    for (const line of yellowLines) {
      expect(
        yellowBands.some((b) => Math.abs(b.top - line.y) < 1e-9 || Math.abs(b.bottom - line.y) < 1e-9),
      ).toBe(true);
    }
  });

  it('labels value ticks with the digits their step needs and time ticks in UTC', () => {
    expect(scene.yTicks.length).toBeGreaterThanOrEqual(2);
    expect(scene.yTicks.every((t) => /^\d+(\.\d+)?$/.test(t.label))).toBe(true);
    expect(scene.xTicks.map((t) => t.label)).toContain(TEXT.time(T0 + 30_000, {}));
  });

  it('gives an enum parameter one tick per state, named, and a stepped line', () => {
    const modes = buildScene({
      points: [{ t: T0 + 1000, v: 0 }],
      fromMs,
      toMs,
      parameter: POWER_MODE,
      width: 500,
      height: 160,
      text: TEXT,
    });
    expect(modes.yTicks.map((t) => t.label)).toEqual(['nominal', 'power_save', 'safe']);
    expect(modes.step).toBe(true);
  });

  it('labels no value axis without points, limits or states to scale it by', () => {
    const exposure = {
      ...VOLTAGE,
      id: 'imager.last_exposure',
      limits: undefined,
      time: { epoch: 'TAI' as const },
    };
    const empty = (parameter: typeof VOLTAGE, points: { t: number; v: number }[] = []) =>
      buildScene({ points, fromMs, toMs, parameter, width: 500, height: 160, text: TEXT }).yTicks.length;
    expect(empty(exposure)).toBe(0);
    // A point, or limits, give it a scale.
    expect(empty(exposure, [{ t: T0 + 1000, v: Date.UTC(2026, 10, 25) }])).toBeGreaterThan(0);
    expect(empty(VOLTAGE)).toBeGreaterThan(0);
  });

  it('maps a pointer position back to the time under it', () => {
    const x = sceneX(scene, T0 + 25_000);
    expect(timeAtX(scene, x)).toBeCloseTo(T0 + 25_000, 6);
  });
});

describe('nearestByTime and chartStatus', () => {
  const points = [10, 20, 30, 40].map((t) => ({ t, v: t }));

  it('finds the point closest in time', () => {
    expect(nearestByTime(points, 24)?.t).toBe(20);
    expect(nearestByTime(points, 26)?.t).toBe(30);
    expect(nearestByTime(points, -5)?.t).toBe(10);
    expect(nearestByTime(points, 99)?.t).toBe(40);
    expect(nearestByTime([], 5)).toBeUndefined();
  });

  it('tells no data, stale and live apart', () => {
    expect(chartStatus(undefined, T0, T0 - 60_000)).toBe('noData');
    expect(chartStatus({ t: T0 - 120_000, v: 1 }, T0, T0 - 60_000)).toBe('noData');
    expect(chartStatus({ t: T0 - CHART_STALE_MS - 1, v: 1 }, T0, T0 - 60_000)).toBe('stale');
    expect(chartStatus({ t: T0 - 1000, v: 1 }, T0, T0 - 60_000)).toBe('live');
  });
});

describe('buildScene overlays', () => {
  const fromMs = T0;
  const toMs = T0 + 60_000;
  const scene = buildScene({
    points: [],
    fromMs,
    toMs,
    parameter: VOLTAGE,
    width: 500,
    height: 160,
    text: TEXT,
    overlays: {
      bands: [
        { id: 'inside', fromMs: T0 + 10_000, toMs: T0 + 20_000, label: 'Glint — kz' },
        { id: 'across', fromMs: T0 - 60_000, toMs: T0 + 5_000, label: 'Pass — tr' },
        { id: 'instant', fromMs: T0 + 30_000, toMs: T0 + 30_000, label: 'Reset — kz' },
        { id: 'before', fromMs: T0 - 90_000, toMs: T0 - 1, label: 'Old — kz' },
      ],
      markers: [
        { t: T0 + 40_000, severity: 'critical', label: 'Red · SoC' },
        { t: T0 + 61_000, severity: 'warning', label: 'Later' },
      ],
      selection: { fromMs: T0 + 50_000, toMs: T0 + 70_000 },
    },
  });
  const { plot } = scene;

  it('keeps what falls in the window, clipped to the plot, and a range of an instant a couple of pixels wide', () => {
    expect(scene.annotations.map((a) => a.id)).toEqual(['inside', 'across', 'instant']);
    const [inside, across, instant] = scene.annotations;
    expect(inside!.left).toBeCloseTo(sceneX(scene, T0 + 10_000));
    expect(inside!.right).toBeCloseTo(sceneX(scene, T0 + 20_000));
    expect(across!.left).toBe(plot.left);
    expect(instant!.right - instant!.left).toBe(2);
    expect(scene.markers).toEqual([
      { x: sceneX(scene, T0 + 40_000), severity: 'critical', label: 'Red · SoC' },
    ]);
    expect(scene.selection).toEqual({ left: sceneX(scene, T0 + 50_000), right: plot.left + plot.width });
  });

  it('names the annotations and onsets under the pointer', () => {
    expect(overlayLabelsAt(scene, sceneX(scene, T0 + 15_000))).toEqual(['✎ Glint — kz']);
    expect(overlayLabelsAt(scene, sceneX(scene, T0 + 40_000) + 3)).toEqual(['▲ Red · SoC']);
    expect(overlayLabelsAt(scene, sceneX(scene, T0 + 25_000))).toEqual([]);
  });
});

describe('drawChart', () => {
  const theme: ChartTheme = {
    text: 'text',
    axis: 'axis',
    grid: 'grid',
    panel: 'panel',
    border: 'border',
    live: 'live',
    playback: 'playback',
    yellow: 'yellow',
    red: 'red',
    yellowBand: 'yellowBand',
    redBand: 'redBand',
    markerInfo: 'markerInfo',
    annotation: 'annotation',
    annotationBand: 'annotationBand',
    selectionBand: 'selectionBand',
    font: '12px sans-serif',
  };
  let canvas: RecordingCanvas;
  beforeEach(() => {
    canvas = new RecordingCanvas();
  });

  const points = Array.from({ length: 50 }, (_, i) => ({ t: T0 + i * 1000, v: 30 + (i % 7) / 2 }));
  const scene = buildScene({
    points,
    fromMs: T0,
    toMs: T0 + 60_000,
    parameter: VOLTAGE,
    width: 480,
    height: 160,
    text: TEXT,
  });
  const none = { notice: null, hover: null };

  it('scales to device pixels, clears, and strokes the line in the live colour through every point', () => {
    drawChart(canvas, scene, theme, { pixelRatio: 2, unit: 'V', overlay: none });
    expect(canvas.calls[0]).toMatchObject({ op: 'setTransform', args: [2, 0, 0, 2, 0, 0] });
    expect(canvas.calls[1]).toMatchObject({ op: 'clearRect', args: [0, 0, 480, 160] });
    expect(canvas.strokedPaths('live')).toEqual([{ segments: 49, lineDash: [] }]);
    expect(canvas.texts()).toContain('V');
  });

  it('fills the limit bands and draws yellow limits dashed, so they differ by more than colour', () => {
    drawChart(canvas, scene, theme, { pixelRatio: 1, unit: 'V', overlay: none });
    expect(canvas.calls.some((c) => c.op === 'fillRect' && c.fillStyle === 'yellowBand')).toBe(true);
    const yellow = canvas.strokedPaths('yellow');
    expect(yellow.length).toBeGreaterThan(0);
    for (const line of yellow) expect(line.lineDash.length).toBeGreaterThan(0);
    // A limit that falls on a value tick is painted over the grid line, not hidden under it.
    const strokes = canvas.calls.filter((c) => c.op === 'stroke').map((c) => c.strokeStyle);
    expect(strokes.lastIndexOf('grid')).toBeLessThan(strokes.indexOf('yellow'));
  });

  it('writes the notice and the hover read-out', () => {
    drawChart(canvas, scene, theme, {
      pixelRatio: 1,
      unit: 'V',
      overlay: {
        notice: { text: '◷ Stale', tone: 'stale' },
        hover: { x: 200, y: 80, label: '12:00:05 UTC · 30.5 V' },
      },
    });
    expect(canvas.texts()).toEqual(expect.arrayContaining(['◷ Stale', '12:00:05 UTC · 30.5 V']));
  });

  it('draws annotation bands under the line, onsets dashed in their colour, and the dragged range', () => {
    const overlaid = buildScene({
      points,
      fromMs: T0,
      toMs: T0 + 60_000,
      parameter: VOLTAGE,
      width: 480,
      height: 160,
      text: TEXT,
      overlays: {
        bands: [{ id: 'a', fromMs: T0 + 10_000, toMs: T0 + 20_000, label: 'Glint' }],
        markers: [{ t: T0 + 40_000, severity: 'critical', label: 'Red' }],
        selection: { fromMs: T0 + 30_000, toMs: T0 + 35_000 },
      },
    });
    drawChart(canvas, overlaid, theme, { pixelRatio: 1, unit: 'V', overlay: none });
    const fills = canvas.calls.filter((c) => c.op === 'fillRect').map((c) => c.fillStyle);
    expect(fills).toEqual(expect.arrayContaining(['annotationBand', 'selectionBand']));
    const strokes = canvas.calls.filter((c) => c.op === 'stroke').map((c) => c.strokeStyle);
    expect(strokes.indexOf('annotation')).toBeLessThan(strokes.indexOf('live'));
    expect(canvas.strokedPaths('red').some((p) => p.lineDash.length > 0)).toBe(true);
    expect(canvas.texts()).toEqual(expect.arrayContaining(['✎', '▲']));
  });

  it('shortens a label that does not fit, with an ellipsis', () => {
    expect(fitText(canvas, 'Nominal', 100)).toBe('Nominal');
    const short = fitText(canvas, 'POWER_SAVE', 50);
    expect(short.endsWith('…')).toBe(true);
    expect(canvas.measureText(short).width).toBeLessThanOrEqual(50);
  });

  it('keeps the plot inside the canvas for any width', () => {
    const plot = plotRect(200, 120);
    expect(plot.left + plot.width).toBeLessThanOrEqual(200);
    expect(plot.top + plot.height).toBeLessThanOrEqual(120);
  });
});
