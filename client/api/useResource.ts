import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from './rest';

export interface Resource<T> {
  data: T | null;
  error: ApiRequestError | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads a REST resource for a view and reloads it when `key` changes; an answer to an older key is ignored,
 * so quick changes of window never show stale data. `refreshMs` re-polls while the view is open.
 * `keepPrevious` shows the last key's data until the new key's arrives, for a window that slides on by
 * itself (the Stations timeline moves each minute): it would otherwise blank out at every step.
 */
export function useResource<T>(
  key: string,
  load: () => Promise<T>,
  refreshMs?: number,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): Resource<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: ApiRequestError | null }>({
    key: '',
    data: null,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // `load` is a fresh closure on each render; `key` says when it means something else.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, [key, generation]);

  useEffect(() => {
    let current = true;
    const fetchOnce = () =>
      run().then(
        (data) => current && setState({ key, data, error: null }),
        (error: unknown) =>
          current &&
          setState((s) => ({
            key,
            data: s.key === key ? s.data : null,
            error: error instanceof ApiRequestError ? error : new ApiRequestError(0, null),
          })),
      );
    void fetchOnce();
    const timer = refreshMs ? setInterval(() => void fetchOnce(), refreshMs) : undefined;
    return () => {
      current = false;
      if (timer) clearInterval(timer);
    };
  }, [run, key, refreshMs]);

  const fresh = state.key === key;
  return {
    data: fresh || keepPrevious ? state.data : null,
    error: fresh ? state.error : null,
    loading: !fresh || (state.data === null && state.error === null),
    reload,
  };
}
