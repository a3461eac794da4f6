import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { matrixPages, type MatrixCell } from '../../lib/denseWall';

/** A matrix cell in units of the wall's font size: room for a glyph and a ten-letter name at the floor. */
export const MATRIX_CELL_EM = { width: 8, height: 1.5, gap: 0.2 } as const;

interface Box {
  width: number;
  height: number;
  fontPx: number;
}

/** Size and font size of an element, kept current with a ResizeObserver; null until measured. */
function useBox<E extends HTMLElement>() {
  const [element, setElement] = useState<E | null>(null);
  const [box, setBox] = useState<Box | null>(null);
  const ref = useCallback((el: E | null) => setElement(el), []);
  useEffect(() => {
    if (!element) return;
    const measure = () => {
      const rect = element.getBoundingClientRect();
      const fontPx = parseFloat(getComputedStyle(element).fontSize) || 16;
      setBox((old) =>
        old && old.width === Math.floor(rect.width) && old.height === Math.floor(rect.height)
          ? old
          : { width: Math.floor(rect.width), height: Math.floor(rect.height), fontPx },
      );
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [ref, box] as const;
}

/**
 * Larger matrix text tried first: a screen with room to spare (a 4K wall with few alarms) shows the fleet
 * bigger than the floor, still on one page.
 */
const MATRIX_SCALES = [1.6, 1.4, 1.2, 1] as const;

/**
 * The matrix laid out in the measured element: the largest text at which the whole fleet fits on one page,
 * or pages of the floor size when it does not fit at all. One column and one row until measured.
 */
export function useMatrixLayout<E extends HTMLElement>(cells: readonly MatrixCell[]) {
  const [ref, box] = useBox<E>();
  const { width, height, gap } = MATRIX_CELL_EM;
  const fit = (room: number, cell: number, px: number) =>
    Math.max(1, Math.floor((room + gap * px) / ((cell + gap) * px)));
  for (const scale of MATRIX_SCALES) {
    const px = (box?.fontPx ?? 16) * scale;
    const columns = box ? fit(box.width, width, px) : 1;
    const rows = box ? fit(box.height, height, px) : 1;
    const pages = matrixPages(cells, columns, rows);
    if (pages.length === 1 || scale === 1) return { ref, scale, columns, pages };
  }
  throw new Error('unreachable: the last scale always returns');
}

/**
 * How many of `count` items of a list fit inside it: the layout is measured before paint and the items
 * whose box ends below the list's are left out (the list's title says how many more there are). Measured
 * again when `key` (which items, in which order) or the window's size changes; not on the list's own size,
 * which follows its items and would measure again after every cut.
 */
export function useFitCount<E extends HTMLElement>(count: number, key: string) {
  const [element, setElement] = useState<E | null>(null);
  const ref = useCallback((el: E | null) => setElement(el), []);
  const [fit, setFit] = useState<{ key: string; count: number } | null>(null);
  const fullKey = `${key}|${window.innerWidth}x${window.innerHeight}`;
  const measured = fit?.key === fullKey;
  useLayoutEffect(() => {
    if (!element || measured) return;
    const bottom = element.getBoundingClientRect().bottom + 1;
    const items = [...element.children].filter((c) => c.tagName === 'LI');
    const fitting = items.filter((item) => item.getBoundingClientRect().bottom <= bottom).length;
    setFit({ key: fullKey, count: fitting });
  }, [element, fullKey, measured]);
  return [ref, fit && measured ? Math.min(fit.count, count) : count] as const;
}
