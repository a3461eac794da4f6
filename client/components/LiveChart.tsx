// A live window of one parameter: samples come from the store's ring buffers through a subscription into a
// ref (never React state per sample), are downsampled to the chart's width and redrawn at most once a frame,
// and no more often than the window moves by a pixel, and only while the chart is on screen.
import { useEffect, useRef, useState } from 'react';
import type { ParameterDef } from '../../shared/dictionary';
import { downsampleMinMax } from '../lib/downsample';
import { serverNow } from '../lib/serverClock';
import { useElementWidth } from '../lib/useElementWidth';
import { useOrtaq, type SeriesPoint } from '../store';
import { plotWidth, TimeSeriesChart } from './TimeSeriesChart';

/** Slides the window along even when no sample arrives. */
const SLIDE_MS = 1000;
/** Never redraw faster than this: ten updates a second would redraw a 15-minute window for nothing. */
const MIN_REDRAW_MS = 250;

/** Least time between redraws: the time one pixel of the window stands for, within [250 ms, 1 s]. */
export const redrawIntervalMs = (windowMs: number, widthPx: number) =>
  Math.min(SLIDE_MS, Math.max(MIN_REDRAW_MS, windowMs / Math.max(1, widthPx)));

/** Whether an element is in the viewport (and the page visible): hidden charts do not redraw. */
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

export function LiveChart({
  spacecraftId,
  parameter,
  windowMs,
  height = 160,
}: {
  spacecraftId: string;
  parameter: ParameterDef;
  windowMs: number;
  height?: number;
}) {
  const samples = useOrtaq((s) => s.samples);
  const [ref, width, element] = useElementWidth<HTMLDivElement>();
  const onScreen = useOnScreen(element);
  const [view, setView] = useState<{ points: SeriesPoint[]; from: number; to: number } | null>(null);

  useEffect(() => {
    const px = plotWidth(width);
    const interval = redrawIntervalMs(windowMs, px);
    let lastDraw = 0;
    let lastVersion = -1;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      pending = undefined;
      lastDraw = Date.now();
      lastVersion = samples.version(spacecraftId, parameter.id);
      const to = serverNow(useOrtaq.getState().serverClock, lastDraw);
      const from = to - windowMs;
      // One min/max pair per two pixels: a live line needs no more, and each point costs render time.
      const points = downsampleMinMax(samples.points(spacecraftId, parameter.id), from, to, px / 2);
      setView({ points, from, to });
    };
    const request = (slide: boolean) => {
      if (
        pending ||
        (!onScreen.current && lastVersion >= 0) ||
        (typeof document !== 'undefined' && document.hidden)
      )
        return;
      if (!slide && samples.version(spacecraftId, parameter.id) === lastVersion) return;
      pending = setTimeout(draw, Math.max(0, lastDraw + interval - Date.now()));
    };
    draw();
    const unsubscribe = samples.subscribe(() => request(false));
    const timer = setInterval(() => request(true), SLIDE_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    };
  }, [samples, spacecraftId, parameter.id, windowMs, width, onScreen]);

  return (
    <div
      ref={ref}
      className="chart-box"
      data-testid={`live-chart-${parameter.id}`}
      data-points={view?.points.length}
    >
      {view ? (
        <TimeSeriesChart
          points={view.points}
          fromMs={view.from}
          toMs={view.to}
          parameter={parameter}
          width={width}
          height={height}
        />
      ) : null}
    </div>
  );
}
