import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function PartnerScreen() {
  return (
    <Page title="My referrals">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
