// Partner agency staff: the referrals the force sent to their agency (the API shows them no
// other), and on each one what they may do: accept, decline, post updates, record the outcome.
import { Route, Routes } from "react-router-dom";

import { ReferralDetail } from "./ReferralDetail";
import { ReferralList } from "./ReferralList";

export function PartnerScreen() {
  return (
    <Routes>
      <Route index element={<ReferralList />} />
      <Route path=":referralId" element={<ReferralDetail />} />
    </Routes>
  );
}
