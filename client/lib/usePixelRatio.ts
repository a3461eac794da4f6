import { useEffect, useState } from 'react';

const currentRatio = () => (typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1);

/**
 * Device pixels per CSS pixel, kept current when the window moves to a screen of another density or the page
 * is zoomed: a canvas sized for the old ratio would be blurred or wasteful.
 */
export function usePixelRatio(): number {
  const [ratio, setRatio] = useState(currentRatio);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    // Matches only the current ratio, so any change fires it once; the effect then watches the new one.
    const query = matchMedia(`(resolution: ${ratio}dppx)`);
    const onChange = () => setRatio(currentRatio());
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [ratio]);
  return ratio;
}
