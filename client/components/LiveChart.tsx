// A live window of one parameter: samples come from the store's ring buffers through a subscription into a
// ref (never React state per sample), are downsampled to the chart's width and redrawn at most once a frame.
import { useEffect, useState } from 'react';
import type { ParameterDef } from '../../shared/dictionary';
import { downsampleMinMax } from '../lib/downsample';
import { serverNow } from '../lib/serverClock';
import { useElementWidth } from '../lib/useElementWidth';
import { useOrtaq, type SeriesPoint } from '../store';
import { plotWidth, TimeSeriesChart } from './TimeSeriesChart';

/** Slides the window along even when no sample arrives. */
const SLIDE_MS = 1000;

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
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [view, setView] = useState<{ points: SeriesPoint[]; from: number; to: number } | null>(null);

  useEffect(() => {
    const redraw = () => {
      const to = serverNow(useOrtaq.getState().serverClock, Date.now());
      const from = to - windowMs;
      const all = samples.points(spacecraftId, parameter.id);
      setView({ points: downsampleMinMax(all, from, to, plotWidth(width)), from, to });
    };
    redraw();
    const unsubscribe = samples.subscribe(redraw);
    const timer = setInterval(redraw, SLIDE_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [samples, spacecraftId, parameter.id, windowMs, width]);

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
