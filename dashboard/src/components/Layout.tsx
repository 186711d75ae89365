import { NavLink, Outlet } from "react-router-dom";

import { isPartner, isStaff, useAuth } from "../auth/AuthContext";

// The screens each kind of user works in, in the order of their day.
interface Screen {
  to: string;
  label: string;
  end?: boolean;
}

const STAFF_SCREENS: Screen[] = [
  { to: "/", label: "Overview", end: true },
  { to: "/map", label: "Map" },
  { to: "/reports", label: "Reports" },
  { to: "/conversations", label: "Conversations" },
  { to: "/publications", label: "Publications" },
  { to: "/surveys", label: "Surveys" },
  { to: "/meetings", label: "Meetings" },
];
const PARTNER_SCREENS: Screen[] = [{ to: "/partner", label: "My referrals" }];

export function Layout() {
  const { account, logout } = useAuth();
  const screens = [...(isStaff(account) ? STAFF_SCREENS : []), ...(isPartner(account) ? PARTNER_SCREENS : [])];
  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        Skip to the content
      </a>
      <header className="topbar">
        <span className="brand">Peelian</span>
        <nav aria-label="Screens">
          <ul>
            {screens.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.end}>
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {account?.display_name}
            {account?.team ? ` · ${account.team}` : ""}
          </span>
          <button type="button" className="secondary" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
