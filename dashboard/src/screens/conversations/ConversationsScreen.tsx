import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function ConversationsScreen() {
  return (
    <Page title="Conversations">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
