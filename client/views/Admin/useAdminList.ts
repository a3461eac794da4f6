import { useCallback, useEffect, useState } from 'react';

export interface AdminList<T> {
  data: T | null;
  error: string | null;
  /** Loads again, after a change the admin just made. */
  reload: () => void;
}

/** One admin list, loaded when the panel opens, again on `reload()`, and every `refreshMs` if given. */
export function useAdminList<T>(load: () => Promise<T>, refreshMs?: number): AdminList<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    let current = true;
    const fetchOnce = () =>
      load().then(
        (value) => {
          if (!current) return;
          setData(value);
          setError(null);
        },
        (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
      );
    void fetchOnce();
    const timer = refreshMs ? setInterval(() => void fetchOnce(), refreshMs) : undefined;
    return () => {
      current = false;
      if (timer) clearInterval(timer);
    };
  }, [load, refreshMs, version]);
  return { data, error, reload };
}
