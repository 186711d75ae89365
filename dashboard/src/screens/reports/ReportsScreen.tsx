import { Route, Routes } from "react-router-dom";

import { ReportList } from "./ReportList";
import { ReportScreen } from "./ReportScreen";

/** Mounted at /reports/*: the search at /reports, one report at /reports/:reportId. */
export function ReportsScreen() {
  return (
    <Routes>
      <Route index element={<ReportList />} />
      <Route path=":reportId" element={<ReportScreen />} />
    </Routes>
  );
}
