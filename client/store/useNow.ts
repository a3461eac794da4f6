import { useCallback, useSyncExternalStore } from 'react';
import { useOrtaq } from '.';
import { serverNow } from '../lib/serverClock';

interface Ticker {
  localMs: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
}

// One timer per period for the whole page: a table of fifty ages must not run fifty intervals.
const tickers = new Map<number, Ticker>();

function ticker(periodMs: number): Ticker {
  let t = tickers.get(periodMs);
  if (!t) {
    t = { localMs: Date.now(), listeners: new Set(), timer: null };
    tickers.set(periodMs, t);
  }
  return t;
}

function subscribe(periodMs: number, listener: () => void): () => void {
  const t = ticker(periodMs);
  t.listeners.add(listener);
  if (!t.timer) t.localMs = Date.now();
  t.timer ??= setInterval(() => {
    t.localMs = Date.now();
    t.listeners.forEach((l) => l());
  }, periodMs);
  return () => {
    t.listeners.delete(listener);
    if (t.listeners.size === 0 && t.timer) {
      clearInterval(t.timer);
      t.timer = null;
    }
  };
}

/** The server's current time, re-rendering every `periodMs`: for ages, countdowns and "now" markers. */
export function useServerNow(periodMs = 1000): number {
  const sub = useCallback((listener: () => void) => subscribe(periodMs, listener), [periodMs]);
  const localMs = useSyncExternalStore(sub, () => ticker(periodMs).localMs);
  // The clock is read, not subscribed to: every live update moves it, and a page full of ages must not
  // re-render ten times a second for that; the next tick picks it up.
  return serverNow(useOrtaq.getState().serverClock, localMs);
}
