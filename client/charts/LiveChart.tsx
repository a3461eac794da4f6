// A live window of one parameter, drawn on a canvas: an SVG chart rebuilds every node on each update and
// cannot keep eight charts at 10 Hz inside a frame. React renders this component only when its size, series
// or window change; samples reach the canvas through the painter's store subscription.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ParameterDef } from '../../shared/dictionary';
import { useI18n, type I18n } from '../i18n';
import { AnnotationForm } from './AnnotationForm';
import { NO_OVERLAYS, type ChartOverlays } from './annotations';
import { plotRect, type ChartStatus, type LinePoint } from './chartScene';
import { formatReading } from '../lib/format';
import { serverNow } from '../lib/serverClock';
import { useElementWidth } from '../lib/useElementWidth';
import { usePixelRatio } from '../lib/usePixelRatio';
import { useOrtaq } from '../store';
import { readChartTheme } from './chartCanvas';
import { OverlaySource, startLiveChart, type ChartWords } from './liveChartPainter';
import { useRangeDrag, type TimeRangeMs } from './useRangeDrag';

/** Whether an element is in the viewport: hidden charts do not repaint. */
function useOnScreen(element: HTMLElement | null): React.RefObject<boolean> {
  const visible = useRef(true);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      visible.current = entries.some((e) => e.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return visible;
}

/** Everything the chart writes for `parameter`, in the interface language. */
export function chartWords(i18n: I18n, parameter: ParameterDef): ChartWords {
  const { t, tOpt, num, utc, locale } = i18n;
  const name = tOpt(`param.${parameter.id}`, parameter.name);
  const state = (s: string) => tOpt(`state.${s}`, s);
  const reading = (v: number) => {
    const stateName = parameter.states?.[v];
    if (stateName !== undefined) return state(stateName);
    return formatReading(locale, parameter, v);
  };
  return {
    // A time parameter's axis reads times of day (its values are UTC ms).
    value: parameter.time ? (v) => utc(v, { date: false, mark: false }) : num,
    time: utc,
    state,
    reading,
    unit: parameter.unit,
    notice: (status: ChartStatus, newest: LinePoint | undefined) => {
      if (status === 'noData') return t('chart.noData');
      if (status === 'stale' && newest)
        return `◷ ${t('chart.stale', { time: utc(newest.t, { date: false, mark: false }) })}`;
      return null;
    },
    label: (status: ChartStatus, newest: LinePoint | undefined) => {
      if (status === 'noData' || !newest) return t('chart.labelNoData', { parameter: name });
      const label = t('chart.label', {
        parameter: name,
        value: reading(newest.v),
        time: utc(newest.t, { mark: false }),
      });
      return status === 'stale' ? `${label} (${t('status.stale')})` : label;
    },
  };
}

/** Annotations on a live chart: what to draw, and, for who may write the shift log, what a drag offers. */
export interface LiveAnnotating {
  overlays: ChartOverlays;
  /** Given when the user may annotate: called once an annotation is saved. */
  onAnnotated?: () => void;
  /** "Zoom to range" of a dragged range (a live window does not zoom: the caller opens the history). */
  onZoom?: (range: TimeRangeMs) => void;
}

export function LiveChart({
  spacecraftId,
  parameter,
  windowMs,
  height = 160,
  annotating,
}: {
  spacecraftId: string;
  parameter: ParameterDef;
  windowMs: number;
  height?: number;
  annotating?: LiveAnnotating;
}) {
  const samples = useOrtaq((s) => s.samples);
  const i18n = useI18n();
  const words = useMemo(() => chartWords(i18n, parameter), [i18n, parameter]);
  const [ref, width, element] = useElementWidth<HTMLDivElement>();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const onScreen = useOnScreen(element);
  const pixelRatio = usePixelRatio();
  const overlaySource = useMemo(() => new OverlaySource(), []);
  const [picked, setPicked] = useState<TimeRangeMs | null>(null);
  const now = () => serverNow(useOrtaq.getState().serverClock, Date.now());
  const onAnnotated = annotating?.onAnnotated;
  const drag = useRangeDrag({
    box: canvasRef,
    plot: plotRect(width, height),
    window: () => ({ fromMs: now() - windowMs, toMs: now() }),
    onStart: () => setPicked(null),
    onRange: setPicked,
  });
  const selection = drag.selection ?? picked;

  useEffect(() => {
    overlaySource.set({ ...(annotating?.overlays ?? NO_OVERLAYS), selection });
  }, [overlaySource, annotating?.overlays, selection]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !element || width <= 0) return;
    return startLiveChart({
      canvas,
      box: element,
      ctx: canvas.getContext('2d'),
      theme: readChartTheme(canvas),
      width,
      height,
      pixelRatio,
      samples,
      spacecraftId,
      parameter,
      windowMs,
      words,
      now: () => serverNow(useOrtaq.getState().serverClock, Date.now()),
      isVisible: () => onScreen.current,
      overlays: overlaySource,
    });
  }, [
    element,
    width,
    height,
    pixelRatio,
    samples,
    spacecraftId,
    parameter,
    windowMs,
    words,
    onScreen,
    overlaySource,
  ]);

  return (
    <>
      <div
        ref={ref}
        className={onAnnotated ? 'chart-box zoomable' : 'chart-box'}
        data-testid={`live-chart-${parameter.id}`}
        style={{ height }}
        {...(onAnnotated ? drag.handlers : {})}
      >
        <canvas
          ref={canvasRef}
          className="live-chart-canvas"
          role="img"
          aria-label={words.label('noData', undefined)}
          style={{ width: '100%', height }}
        />
      </div>
      {picked && onAnnotated ? (
        <AnnotationForm
          spacecraftId={spacecraftId}
          parameterId={parameter.id}
          range={picked}
          onZoom={() => {
            setPicked(null);
            annotating?.onZoom?.(picked);
          }}
          onSaved={() => {
            setPicked(null);
            onAnnotated();
          }}
          onCancel={() => setPicked(null)}
        />
      ) : null}
    </>
  );
}
