import { Route, Routes, useNavigate } from "react-router-dom";

import { api } from "../../api/client";
import { Page } from "../../components/Page";
import { Empty } from "../../components/States";
import { newDistribution, newSurvey } from "./draft";
import { SurveyDetail } from "./SurveyDetail";
import { SurveyForm } from "./SurveyForm";
import { SurveyList } from "./SurveyList";
import type { Distribution, Survey, SurveyContent } from "./types";

/** /surveys: the list; /surveys/new: the builder; /surveys/:id: a survey, its results. */
export function SurveysScreen() {
  return (
    <Routes>
      <Route index element={<SurveyList />} />
      <Route path="new" element={<NewSurvey />} />
      <Route path=":id" element={<SurveyDetail />} />
      <Route
        path="*"
        element={
          <Page title="Survey not found">
            <Empty>There is no such survey screen.</Empty>
          </Page>
        }
      />
    </Routes>
  );
}

/** The builder for a new survey: saved as a draft (then opened), or saved and published. */
function NewSurvey() {
  const navigate = useNavigate();
  return (
    <Page title="New survey">
      <SurveyForm
        initial={newSurvey()}
        distribution={newDistribution()}
        saveLabel="Save draft"
        publishLabel="Publish"
        onSave={async (content, distribution) => {
          const survey = await createSurvey(content, distribution);
          navigate(`../${survey.id}`, { state: { notice: "Draft saved." } });
        }}
        onPublish={async (content, distribution) => {
          const survey = await createSurvey(content, distribution);
          // Saved: whatever publishing answers, the officer continues on the survey's own page.
          try {
            await api<Survey>(`/surveys/${survey.id}/publish`, { method: "POST" });
            navigate(`../${survey.id}`, { state: { notice: "Published." } });
          } catch (error) {
            navigate(`../${survey.id}`, { state: { publishError: (error as Error).message } });
          }
        }}
      />
    </Page>
  );
}

function createSurvey(content: SurveyContent, distribution?: Distribution) {
  return api<Survey>("/surveys", { method: "POST", json: { ...distribution, content } });
}
