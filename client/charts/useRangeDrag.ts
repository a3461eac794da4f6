// A time range dragged across a chart, for both kinds of chart (Investigate's history, the live windows):
// pressed, moved and released over the chart's box, the range offered once it is longer than a click.
import { useState } from 'react';

/** A drag shorter than this share of the window is a click, not a range. */
const MIN_DRAG_FRACTION = 1 / 200;

export interface TimeRangeMs {
  fromMs: number;
  toMs: number;
}

/** Where a chart's plot sits across its box, CSS px: its left inset and width. */
export interface PlotSpan {
  left: number;
  width: number;
}

/** The time under a pointer `offsetPx` from the box's left edge, clamped to the window. */
export function timeAtOffset(offsetPx: number, plot: PlotSpan, window: TimeRangeMs): number {
  const fraction = (offsetPx - plot.left) / Math.max(1, plot.width);
  return window.fromMs + Math.min(1, Math.max(0, fraction)) * (window.toMs - window.fromMs);
}

/**
 * Pointer handlers for the chart's box and the range being dragged. `window()` is asked at each pointer event
 * (a live window slides while the pointer moves); `onRange` receives a range longer than a click.
 */
export function useRangeDrag(options: {
  box: React.RefObject<HTMLElement | null>;
  plot: PlotSpan;
  window: () => TimeRangeMs;
  onStart?: () => void;
  onRange: (range: TimeRangeMs) => void;
}) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const timeAt = (clientX: number) => {
    const left = options.box.current?.getBoundingClientRect().left ?? 0;
    return timeAtOffset(clientX - left, options.plot, options.window());
  };
  const handlers = {
    onPointerDown: (e: React.PointerEvent) => {
      if (e.button !== 0) return;
      const t = timeAt(e.clientX);
      options.onStart?.();
      setDrag({ a: t, b: t });
    },
    onPointerMove: (e: React.PointerEvent) => {
      if (drag) setDrag({ a: drag.a, b: timeAt(e.clientX) });
    },
    onPointerUp: () => {
      const { fromMs, toMs } = options.window();
      if (drag && Math.abs(drag.b - drag.a) > (toMs - fromMs) * MIN_DRAG_FRACTION)
        options.onRange({ fromMs: Math.min(drag.a, drag.b), toMs: Math.max(drag.a, drag.b) });
      setDrag(null);
    },
    onPointerLeave: () => setDrag(null),
  };
  const selection: TimeRangeMs | null = drag
    ? { fromMs: Math.min(drag.a, drag.b), toMs: Math.max(drag.a, drag.b) }
    : null;
  return { selection, handlers };
}
