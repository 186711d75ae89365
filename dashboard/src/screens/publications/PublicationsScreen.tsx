// Publications: the list (/publications), the composer (/publications/new) and one
// publication with its approval, publishing, reach and retraction (/publications/:id).
import { Route, Routes } from "react-router-dom";

import { Page } from "../../components/Page";
import { Empty } from "../../components/States";
import { Composer } from "./Composer";
import { PublicationDetail } from "./PublicationDetail";
import { PublicationList } from "./PublicationList";

export function PublicationsScreen() {
  return (
    <Routes>
      <Route index element={<PublicationList />} />
      <Route path="new" element={<Composer />} />
      <Route path=":id" element={<PublicationDetail />} />
      <Route
        path="*"
        element={
          <Page title="Page not found">
            <Empty>There is no such publications page.</Empty>
          </Page>
        }
      />
    </Routes>
  );
}
