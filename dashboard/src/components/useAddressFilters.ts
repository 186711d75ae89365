// A list's filters kept in the address, so that the back button, a reload and a shared link keep
// them: what the list loads with, what its controls show, a setter, and the address's query
// (for links that keep the filters).
import { startTransition, useOptimistic } from "react";
import { useSearchParams } from "react-router-dom";

export function useAddressFilters<N extends string>(names: readonly N[]) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(names.map((name) => [name, params.get(name) ?? ""])) as Record<N, string>;
  // React Router changes the address in a transition, so a control showing `filters` would snap
  // back to its old value until that commits (a checkbox unticks itself for a moment): the
  // controls show `shown`, the choice at once.
  const [shown, show] = useOptimistic(filters, (current, change: Partial<Record<N, string>>) => ({
    ...current,
    ...change,
  }));

  /** Change some filters; an empty value removes one. */
  function set(change: Partial<Record<N, string>>) {
    startTransition(() => {
      show(change);
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [name, value] of Object.entries(change) as [N, string | undefined][]) {
            if (value) next.set(name, value);
            else next.delete(name);
          }
          return next;
        },
        { replace: true },
      );
    });
  }

  return { filters, shown, set, params };
}
