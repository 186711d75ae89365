// The team inbox (/conversations) beside the conversation open in it (/conversations/:id):
// citizens' conversations about their reports, answers to appeals and general questions.
// The filters live in the address, so a reload or a shared link shows the same inbox.
import { useCallback } from "react";
import { Link, Route, Routes, useParams } from "react-router-dom";

import { useAuth } from "../../auth/AuthContext";
import { Field } from "../../components/Field";
import { Page } from "../../components/Page";
import { ShowPaged, usePaged } from "../../components/Paged";
import { Empty } from "../../components/States";
import { useAddressFilters } from "../../components/useAddressFilters";
import { useStaff } from "../../components/useStaff";
import { formatDateTime } from "../../format";
import { ConversationThread } from "./ConversationThread";
import { KIND_LABELS, StatusBadge, assigneeLabel } from "./labels";
import type { Conversation, ConversationStatus, InboxFilters } from "./types";

export function ConversationsScreen() {
  return (
    <Page title="Conversations">
      <Routes>
        <Route path=":id?" element={<Inbox />} />
        <Route path="*" element={<Empty>There is no such conversation page.</Empty>} />
      </Routes>
    </Page>
  );
}

function Inbox() {
  const { id } = useParams();
  const { account } = useAuth();
  const { filters, shown, set, params } = useAddressFilters(["status", "assigned", "unread"]);
  const { nameOf } = useStaff();
  const query: InboxFilters = {
    status: (filters.status as ConversationStatus) || undefined,
    assigned_officer_id: filters.assigned === "me" ? account?.id : undefined,
    unassigned: filters.assigned === "nobody" ? true : undefined,
    unread: filters.unread === "1" || undefined,
  };
  const inbox = usePaged<Conversation>("/conversations", { ...query });
  const { reload } = inbox;
  const changed = useCallback(() => reload(), [reload]);

  return (
    <div className="split conversations">
      <section className="panel" aria-labelledby="inbox-title">
        <h2 id="inbox-title">Team inbox</h2>
        <form className="form inbox-filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter the inbox">
          <Field label="Status">
            <select value={shown.status} onChange={(event) => set({ status: event.target.value })}>
              <option value="">Any status</option>
              <option value="open">Open (our turn)</option>
              <option value="waiting">Waiting for the citizen</option>
              <option value="closed">Closed</option>
            </select>
          </Field>
          <Field label="Assigned to">
            <select value={shown.assigned} onChange={(event) => set({ assigned: event.target.value })}>
              <option value="">Anyone or nobody</option>
              <option value="me">Me</option>
              <option value="nobody">Nobody (unassigned)</option>
            </select>
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={shown.unread === "1"}
              onChange={(event) => set({ unread: event.target.checked ? "1" : "" })}
            />{" "}
            Only with unread messages
          </label>
        </form>
        <ShowPaged paged={inbox} what="conversations" empty="No conversation matches these filters.">
          {(items) => (
            <ul className="list inbox" aria-label="Conversations, most recent activity first">
              {items.map((conversation) => (
                <InboxItem
                  key={conversation.id}
                  conversation={conversation}
                  current={conversation.id === id}
                  nameOf={nameOf}
                  search={params.toString()}
                />
              ))}
            </ul>
          )}
        </ShowPaged>
      </section>
      {id ? (
        <ConversationThread key={id} id={id} onChanged={changed} />
      ) : (
        <section className="panel" aria-labelledby="thread-none">
          <h2 id="thread-none">No conversation open</h2>
          <Empty>Choose a conversation in the inbox to read and answer it.</Empty>
        </section>
      )}
    </div>
  );
}

function InboxItem({
  conversation: c,
  current,
  nameOf,
  search,
}: {
  conversation: Conversation;
  current: boolean;
  nameOf: (id: string) => string;
  search: string;
}) {
  return (
    <li aria-current={current ? "true" : undefined}>
      <p className="inbox-subject">
        <Link to={`/conversations/${c.id}${search ? `?${search}` : ""}`}>{c.subject}</Link>
        {c.unread > 0 && <span className="badge badge-urgent">{c.unread} unread</span>}
      </p>
      <p className="meta">
        <StatusBadge status={c.status} /> {KIND_LABELS[c.kind]} · last message {formatDateTime(c.last_message_at)} ·
        assigned: {assigneeLabel(c.assigned_officer_id, nameOf)}
        {c.citizen_id === null && !c.citizen_anonymous && " · account erased"}
      </p>
    </li>
  );
}
