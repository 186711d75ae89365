import { Link } from "react-router-dom";

import type { Page } from "../../api/client";
import { useApi } from "../../api/useApi";
import { Panel } from "../../components/Page";
import { Empty, Show } from "../../components/States";
import { formatDateTime, humanise } from "../../format";
import type { Conversation } from "./types";

/** The conversation messaging opened with the reporter, if there is one. */
export function ConversationPanel({ reportId }: { reportId: string }) {
  const inbox = useApi<Page<Conversation>>("/conversations", { query: { report_id: reportId } });
  return (
    <Panel title="Conversation with the reporter">
      <Show loaded={inbox} what="Looking for the conversation">
        {(page) => {
          const conversation = page.items[0];
          if (!conversation) {
            return (
              <Empty>
                No conversation about this report: the reporter did not allow contact, or it is
                still opening. See all of them in <Link to="/conversations">the conversations</Link>.
              </Empty>
            );
          }
          return (
            <p>
              <Link to={`/conversations/${conversation.id}`}>Open the conversation</Link>{" "}
              <span className="badge">{humanise(conversation.status)}</span>
              {conversation.unread > 0 && <span className="badge badge-urgent">{conversation.unread} unread</span>}
              <span className="meta"> · last message {formatDateTime(conversation.last_message_at)}</span>
            </p>
          );
        }}
      </Show>
    </Panel>
  );
}
