// One conversation: its messages, the reply box, who works it and its status, and (for
// supervisors) moderation: hiding a message from the citizen, blocking the citizen.
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";

import { api } from "../../api/client";
import { useAction, useApi } from "../../api/useApi";
import { isSupervisor, useAuth } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { ErrorMessage, Show } from "../../components/States";
import { useStaff } from "../../components/useStaff";
import { formatDateTime } from "../../format";
import { KIND_LABELS, StatusBadge, assigneeLabel, authorLabel } from "./labels";
import type { ConversationDetail, ConversationStatus, ConversationUpdate, Message } from "./types";

export function ConversationThread({ id, onChanged }: { id: string; onChanged: () => void }) {
  const loaded = useApi<ConversationDetail>(`/conversations/${id}`);
  const { data, reload } = loaded;
  const heading = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);

  // Opening a conversation is reading it: mark the citizen's messages read for the team, so
  // that the inbox's unread counts stay true.
  useEffect(() => {
    if (!data || data.unread === 0) return;
    api(`/conversations/${id}/read`, { method: "POST" }).then(onChanged, () => undefined);
  }, [data, id, onChanged]);

  // Keyboard and screen-reader users land on the conversation they chose, not on the inbox.
  useEffect(() => {
    if (data && !focused.current) {
      focused.current = true;
      heading.current?.focus();
    }
  }, [data]);

  const changed = useCallback(() => {
    reload();
    onChanged();
  }, [reload, onChanged]);

  return (
    <section className="panel thread-panel" aria-labelledby="thread-title">
      <Show loaded={loaded} what="Loading the conversation">
        {(conversation) => (
          <>
            <h2 id="thread-title" ref={heading} tabIndex={-1}>
              {conversation.subject}
            </h2>
            <Summary conversation={conversation} />
            <h3>Messages</h3>
            <Messages conversation={conversation} onChanged={changed} />
            <Reply conversation={conversation} onChanged={changed} />
            <Manage key={conversation.status} conversation={conversation} onChanged={changed} />
            <Moderation conversation={conversation} onChanged={changed} />
          </>
        )}
      </Show>
    </section>
  );
}

/** The citizen's account was erased: nobody can write to them any more. */
const ended = (c: ConversationDetail) => c.citizen_id === null && !c.citizen_anonymous;

function Summary({ conversation: c }: { conversation: ConversationDetail }) {
  const { nameOf } = useStaff();
  const citizen = c.citizen_anonymous ? "An anonymous reporter" : ended(c) ? "Account erased" : "A signed-in citizen";
  return (
    <dl className="facts">
      <div>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={c.status} />
        </dd>
      </div>
      <div>
        <dt>Kind</dt>
        <dd>{KIND_LABELS[c.kind]}</dd>
      </div>
      {c.report_id && (
        <div>
          <dt>Report</dt>
          <dd>
            <Link to={`/reports/${c.report_id}`}>Open the report</Link>
          </dd>
        </div>
      )}
      <div>
        <dt>With</dt>
        <dd>
          {citizen}
          {c.citizen_blocked && <span className="badge badge-danger blocked">Blocked</span>}
        </dd>
      </div>
      <div>
        <dt>Assigned to</dt>
        <dd>{assigneeLabel(c.assigned_officer_id, nameOf)}</dd>
      </div>
      <div>
        <dt>Team</dt>
        <dd>{c.team}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatDateTime(c.created_at)}</dd>
      </div>
    </dl>
  );
}

function Messages({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const { account } = useAuth();
  const { nameOf } = useStaff();
  return (
    <ol className="thread" aria-label="Messages, oldest first">
      {conversation.messages.map((message) => (
        <li key={message.id} className={`message${message.author_role === "officer" ? " message-staff" : ""}`}>
          <p className="meta">
            <strong>{authorLabel(message, conversation.citizen_anonymous, nameOf)}</strong> ·{" "}
            <time dateTime={message.at}>{formatDateTime(message.at)}</time>
          </p>
          <p className="message-body">{message.body}</p>
          {message.attachments.length > 0 && (
            <ul className="attachments" aria-label="Evidence attached">
              {message.attachments.map((a) => (
                <li key={a.evidence_id}>
                  <Link to={`/reports/${a.report_id}`}>Evidence {a.evidence_id.slice(0, 8)}: see it in the report</Link>
                </li>
              ))}
            </ul>
          )}
          {message.hidden && (
            <p className="hidden-note">
              <span className="badge badge-danger">Hidden from the citizen</span> {formatDateTime(message.hidden_at)}:{" "}
              {message.hidden_reason}
            </p>
          )}
          {isSupervisor(account) && message.author_role === "citizen" && !message.hidden && (
            <HideMessage conversationId={conversation.id} message={message} onChanged={onChanged} />
          )}
        </li>
      ))}
    </ol>
  );
}

function HideMessage({
  conversationId,
  message,
  onChanged,
}: {
  conversationId: string;
  message: Message;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const hide = useAction((why: string) =>
    api(`/conversations/${conversationId}/messages/${message.id}/hide`, { json: { reason: why } }),
  );
  if (!open) {
    return (
      <button type="button" className="secondary small" onClick={() => setOpen(true)}>
        Hide this message…
      </button>
    );
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if ((await hide.run(reason.trim())) !== undefined) onChanged();
  }
  return (
    <form className="form" onSubmit={submit}>
      <Field label="Why hide it" hint="Kept with the message for the force's record; the citizen sees only that it was hidden.">
        <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />
      </Field>
      {hide.error && <ErrorMessage error={hide.error} />}
      <div className="actions">
        <button type="submit" className="danger" disabled={hide.running}>
          Hide from the citizen
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Reply({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const [text, setText] = useState("");
  const send = useAction((body: string) => api(`/conversations/${conversation.id}/messages`, { json: { text: body } }));
  if (ended(conversation)) {
    return <p className="notice">The citizen erased their account: nobody can write to them any more.</p>;
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if ((await send.run(text.trim())) !== undefined) {
      setText("");
      onChanged();
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="reply-title">
      <h3 id="reply-title">Reply</h3>
      <Field label="Your reply" hint="The citizen reads it in the Peelian app; the conversation then waits for them.">
        <textarea value={text} onChange={(e) => setText(e.target.value)} required maxLength={5000} rows={4} />
      </Field>
      {send.error && <ErrorMessage error={send.error} />}
      <div className="actions">
        <button type="submit" disabled={send.running || text.trim() === ""}>
          {send.running ? "Sending…" : "Send reply"}
        </button>
      </div>
    </form>
  );
}

function Manage({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const { account } = useAuth();
  const [status, setStatus] = useState<ConversationStatus>(conversation.status);
  const update = useAction((change: ConversationUpdate) =>
    api(`/conversations/${conversation.id}`, { method: "PATCH", json: change }),
  );
  async function change(data: ConversationUpdate) {
    if ((await update.run(data)) !== undefined) onChanged();
  }
  const mine = account !== null && conversation.assigned_officer_id === account.id;
  const { staff } = useStaff();
  const [colleague, setColleague] = useState("");
  return (
    <section aria-labelledby="manage-title">
      <h3 id="manage-title">Assignment and status</h3>
      {staff && staff.length > 0 && (
        <form
          className="form assign-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (colleague) void change({ assigned_officer_id: colleague });
          }}
        >
          <Field label="Assign to a colleague">
            <select value={colleague} onChange={(e) => setColleague(e.target.value)}>
              <option value="">Choose someone in your team</option>
              {staff
                .filter((m) => m.id !== conversation.assigned_officer_id)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.display_name}
                  </option>
                ))}
            </select>
          </Field>
          <div className="actions">
            <button type="submit" className="secondary" disabled={update.running || !colleague}>
              Assign
            </button>
          </div>
        </form>
      )}
      <div className="actions">
        {!mine && account && (
          <button type="button" className="secondary" disabled={update.running} onClick={() => void change({ assigned_officer_id: account.id })}>
            Assign to me
          </button>
        )}
        {conversation.assigned_officer_id !== null && (
          <button type="button" className="secondary" disabled={update.running} onClick={() => void change({ assigned_officer_id: null })}>
            Unassign
          </button>
        )}
      </div>
      <form
        className="form status-form"
        onSubmit={(event) => {
          event.preventDefault();
          void change({ status });
        }}
      >
        <Field label="Status" hint="Your reply sets it to waiting; the citizen's next message opens it again.">
          <select value={status} onChange={(e) => setStatus(e.target.value as ConversationStatus)}>
            <option value="open">Open (our turn)</option>
            <option value="waiting">Waiting for the citizen</option>
            <option value="closed">Closed</option>
          </select>
        </Field>
        <div className="actions">
          <button type="submit" disabled={update.running || status === conversation.status}>
            Change status
          </button>
        </div>
      </form>
      {update.error && <ErrorMessage error={update.error} />}
    </section>
  );
}

function Moderation({ conversation, onChanged }: { conversation: ConversationDetail; onChanged: () => void }) {
  const { account } = useAuth();
  const [reason, setReason] = useState("");
  const block = useAction((why: string) => api(`/conversations/${conversation.id}/block`, { json: { reason: why } }));
  const unblock = useAction(() => api(`/conversations/${conversation.id}/block`, { method: "DELETE" }).then(() => true));
  if (!isSupervisor(account) || ended(conversation)) return null;
  async function submit(event: FormEvent) {
    event.preventDefault();
    if ((await block.run(reason.trim())) !== undefined) {
      setReason("");
      onChanged();
    }
  }
  return (
    <section aria-labelledby="moderation-title">
      <h3 id="moderation-title">Moderation</h3>
      {conversation.citizen_blocked ? (
        <>
          <p>This citizen is blocked: they can read their conversations but not post in them or in discussions.</p>
          {unblock.error && <ErrorMessage error={unblock.error} />}
          <button
            type="button"
            className="secondary"
            disabled={unblock.running}
            onClick={async () => {
              if (await unblock.run()) onChanged();
            }}
          >
            Unblock the citizen
          </button>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field
            label="Reason for blocking"
            hint="Blocks the person from posting anywhere (they can still read and complain); their identity stays hidden."
          >
            <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} />
          </Field>
          {block.error && <ErrorMessage error={block.error} />}
          <div className="actions">
            <button type="submit" className="danger" disabled={block.running}>
              Block the citizen
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
