import { useState, type FormEvent } from "react";

import { api } from "../../api/client";
import { useAction } from "../../api/useApi";
import { Field } from "../../components/Field";
import { Panel } from "../../components/Page";
import { Empty, ErrorMessage, Loading } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import type { Evidence, EvidenceUrl } from "./types";
import { usePaged } from "../../components/Paged";

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Photos are shown by their thumbnail (the original on request); everything else is its
// original, the only copy there is.
const shownAs = (e: Evidence): EvidenceUrl["variant"] =>
  e.media_kind === "photo" && e.derivative_status === "ready" ? "thumbnail" : "original";

function download(e: Evidence, variant: EvidenceUrl["variant"], purpose: string) {
  return api<EvidenceUrl>(`/reports/${e.report_id}/evidence/${e.id}/download`, {
    method: "POST",
    json: { variant, purpose },
  });
}

/** One opened piece of evidence: a thumbnail, a player or a link, from its presigned URL. */
function Opened({ evidence, shown, purpose, n }: { evidence: Evidence; shown: EvidenceUrl; purpose: string; n: number }) {
  const [original, setOriginal] = useState<EvidenceUrl | null>(null);
  const open = useAction(() => download(evidence, "original", purpose));
  const label = `Evidence ${n}: ${humanise(evidence.media_kind)}, ${formatDateTime(evidence.created_at)}`;
  return (
    <figure className="report-evidence">
      {evidence.media_kind === "photo" && <img src={shown.url} alt={label} />}
      {evidence.media_kind === "video" && (
        <video src={shown.url} controls preload="metadata" aria-label={label}>
          <a href={shown.url}>Download the video</a>
        </video>
      )}
      {evidence.media_kind === "audio" && <audio src={shown.url} controls aria-label={label} />}
      {evidence.media_kind === "document" && (
        <a href={shown.url} target="_blank" rel="noreferrer">
          Open the document ({evidence.content_type})
        </a>
      )}
      <figcaption className="meta">
        {label} · {size(evidence.size_bytes)}
        {shown.variant === "thumbnail" &&
          (original ? (
            <>
              {" "}
              ·{" "}
              <a href={original.url} target="_blank" rel="noreferrer">
                Original (new tab)
              </a>
            </>
          ) : (
            <>
              {" "}
              <button
                type="button"
                className="secondary"
                disabled={open.running}
                onClick={async () => setOriginal((await open.run()) ?? null)}
              >
                Get the original
              </button>
            </>
          ))}
      </figcaption>
      {open.error && <ErrorMessage error={open.error} />}
    </figure>
  );
}

/** The report's evidence (GET /reports/{id}/evidence). Opening it needs a purpose, recorded in
 * each item's chain of custody; the files come from short-lived presigned URLs. */
export function EvidencePanel({ reportId }: { reportId: string }) {
  const paged = usePaged<Evidence>(`/reports/${reportId}/evidence`, { limit: 20 });
  const evidence = { ...paged, items: paged.items ?? [] };
  const [purpose, setPurpose] = useState("");
  const [opened, setOpened] = useState<{ purpose: string; urls: Map<string, EvidenceUrl> } | null>(null);
  const openAll = useAction(async (why: string, items: Evidence[]) => {
    const urls = await Promise.all(items.map(async (e) => [e.id, await download(e, shownAs(e), why)] as const));
    return new Map(urls);
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const why = purpose.trim();
    const urls = await openAll.run(why, evidence.items);
    if (urls) setOpened({ purpose: why, urls });
  }

  return (
    <Panel title="Evidence">
      {evidence.items.length === 0 && !evidence.loading && !evidence.error && <Empty>No evidence attached.</Empty>}
      {evidence.items.length > 0 && !opened && (
        <>
          <ul className="list">
            {evidence.items.map((e) => (
              <li key={e.id}>
                {humanise(e.media_kind)} ({e.content_type}, {size(e.size_bytes)}) · {formatDateTime(e.created_at)}
                <div className="meta">SHA-256 {e.sha256.slice(0, 16)}…</div>
              </li>
            ))}
          </ul>
          <form className="form" onSubmit={submit}>
            <Field
              label="Purpose of viewing"
              hint="Recorded with your name in the chain of custody of each item, e.g. 'Triage of the report'"
            >
              <input value={purpose} onChange={(e) => setPurpose(e.target.value)} required minLength={3} maxLength={500} />
            </Field>
            <div className="actions">
              <button type="submit" disabled={openAll.running}>
                Open the evidence
              </button>
            </div>
          </form>
          {openAll.error && <ErrorMessage error={openAll.error} />}
        </>
      )}
      {opened && (
        <>
          <p className="meta">Opened for: {opened.purpose}. The links expire after a few minutes.</p>
          <div className="thumbs">
            {evidence.items.map((e, i) => {
              const shown = opened.urls.get(e.id);
              return shown ? <Opened key={e.id} evidence={e} shown={shown} purpose={opened.purpose} n={i + 1} /> : null;
            })}
          </div>
        </>
      )}
      {evidence.loading && <Loading what="Loading the evidence" />}
      {evidence.error && <ErrorMessage error={evidence.error} retry={evidence.loadMore} />}
      {evidence.more && !evidence.loading && !opened && (
        <button type="button" className="secondary" onClick={evidence.loadMore}>
          Load more
        </button>
      )}
    </Panel>
  );
}
