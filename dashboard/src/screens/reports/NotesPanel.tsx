import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ErrorMessage } from "../../components/States";
import type { TimelineEntry } from "./types";

/** One text form posting to the report's notes or updates. */
function TextForm({
  reportId,
  path,
  label,
  hint,
  button,
  confirmation,
  onChanged,
}: {
  reportId: string;
  path: "notes" | "updates";
  label: string;
  hint: string;
  button: string;
  confirmation: string;
  onChanged: () => void;
}) {
  const [text, setText] = useState("");
  const [done, setDone] = useState(false);
  const post = useAction((body: string) =>
    api<TimelineEntry>(`/reports/${reportId}/${path}`, { method: "POST", json: { text: body } }),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (await post.run(text.trim())) {
      setText("");
      setDone(true);
      onChanged();
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <Field label={label} hint={hint}>
        <textarea value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} />
      </Field>
      <div className="actions">
        <button type="submit" disabled={post.running}>
          {button}
        </button>
      </div>
      {done && (
        <p className="notice" role="status">
          {confirmation}
        </p>
      )}
      {post.error && <ErrorMessage error={post.error} />}
    </form>
  );
}

/** Internal notes (the force only) and public updates (the reporter reads them). */
export function NotesPanel({ reportId, onChanged }: { reportId: string; onChanged: () => void }) {
  return (
    <Panel title="Notes and updates">
      <TextForm
        reportId={reportId}
        path="notes"
        label="Internal note"
        hint="Only the force sees it"
        button="Add internal note"
        confirmation="Note added to the timeline."
        onChanged={onChanged}
      />
      <TextForm
        reportId={reportId}
        path="updates"
        label="Public update"
        hint="The reporter reads it (and is told, if they agreed to be contacted)"
        button="Publish update"
        confirmation="Update published to the reporter."
        onChanged={onChanged}
      />
    </Panel>
  );
}
