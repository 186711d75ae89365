import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function ReportsScreen() {
  return (
    <Page title="Reports">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
