import type { ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";

import { AuthProvider, isPartner, isStaff, useAuth } from "./auth/AuthContext";
import { LoginScreen } from "./auth/LoginScreen";
import { Layout } from "./components/Layout";
import { Page } from "./components/Page";
import { Empty, Loading } from "./components/States";
import { ConversationsScreen } from "./screens/conversations/ConversationsScreen";
import { MapScreen } from "./screens/map/MapScreen";
import { MeetingsScreen } from "./screens/meetings/MeetingsScreen";
import { OverviewScreen } from "./screens/overview/OverviewScreen";
import { PartnerScreen } from "./screens/partner/PartnerScreen";
import { PublicationsScreen } from "./screens/publications/PublicationsScreen";
import { ReportsScreen } from "./screens/reports/ReportsScreen";
import { SurveysScreen } from "./screens/surveys/SurveysScreen";

/** Only signed-in users, and of them only those `allowed`, see `children`. */
function Guard({ allowed, children }: { allowed: "staff" | "partner"; children: ReactNode }) {
  const { account, resuming } = useAuth();
  const location = useLocation();
  if (resuming) return <Loading what="Signing you in" />;
  if (!account) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const ok = allowed === "staff" ? isStaff(account) : isPartner(account);
  if (!ok) return <Navigate to={isPartner(account) ? "/partner" : "/"} replace />;
  return <>{children}</>;
}

const staff = (screen: ReactNode) => <Guard allowed="staff">{screen}</Guard>;

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter basename="/dashboard">
        <Routes>
          <Route path="/login" element={<LoginScreen />} />
          <Route element={<Layout />}>
            <Route index element={staff(<OverviewScreen />)} />
            <Route path="map" element={staff(<MapScreen />)} />
            <Route path="reports/*" element={staff(<ReportsScreen />)} />
            <Route path="conversations/*" element={staff(<ConversationsScreen />)} />
            <Route path="publications/*" element={staff(<PublicationsScreen />)} />
            <Route path="surveys/*" element={staff(<SurveysScreen />)} />
            <Route path="meetings/*" element={staff(<MeetingsScreen />)} />
            <Route path="partner/*" element={<Guard allowed="partner"><PartnerScreen /></Guard>} />
            <Route
              path="*"
              element={
                <Page title="Page not found">
                  <Empty>There is no such screen. Use the menu above.</Empty>
                </Page>
              }
            />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
