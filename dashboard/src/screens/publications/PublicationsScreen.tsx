import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function PublicationsScreen() {
  return (
    <Page title="Publications">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
