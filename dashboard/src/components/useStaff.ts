// The signed-in officer's team, from the gateway's staff directory (GET /accounts/staff): for
// assigning work to a colleague and naming who did what.
import { useCallback } from "react";

import type { Page } from "../api/client";
import { useApi } from "../api/useApi";
import { useAuth, type Role } from "../auth/AuthContext";

export interface StaffMember {
  id: string;
  display_name: string;
  team: string | null;
  roles: Role[];
}

// A neighbourhood team is a few dozen people: one page holds it.
const TEAM_PAGE = 100;

export function useStaff() {
  const { account } = useAuth();
  const loaded = useApi<Page<StaffMember>>("/accounts/staff", {
    query: { team: account?.team, limit: TEAM_PAGE },
  });
  const staff = loaded.data?.items;
  /** "You", a colleague's name, or `unknown` for someone outside the team. */
  const nameOf = useCallback(
    (id: string, unknown = "Another officer") =>
      id === account?.id ? "You" : (staff?.find((m) => m.id === id)?.display_name ?? unknown),
    [staff, account?.id],
  );
  return { staff, error: loaded.error, nameOf };
}
