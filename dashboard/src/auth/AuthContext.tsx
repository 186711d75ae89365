import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { api, hasSession, onSignedOut, refresh, signIn, signOut } from "../api/client";

export type Role = "citizen" | "officer" | "supervisor" | "admin" | "partner";

export interface Account {
  id: string;
  email: string;
  display_name: string;
  roles: Role[];
  partner_id: string | null;
  team: string | null;
}

interface Auth {
  account: Account | null;
  /** True while a stored sign-in is being resumed (a reload). */
  resuming: boolean;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error("useAuth outside <AuthProvider>");
  return auth;
}

export function isStaff(account: Account | null): boolean {
  return account?.roles.some((r) => r === "officer" || r === "supervisor" || r === "admin") ?? false;
}

export function isSupervisor(account: Account | null): boolean {
  return account?.roles.some((r) => r === "supervisor" || r === "admin") ?? false;
}

export function isPartner(account: Account | null): boolean {
  return account?.roles.includes("partner") ?? false;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [account, setAccount] = useState<Account | null>(null);
  const [resuming, setResuming] = useState(hasSession());

  useEffect(() => onSignedOut(() => setAccount(null)), []);
  useEffect(() => {
    if (!resuming) return;
    // A reload: the access token was in memory only, so refresh, then ask who we are.
    refresh()
      .then(async (ok) => (ok ? setAccount(await api<Account>("/accounts/me")) : undefined))
      .catch(() => undefined)
      .finally(() => setResuming(false));
  }, [resuming]);

  const login = useCallback(async (email: string, password: string) => {
    await signIn(email, password);
    const me = await api<Account>("/accounts/me");
    if (!isStaff(me) && !isPartner(me)) {
      await signOut();
      throw new Error("The dashboard is for police staff and partner agencies: use the Peelian app.");
    }
    setAccount(me);
  }, []);
  const logout = useCallback(async () => {
    await signOut();
    setAccount(null);
  }, []);
  const value = useMemo(() => ({ account, resuming, login, logout }), [account, resuming, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
