// The geometry of a live chart as plain data: where the plot sits on the canvas, where the limit bands, ticks
// and line points fall, in CSS pixels. Pure, so what a chart shows is tested without a canvas; drawing it is
// a separate, dumb step (chartCanvas.ts).
import type { Limits, ParameterDef } from '../../shared/dictionary';
import { timeTickFormat, timeTicks, valueTicks } from './axisTicks';
import { chartDomain, limitBands, type LimitBandArea } from './limits';
import type { ChartAnnotation, ChartMarker } from './annotations';

export interface LinePoint {
  t: number;
  v: number;
  playback?: boolean;
}

export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Room around the plot: value labels on the left, a header row for the unit and notices, time labels below. */
export const CHART_INSETS = { left: 76, right: 12, top: 24, bottom: 20 };
/** Middle of the header row above the plot, where the unit, notices and read-out are written. */
export const HEADER_ROW_Y = 9;
/** Tick labels need this much room to stay apart (a "12:34:56" label is ~50 px at 12 px). */
const X_TICK_SPACING_PX = 110;
const Y_TICK_SPACING_PX = 28;
/** Enum parameters with up to this many states get one labelled tick per state. */
const MAX_STATE_TICKS = 8;

export function plotRect(width: number, height: number): PlotRect {
  const { left, right, top, bottom } = CHART_INSETS;
  return { left, top, width: Math.max(1, width - left - right), height: Math.max(1, height - top - bottom) };
}

/** How tick and read-out text is written: the interface language's number, time and state names. */
export interface ChartText {
  value: (v: number, digits: number) => string;
  time: (ms: number, opts: { date?: boolean; seconds?: boolean; mark?: boolean }) => string;
  state: (name: string) => string;
}

export interface Tick {
  /** Position along the axis, CSS px. */
  at: number;
  label: string;
}

/** A run of consecutive points of one kind (realtime or playback), in CSS px. */
export interface Polyline {
  playback: boolean;
  xs: number[];
  ys: number[];
}

export interface ChartScene {
  width: number;
  height: number;
  plot: PlotRect;
  fromMs: number;
  toMs: number;
  /** Value range of the plot, bottom to top. */
  domain: [number, number];
  bands: { level: LimitBandArea['level']; top: number; bottom: number }[];
  /** The limits themselves, drawn as lines so a band's edge reads without its colour. */
  limitLines: { level: LimitBandArea['level']; y: number }[];
  xTicks: Tick[];
  yTicks: Tick[];
  lines: Polyline[];
  /** Enum parameters hold their value until the next sample. */
  step: boolean;
  pointCount: number;
  /** Logged ranges inside the plot, CSS px (at least a couple of pixels wide, so a short one still shows). */
  annotations: { id: string; left: number; right: number; label: string }[];
  /** Alarm onsets inside the plot. */
  markers: { x: number; severity: ChartMarker['severity']; label: string }[];
  /** The range being dragged or annotated, inside the plot. */
  selection: { left: number; right: number } | null;
}

/** What is drawn over the data's time axis: annotations, onsets and a dragged range. */
export interface SceneOverlays {
  bands: readonly ChartAnnotation[];
  markers: readonly ChartMarker[];
  selection: { fromMs: number; toMs: number } | null;
}

/** A logged range narrower than this still shows as a thin band. */
const MIN_BAND_PX = 2;

export interface SceneInput {
  points: readonly LinePoint[];
  fromMs: number;
  toMs: number;
  parameter: Pick<ParameterDef, 'limits' | 'states'> & { unit?: string };
  width: number;
  height: number;
  text: ChartText;
  overlays?: SceneOverlays;
}

/** Enum parameters span their states with half a step of room; others fit the data and near limits. */
function valueDomain(points: readonly LinePoint[], parameter: SceneInput['parameter']): [number, number] {
  const states = parameter.states ? Object.keys(parameter.states).map(Number) : null;
  if (states && states.length > 0) return [Math.min(...states) - 0.5, Math.max(...states) + 0.5];
  return chartDomain(
    points.map((p) => p.v),
    parameter.limits,
    parameter.unit,
  );
}

function yTicks(
  domain: [number, number],
  parameter: SceneInput['parameter'],
  plot: PlotRect,
  text: ChartText,
): { v: number; label: string }[] {
  const maxTicks = Math.max(2, Math.floor(plot.height / Y_TICK_SPACING_PX));
  const states = parameter.states;
  if (states) {
    const values = Object.keys(states).map(Number);
    const ticks =
      values.length <= MAX_STATE_TICKS
        ? values.sort((a, b) => a - b)
        : valueTicks(domain[0], domain[1], maxTicks).ticks.filter(Number.isInteger);
    return ticks.map((v) => ({
      v,
      label: states[v] !== undefined ? text.state(states[v]) : text.value(v, 0),
    }));
  }
  const { ticks, digits } = valueTicks(domain[0], domain[1], maxTicks);
  return ticks.map((v) => ({ v, label: text.value(v, digits) }));
}

/** Splits points into runs of one kind, so realtime and playback are drawn apart (colour and dash). */
function polylines(points: readonly LinePoint[], x: (t: number) => number, y: (v: number) => number) {
  const lines: Polyline[] = [];
  let current: Polyline | undefined;
  for (const p of points) {
    const playback = p.playback === true;
    if (!current || current.playback !== playback) {
      current = { playback, xs: [], ys: [] };
      lines.push(current);
    }
    current.xs.push(x(p.t));
    current.ys.push(y(p.v));
  }
  return lines;
}

/** Band rectangles and limit lines inside the plot for the parameter's default limits. */
function limitShapes(limits: Limits | undefined, domain: [number, number], y: (v: number) => number) {
  const bands = limitBands(limits, domain).map((b) => ({ level: b.level, top: y(b.y2), bottom: y(b.y1) }));
  const inside = (v: number | undefined): v is number => v !== undefined && v > domain[0] && v < domain[1];
  const limitLines: ChartScene['limitLines'] = [];
  for (const level of ['yellow', 'red'] as const) {
    for (const v of [limits?.[level]?.low, limits?.[level]?.high]) {
      if (inside(v)) limitLines.push({ level, y: y(v) });
    }
  }
  return { bands, limitLines };
}

/** Everything a live chart draws for `points` (already decimated to the plot's width) in [fromMs, toMs]. */
export function buildScene(input: SceneInput): ChartScene {
  const { points, fromMs, toMs, parameter, width, height, text } = input;
  const frame = { plot: plotRect(width, height), fromMs, toMs, domain: valueDomain(points, parameter) };
  const { plot, domain } = frame;
  const x = (t: number) => sceneX(frame, t);
  const y = (v: number) => sceneY(frame, v);
  const timeFormat = timeTickFormat(toMs - fromMs);
  // Without points, limits or states the value axis has nothing to scale by: its labels would be made up (a
  // time's would all read 00:00:00), so it has none.
  const scaled = points.length > 0 || parameter.limits !== undefined || parameter.states !== undefined;
  return {
    width,
    height,
    ...frame,
    ...limitShapes(parameter.limits, domain, y),
    xTicks: timeTicks(fromMs, toMs, Math.max(2, Math.floor(plot.width / X_TICK_SPACING_PX))).map((t) => ({
      at: x(t),
      label: text.time(t, timeFormat),
    })),
    yTicks: scaled ? yTicks(domain, parameter, plot, text).map(({ v, label }) => ({ at: y(v), label })) : [],
    lines: polylines(points, x, y),
    step: parameter.states !== undefined,
    pointCount: points.length,
    ...overlayShapes(frame, input.overlays),
  };
}

/** Annotations, onsets and the selection that fall inside the plot, in CSS px. */
function overlayShapes(
  frame: SceneFrame,
  overlays: SceneOverlays | undefined,
): Pick<ChartScene, 'annotations' | 'markers' | 'selection'> {
  const { plot, fromMs, toMs } = frame;
  const right = plot.left + plot.width;
  const span = (a: number, b: number) => {
    if (b < fromMs || a > toMs) return null;
    const l = Math.max(plot.left, sceneX(frame, a));
    return { left: l, right: Math.min(right, Math.max(l + MIN_BAND_PX, sceneX(frame, b))) };
  };
  const annotations: ChartScene['annotations'] = [];
  for (const band of overlays?.bands ?? []) {
    const at = span(band.fromMs, band.toMs);
    if (at) annotations.push({ id: band.id, label: band.label, ...at });
  }
  const markers = (overlays?.markers ?? [])
    .filter((m) => m.t >= fromMs && m.t <= toMs)
    .map((m) => ({ x: sceneX(frame, m.t), severity: m.severity, label: m.label }));
  const selection = overlays?.selection ? span(overlays.selection.fromMs, overlays.selection.toMs) : null;
  return { annotations, markers, selection };
}

type SceneFrame = Pick<ChartScene, 'plot' | 'fromMs' | 'toMs' | 'domain'>;

/** Horizontal position of time `t`, CSS px. */
export function sceneX({ plot, fromMs, toMs }: SceneFrame, t: number): number {
  return plot.left + ((t - fromMs) / Math.max(1, toMs - fromMs)) * plot.width;
}

/** Vertical position of value `v`, CSS px (larger values higher up). */
export function sceneY({ plot, domain }: SceneFrame, v: number): number {
  return plot.top + (1 - (v - domain[0]) / (domain[1] - domain[0])) * plot.height;
}

/** An event's or alarm's glyph, as the Investigate charts draw it. */
export const markerGlyph = (severity: ChartMarker['severity']) => (severity === 'info' ? '◆' : '▲');

/** Markers this close to the pointer name themselves in the read-out. */
const MARKER_HOVER_PX = 5;

/** What the annotations and onsets under a pointer at `xPx` say: the words of the hover read-out. */
export function overlayLabelsAt(scene: Pick<ChartScene, 'annotations' | 'markers'>, xPx: number): string[] {
  return [
    ...scene.markers
      .filter((m) => Math.abs(m.x - xPx) <= MARKER_HOVER_PX)
      .map((m) => `${markerGlyph(m.severity)} ${m.label}`),
    ...scene.annotations.filter((a) => xPx >= a.left && xPx <= a.right).map((a) => `✎ ${a.label}`),
  ];
}

/** The point nearest in time to `t`, by binary search over time-sorted points. */
export function nearestByTime<P extends LinePoint>(points: readonly P[], t: number): P | undefined {
  if (points.length === 0) return undefined;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const after = points[lo]!;
  const before = points[lo - 1];
  return before && t - before.t <= after.t - t ? before : after;
}

/** Time at a horizontal position of the plot, for the hover read-out. */
export function timeAtX({ plot, fromMs, toMs }: SceneFrame, xPx: number): number {
  return fromMs + ((xPx - plot.left) / plot.width) * (toMs - fromMs);
}

/** Newest sample older than this makes a live chart say it is stale (the server's default stale time). */
export const CHART_STALE_MS = 30_000;

export type ChartStatus = 'noData' | 'stale' | 'live';

export function chartStatus(newest: LinePoint | undefined, nowMs: number, fromMs: number): ChartStatus {
  if (!newest || newest.t < fromMs) return 'noData';
  return nowMs - newest.t > CHART_STALE_MS ? 'stale' : 'live';
}
