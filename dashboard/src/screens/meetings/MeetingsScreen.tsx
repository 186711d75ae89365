import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function MeetingsScreen() {
  return (
    <Page title="Meetings">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
