import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function MapScreen() {
  return (
    <Page title="Map">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
