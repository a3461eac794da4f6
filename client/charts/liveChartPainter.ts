// The imperative side of a live chart: reads the store's ring buffer when it changes, decimates to the plot's
// width and repaints the canvas, at most once per animation frame. React is not involved per sample: it only
// starts a painter again when size, series or window change.
import type { ParameterDef } from '../../shared/dictionary';
import { downsampleMinMax } from './downsample';
import { limitsInEffect } from './limits';
import {
  buildScene,
  chartStatus,
  nearestByTime,
  overlayLabelsAt,
  plotRect,
  sceneX,
  sceneY,
  timeAtX,
  type ChartScene,
  type ChartStatus,
  type ChartText,
  type LinePoint,
  type SceneOverlays,
} from './chartScene';
import type { SampleBuffers } from '../store/sampleBuffers';
import { drawChart, type ChartCanvas, type ChartOverlay, type ChartTheme } from './chartCanvas';

/** Slides the window along even when no sample arrives. */
const SLIDE_MS = 1000;
/** Never repaint for data faster than this: ten updates a second would repaint a 15-minute window for nothing. */
const MIN_REDRAW_MS = 250;

/** Least time between data repaints: the time one pixel of the window stands for, within [250 ms, 1 s]. */
export const redrawIntervalMs = (windowMs: number, widthPx: number) =>
  Math.min(SLIDE_MS, Math.max(MIN_REDRAW_MS, windowMs / Math.max(1, widthPx)));

/** The words a chart writes, in the interface language. */
export interface ChartWords extends ChartText {
  /** A value as read out: a state name, or the number at the parameter's resolution with its unit. */
  reading: (v: number) => string;
  notice: (status: ChartStatus, newest: LinePoint | undefined) => string | null;
  /** The canvas's text alternative: parameter, latest value and unit, and its time. */
  label: (status: ChartStatus, newest: LinePoint | undefined) => string;
  unit: string;
}

const NO_SCENE_OVERLAYS: SceneOverlays = { bands: [], markers: [], selection: null };

/**
 * What a painter draws over the data, set from React and read at paint time: a change (new annotations, a
 * dragged range) repaints on the next frame without starting the painter again, and costs nothing per sample.
 */
export class OverlaySource {
  private value = NO_SCENE_OVERLAYS;
  private readonly listeners = new Set<() => void>();

  get(): SceneOverlays {
    return this.value;
  }

  set(value: SceneOverlays): void {
    const was = this.value;
    if (was.bands === value.bands && was.markers === value.markers && was.selection === value.selection)
      return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface PainterOptions {
  canvas: HTMLCanvasElement;
  /** Where `data-points` tells tests and the render benchmark how many points the chart drew. */
  box: HTMLElement;
  ctx: ChartCanvas | null;
  theme: ChartTheme;
  width: number;
  height: number;
  pixelRatio: number;
  samples: SampleBuffers;
  spacecraftId: string;
  parameter: ParameterDef;
  windowMs: number;
  words: ChartWords;
  now: () => number;
  /** False while the chart is scrolled out of view: no repaint then. */
  isVisible: () => boolean;
  /** Annotations, onsets and the dragged range; none when absent. */
  overlays?: OverlaySource;
}

const requestFrame = (callback: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 16);
  return () => clearTimeout(id);
};

function setAttribute(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** The crosshair's read-out: the nearest sample's time and value, then what annotations and onsets say there. */
function hoverReadOut(
  scene: ChartScene,
  points: readonly LinePoint[],
  xPx: number,
  words: ChartWords,
): ChartOverlay['hover'] {
  const hovered = nearestByTime(points, timeAtX(scene, xPx));
  const notes = overlayLabelsAt(scene, xPx);
  if (!hovered && notes.length === 0) return null;
  const reading = hovered ? [`${words.time(hovered.t, { date: false })} · ${words.reading(hovered.v)}`] : [];
  return {
    x: hovered ? sceneX(scene, hovered.t) : xPx,
    y: hovered ? sceneY(scene, hovered.v) : null,
    label: [...reading, ...notes].join(' · '),
  };
}

/** Starts painting; returns the stop function, which removes every timer and listener it added. */
export function startLiveChart(options: PainterOptions): () => void {
  const { canvas, box, ctx, samples, spacecraftId, parameter, windowMs, words, width, height } = options;
  const plot = plotRect(width, height);
  const interval = redrawIntervalMs(windowMs, plot.width);
  canvas.width = Math.round(width * options.pixelRatio);
  canvas.height = Math.round(height * options.pixelRatio);
  box.dataset.plotWidth = String(plot.width);
  let hoverX: number | null = null;
  let lastPaint = 0;
  let lastVersion = -1;
  let cancelFrame: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const paint = () => {
    cancelFrame = undefined;
    lastPaint = Date.now();
    lastVersion = samples.version(spacecraftId, parameter.id);
    const toMs = options.now();
    const fromMs = toMs - windowMs;
    const all = samples.points(spacecraftId, parameter.id);
    // One pixel column keeps its min and max: at most two points per pixel, and no spike lost.
    const points = downsampleMinMax(all, fromMs, toMs, plot.width);
    // Bands of the limits the newest value was checked against (eclipse limits in eclipse, and so on).
    const context = samples.newestSample(spacecraftId, parameter.id)?.limit.context;
    const inForce = { ...parameter, limits: limitsInEffect(parameter, context) };
    const overlays = options.overlays?.get();
    const scene = buildScene({
      points,
      fromMs,
      toMs,
      parameter: inForce,
      width,
      height,
      text: words,
      overlays,
    });
    const newest = all[all.length - 1];
    const status = chartStatus(newest, toMs, fromMs);
    const notice = words.notice(status, newest);
    const overlay: ChartOverlay = {
      notice: notice ? { text: notice, tone: status === 'noData' ? 'empty' : 'stale' } : null,
      hover: hoverX === null ? null : hoverReadOut(scene, points, hoverX, words),
    };
    if (ctx)
      drawChart(ctx, scene, options.theme, { pixelRatio: options.pixelRatio, unit: words.unit, overlay });
    // Attribute writes invalidate style: only when the text changes.
    setAttribute(box, 'data-points', String(scene.pointCount));
    setAttribute(box, 'data-annotations', scene.annotations.map((a) => a.id).join(' '));
    setAttribute(box, 'data-markers', String(scene.markers.length));
    setAttribute(canvas, 'aria-label', words.label(status, newest));
  };
  const paintNextFrame = () => {
    cancelFrame ??= requestFrame(paint);
  };
  const requestPaint = (slide: boolean) => {
    if (timer || cancelFrame) return;
    if (typeof document !== 'undefined' && document.hidden) return;
    if (!options.isVisible() && lastVersion >= 0) return;
    if (!slide && samples.version(spacecraftId, parameter.id) === lastVersion) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        paintNextFrame();
      },
      Math.max(0, lastPaint + interval - Date.now()),
    );
  };
  const onPointer = (event: PointerEvent) => {
    hoverX = event.type === 'pointerleave' ? null : event.offsetX;
    paintNextFrame();
  };

  paint();
  const unsubscribe = samples.subscribe(() => requestPaint(false));
  const unsubscribeOverlays = options.overlays?.subscribe(paintNextFrame);
  const slide = setInterval(() => requestPaint(true), SLIDE_MS);
  canvas.addEventListener('pointermove', onPointer);
  canvas.addEventListener('pointerleave', onPointer);
  return () => {
    unsubscribe();
    unsubscribeOverlays?.();
    clearInterval(slide);
    if (timer) clearTimeout(timer);
    cancelFrame?.();
    canvas.removeEventListener('pointermove', onPointer);
    canvas.removeEventListener('pointerleave', onPointer);
  };
}
