import { useParams } from "react-router-dom";

import { useApi } from "../../api/useApi";
import { Page } from "../../components/Page";
import { Show } from "../../components/States";
import { ConversationPanel } from "./ConversationPanel";
import { DetailsPanel } from "./DetailsPanel";
import { EvidencePanel } from "./EvidencePanel";
import { PriorityBadge, StatusBadge, UrgentBadge } from "./labels";
import { NotesPanel } from "./NotesPanel";
import { ReferralPanel } from "./ReferralPanel";
import { RelatedPanel } from "./RelatedPanel";
import { StatusPanel } from "./StatusPanel";
import { TimelinePanel } from "./TimelinePanel";
import { TriagePanel } from "./TriagePanel";
import type { Report, TimelineEntry } from "./types";

/** /reports/:reportId: everything about one report, and the officer's work on it. */
export function ReportScreen() {
  const { reportId = "" } = useParams();
  const report = useApi<Report>(`/reports/${reportId}`);
  const timeline = useApi<TimelineEntry[]>(`/reports/${reportId}/timeline`);
  // A change shows in the report (status, priority) and in its timeline.
  const changed = () => {
    report.reload();
    timeline.reload();
  };

  return (
    <Show loaded={report} what="Loading the report">
      {(r) => (
        <Page
          title={`Report ${r.reference}`}
          actions={
            <div className="report-badges" role="group" aria-label="Status and priority">
              <StatusBadge status={r.status} />
              <PriorityBadge priority={r.priority} />
              {r.urgent && <UrgentBadge />}
            </div>
          }
        >
          <div className="report-layout">
            <div className="report-column">
              <DetailsPanel report={r} />
              <EvidencePanel reportId={r.id} />
              <TimelinePanel timeline={timeline} />
            </div>
            <div className="report-column">
              <TriagePanel report={r} onChanged={changed} />
              <StatusPanel report={r} onChanged={changed} />
              <NotesPanel reportId={r.id} onChanged={changed} />
              <ReferralPanel report={r} onChanged={changed} />
              <RelatedPanel reportId={r.id} onChanged={changed} />
              <ConversationPanel reportId={r.id} />
            </div>
          </div>
        </Page>
      )}
    </Show>
  );
}
