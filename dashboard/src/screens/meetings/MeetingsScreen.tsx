import { Route, Routes } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { Page } from "../../components/Page";
import { Empty, Loading } from "../../components/States";
import { CalendarFeed } from "./CalendarFeed";
import { Exceptions } from "./Exceptions";
import { MeetingDetail } from "./MeetingDetail";
import { MyCalendar } from "./MyCalendar";
import { WeeklyAvailability } from "./WeeklyAvailability";

/** /meetings: my calendar, availability, leave and feed; /meetings/:id: one booking. */
export function MeetingsScreen() {
  return (
    <Routes>
      <Route index element={<MyMeetings />} />
      <Route path=":id" element={<MeetingDetail />} />
      <Route
        path="*"
        element={
          <Page title="Meeting not found">
            <Empty>There is no such meetings screen.</Empty>
          </Page>
        }
      />
    </Routes>
  );
}

function MyMeetings() {
  const { account } = useAuth();
  return (
    <Page title="Meetings">
      {account ? (
        <div className="meetings-layout">
          <MyCalendar />
          <div className="meetings-side">
            <WeeklyAvailability account={account} />
            <Exceptions account={account} />
            <CalendarFeed account={account} />
          </div>
        </div>
      ) : (
        <Loading what="Signing you in" />
      )}
    </Page>
  );
}
