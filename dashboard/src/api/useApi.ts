import { useCallback, useEffect, useState } from "react";

import { api, type RequestOptions } from "./client";

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  /** Load again (after a change the screen made). */
  reload: () => void;
}

/** GET `path` (null: nothing to load yet) and keep its answer, error and loading state; a
 * newer request replaces an older one still in flight. */
export function useApi<T>(path: string | null, options: Omit<RequestOptions, "signal"> = {}): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: path !== null,
  });
  const [version, setVersion] = useState(0);
  const key = path === null ? null : JSON.stringify([path, options]);
  useEffect(() => {
    if (key === null || path === null) return;
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    api<T>(path, { ...options, signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: Error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      },
    );
    return () => controller.abort();
    // `key` stands for path and options (a new options object each render is the same request).
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** An action a button starts (a POST): its running and error state, for the button and an
 * error message next to it. `run` resolves to the answer, or undefined if it failed. */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setRunning(true);
      setError(undefined);
      try {
        return await action(...args);
      } catch (caught) {
        setError(caught as Error);
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [action],
  );
  return { run, running, error, clearError: () => setError(undefined) };
}
