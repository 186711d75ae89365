import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function OverviewScreen() {
  return (
    <Page title="Overview">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
