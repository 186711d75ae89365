import { useApi } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Show } from "../../components/States";
import type { DraftDistribution } from "./draft";
import type { Audience, NamedArea, Topic } from "./types";

const AUDIENCES: { audience: Audience; label: string; hint: string }[] = [
  { audience: "public", label: "Public link", hint: "Anyone with the link may answer; nobody is told." },
  { audience: "citizens", label: "All citizens", hint: "Every subscriber in every area is told." },
  { audience: "areas", label: "Target areas", hint: "Subscribers of the chosen areas (and topics) are told." },
  { audience: "accounts", label: "Chosen accounts", hint: "Only these accounts are told, and only they may answer." },
];

function toggle(list: string[], item: string, on: boolean): string[] {
  return on ? [...list, item] : list.filter((x) => x !== item);
}

/** Who is asked and when: the survey's distribution, while it is a draft. */
export function DistributionForm({
  value,
  onChange,
}: {
  value: DraftDistribution;
  onChange: (value: DraftDistribution) => void;
}) {
  const areas = useApi<NamedArea[]>("/areas");
  const topics = useApi<Topic[]>("/topics");
  const set = (change: Partial<DraftDistribution>) => onChange({ ...value, ...change });
  const topical = value.audience === "areas" || value.audience === "citizens";
  return (
    <div className="form">
      <fieldset>
        <legend>Who is asked</legend>
        <div className="survey-audiences">
          {AUDIENCES.map((a) => (
            <label key={a.audience}>
              <input
                type="radio"
                name="audience"
                value={a.audience}
                checked={value.audience === a.audience}
                onChange={() => set({ audience: a.audience })}
              />{" "}
              <strong>{a.label}</strong> <span className="hint">{a.hint}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {value.audience === "areas" && (
        <fieldset>
          <legend>Areas</legend>
          <Show loaded={areas} what="Loading the areas">
            {(list) => (
              <div className="checks">
                {list.map((area) => (
                  <label key={area.slug}>
                    <input
                      type="checkbox"
                      checked={value.areas.includes(area.slug)}
                      onChange={(e) => set({ areas: toggle(value.areas, area.slug, e.target.checked) })}
                    />{" "}
                    {area.name}
                  </label>
                ))}
              </div>
            )}
          </Show>
        </fieldset>
      )}
      {topical && (
        <fieldset>
          <legend>Topics (optional)</legend>
          <p className="hint">Only subscribers of these topics are told; none chosen: every subscriber.</p>
          <Show loaded={topics} what="Loading the topics">
            {(list) => (
              <div className="checks">
                {list.map((topic) => (
                  <label key={topic.slug}>
                    <input
                      type="checkbox"
                      checked={value.topics.includes(topic.slug)}
                      onChange={(e) => set({ topics: toggle(value.topics, topic.slug, e.target.checked) })}
                    />{" "}
                    {topic.name}
                  </label>
                ))}
              </div>
            )}
          </Show>
        </fieldset>
      )}
      {value.audience === "accounts" && (
        <Field label="Account ids" hint="One a line: the citizens' account ids.">
          <textarea value={value.accounts} onChange={(e) => set({ accounts: e.target.value })} />
        </Field>
      )}
      <div className="survey-row">
        <Field label="Opens" hint="Empty: when published.">
          <input type="datetime-local" value={value.opensAt} onChange={(e) => set({ opensAt: e.target.value })} />
        </Field>
        <Field label="Closes" hint="Empty: when an officer closes it.">
          <input type="datetime-local" value={value.closesAt} onChange={(e) => set({ closesAt: e.target.value })} />
        </Field>
      </div>
      <fieldset>
        <legend>Responses</legend>
        <div className="survey-audiences">
          <label>
            <input type="radio" name="anonymous" checked={value.anonymous} onChange={() => set({ anonymous: true })} />{" "}
            <strong>Anonymous</strong>{" "}
            <span className="hint">Responses hold nothing about who gave them.</span>
          </label>
          <label>
            <input type="radio" name="anonymous" checked={!value.anonymous} onChange={() => set({ anonymous: false })} />{" "}
            <strong>Identified</strong>{" "}
            <span className="hint">Respondents sign in and their account is kept with their answers.</span>
          </label>
        </div>
        <p className="hint">Who is asked and anonymity cannot change once the survey is published.</p>
      </fieldset>
    </div>
  );
}
