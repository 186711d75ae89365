import { Page } from "../../components/Page";
import { Empty } from "../../components/States";

export function SurveysScreen() {
  return (
    <Page title="Surveys">
      <Empty>This screen is being built.</Empty>
    </Page>
  );
}
