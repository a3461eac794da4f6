import { useCallback, useEffect, useState } from 'react';

/**
 * Width of an element in CSS pixels, kept current with a ResizeObserver; 0 until measured. Returns a
 * callback ref, so an element that appears after the first render (views show a loading state first) is
 * measured too.
 */
export function useElementWidth<E extends HTMLElement>() {
  const [element, setElement] = useState<E | null>(null);
  const [width, setWidth] = useState(0);
  const ref = useCallback((el: E | null) => setElement(el), []);
  useEffect(() => {
    if (!element) return;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.floor(w));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [ref, width, element] as const;
}
