// A keyset-paged list (the platform's {items, next_cursor}) read page by page: the first page
// when the path or the filters change, the next ones appended by a "Load more" button.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

import { api, type Page, type RequestOptions } from "../api/client";
import { Empty, ErrorMessage, Loading } from "./States";

type Query = NonNullable<RequestOptions["query"]>;

export interface Paged<T> {
  /** Every item loaded so far; undefined until the first page arrives. */
  items?: T[];
  error?: Error;
  loading: boolean;
  /** There is another page. */
  more: boolean;
  loadMore: () => void;
  /** Start again from the first page (after a change the screen made). */
  reload: () => void;
}

export function usePaged<T>(path: string, query: Query = {}): Paged<T> {
  const key = JSON.stringify([path, query]);
  const [state, setState] = useState<{ items?: T[]; next: string | null; error?: Error; loading: boolean }>({
    next: null,
    loading: true,
  });
  const [version, setVersion] = useState(0);
  const inFlight = useRef<AbortController | null>(null);
  // The filters the items on screen were read with: other filters' items are not kept.
  const shown = useRef(key);

  const fetchPage = useCallback(
    (cursor: string | null) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      const fresh = cursor === null && shown.current !== key;
      shown.current = key;
      setState((previous) => ({ ...previous, items: fresh ? undefined : previous.items, error: undefined, loading: true }));
      api<Page<T>>(path, { query: { ...query, cursor }, signal: controller.signal }).then(
        (page) =>
          setState((previous) => ({
            items: cursor === null ? page.items : [...(previous.items ?? []), ...page.items],
            next: page.next_cursor,
            loading: false,
          })),
        (error: Error) => {
          if (!controller.signal.aborted) setState((previous) => ({ ...previous, error, loading: false }));
        },
      );
    },
    // `key` stands for path and query (a new query object each render is the same request).
    [key],
  );

  useEffect(() => {
    fetchPage(null);
    return () => inFlight.current?.abort();
  }, [fetchPage, version]);

  const { next } = state;
  const loadMore = useCallback(() => {
    if (next !== null) fetchPage(next);
  }, [fetchPage, next]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { items: state.items, error: state.error, loading: state.loading, more: next !== null, loadMore, reload };
}

/** Below a paged list: the error of a later page, and the button for the next one. */
export function LoadMore<T>({ paged, what = "more" }: { paged: Paged<T>; what?: string }) {
  if (paged.items === undefined) return null;
  if (paged.error) return <ErrorMessage error={paged.error} retry={paged.more ? paged.loadMore : paged.reload} />;
  if (paged.loading) return <Loading what={`Loading ${what}`} />;
  if (!paged.more) return null;
  return (
    <p>
      <button type="button" className="secondary" onClick={paged.loadMore}>
        Load {what}
      </button>
    </p>
  );
}

/** A paged list: its loading or error state, an empty message, or the items and "Load more". */
export function ShowPaged<T>({
  paged,
  what,
  empty,
  children,
}: {
  paged: Paged<T>;
  what: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (paged.items === undefined) {
    return paged.error ? <ErrorMessage error={paged.error} retry={paged.reload} /> : <Loading what={`Loading ${what}`} />;
  }
  if (paged.items.length === 0) {
    if (paged.error) return <ErrorMessage error={paged.error} retry={paged.reload} />;
    return paged.loading ? <Loading what={`Loading ${what}`} /> : <Empty>{empty}</Empty>;
  }
  return (
    <>
      {children(paged.items)}
      <LoadMore paged={paged} what={`more ${what}`} />
    </>
  );
}
