import { useCallback, useEffect, useRef, useState } from "react";

import { api, type Page, type RequestOptions } from "../../api/client";

export interface Paged<T> {
  items: T[];
  error?: Error;
  loading: boolean;
  /** True when the server has another page. */
  more: boolean;
  loadMore: () => void;
}

/** A keyset-paged list: the first page of `path` with `query`, then "Load more" appends the
 * next page from next_cursor. A new query starts again from the first page. */
export function usePaged<T>(path: string, query: RequestOptions["query"] = {}): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(true);
  const controller = useRef<AbortController | null>(null);
  const key = JSON.stringify([path, query]);

  const load = useCallback(
    (from: string | null) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setLoading(true);
      setError(undefined);
      api<Page<T>>(path, { query: { ...query, cursor: from }, signal: current.signal }).then(
        (page) => {
          setItems((previous) => (from === null ? page.items : [...previous, ...page.items]));
          setCursor(page.next_cursor);
          setLoading(false);
        },
        (caught: Error) => {
          if (current.signal.aborted) return;
          setError(caught);
          setLoading(false);
        },
      );
    },
    // `key` stands for path and query (a new query object each render is the same request).
    [key],
  );

  useEffect(() => {
    setItems([]);
    load(null);
    return () => controller.current?.abort();
  }, [load]);

  return { items, error, loading, more: cursor !== null, loadMore: () => load(cursor) };
}
