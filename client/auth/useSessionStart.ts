import { useEffect } from 'react';
import { loadSession } from './session';

const RETRY_MS = 5000;

/** Asks the server once at start who is signed in, retrying while it is unreachable. */
export function useSessionStart(): void {
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () =>
      loadSession().catch(() => {
        if (!stopped) timer = setTimeout(() => void attempt(), RETRY_MS);
      });
    void attempt();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, []);
}
