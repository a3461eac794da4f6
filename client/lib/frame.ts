/** A function that runs a callback before the next repaint; requestAnimationFrame in the browser. */
export type FrameRequest = (callback: () => void) => unknown;

const defaultRequest: FrameRequest = (callback) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(callback) : setTimeout(callback, 16);

/**
 * Coalesces many calls into at most one run of `callback` per animation frame: ten live updates a second for
 * six spacecraft must not mean sixty redraws.
 */
export function frameCoalescer(callback: () => void, request: FrameRequest = defaultRequest): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    request(() => {
      pending = false;
      callback();
    });
  };
}
