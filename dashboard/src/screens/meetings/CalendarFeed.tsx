import { useState } from "react";

import { api, ApiError } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import type { Account } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { ErrorMessage, Loading } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import type { Feed, FeedCreated } from "./types";

/** The officer's private calendar feed: a secret link calendar apps subscribe to. The service
 * keeps only a hash of it, so the link is shown once, when made. */
export function CalendarFeed({ account }: { account: Account }) {
  const feed = useApi<Feed>("/calendar-feeds");
  const [withTeam, setWithTeam] = useState(true);
  const [made, setMade] = useState<FeedCreated>();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [copied, setCopied] = useState(false);
  const none = feed.error instanceof ApiError && feed.error.code === "feed_not_found";

  const make = useAction(async () => {
    const teams = withTeam && account.team ? [account.team] : [];
    setMade(await api<FeedCreated>("/calendar-feeds", { method: "POST", json: { teams } }));
    setNotice(undefined);
    setCopied(false);
    feed.reload();
  });
  const revoke = useAction(async () => {
    await api("/calendar-feeds", { method: "DELETE" });
    setMade(undefined);
    setConfirming(false);
    setNotice("Revoked: calendars subscribed to the link stop updating.");
    feed.reload();
  });

  let status;
  if (feed.error && !none) status = <ErrorMessage error={feed.error} retry={feed.reload} />;
  else if (none) status = <p>You have no calendar feed.</p>;
  else if (feed.data)
    status = (
      <p>
        Your feed was made {formatDateTime(feed.data.created_at)}
        {feed.data.teams.length > 0 && `, with the group sessions of ${feed.data.teams.map(humanise).join(", ")}`}.
        {!made && " Its link was shown when it was made; make a new one if you lost it."}
      </p>
    );
  else status = <Loading what="Loading your feed" />;

  return (
    <Panel title="My calendar feed">
      <p className="hint">
        Subscribe to it in your calendar app to see your booked meetings there. It holds no names or notes.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {status}
      {made && (
        <div className="meetings-feed">
          <Field label="Your private feed URL" hint="Shown only now: copy it into your calendar app. Anyone with it can read your calendar.">
            <input readOnly value={made.url} onFocus={(e) => e.target.select()} />
          </Field>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void navigator.clipboard.writeText(made.url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              Copy the URL
            </button>
            <span role="status">{copied ? "Copied." : ""}</span>
          </div>
        </div>
      )}
      {account.team && (
        <label className="meetings-check">
          <input type="checkbox" checked={withTeam} onChange={(e) => setWithTeam(e.target.checked)} /> Include{" "}
          {humanise(account.team)}’s group sessions
        </label>
      )}
      {make.error && <ErrorMessage error={make.error} />}
      {revoke.error && <ErrorMessage error={revoke.error} />}
      <div className="actions">
        <button type="button" onClick={() => void make.run()} disabled={make.running || feed.loading}>
          {make.running ? "Making…" : none ? "Make my feed URL" : "Make a new feed URL"}
        </button>
        {!none && feed.data && !confirming && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Revoke the feed
          </button>
        )}
      </div>
      {!none && !feed.error && feed.data && !made && <p className="hint">A new link replaces the old one, which stops working.</p>}
      {confirming && (
        <div className="meetings-confirm" role="group" aria-labelledby="revoke-question">
          <p id="revoke-question">Revoke your feed? Calendars subscribed to it stop updating.</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void revoke.run()} disabled={revoke.running}>
              {revoke.running ? "Revoking…" : "Yes, revoke it"}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
    </Panel>
  );
}
