import { useEffect, useState } from 'react';
import { useOrtaq } from '../store';
import { serverNow } from './serverClock';

/** The server's current time, re-rendering every `periodMs`: for ages, countdowns and "now" markers. */
export function useServerNow(periodMs = 1000): number {
  const clock = useOrtaq((s) => s.serverClock);
  const [localMs, setLocalMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setLocalMs(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return serverNow(clock, localMs);
}
