// The messaging service's conversation shapes as staff see them (services/messaging/src/
// messaging/conversations/schemas.py: ConversationStaffRead, ConversationStaffDetail, ...).

export type ConversationStatus = "open" | "waiting" | "closed";
export type ConversationKind = "report" | "appeal_response" | "general";
export type AuthorRole = "citizen" | "officer" | "system";

/** A reference to evidence that Reporting holds, of the conversation's report. */
export interface Attachment {
  report_id: string;
  evidence_id: string;
}

export interface Conversation {
  id: string;
  kind: ConversationKind;
  subject: string;
  report_id: string | null;
  publication_id: string | null;
  status: ConversationStatus;
  created_at: string;
  last_message_at: string;
  /** The citizen's messages the team has not read. */
  unread: number;
  /** Null for an anonymous reporter (never shown) and once the account is erased. */
  citizen_id: string | null;
  citizen_anonymous: boolean;
  team: string;
  assigned_officer_id: string | null;
  updated_at: string;
}

export interface Message {
  id: string;
  at: string;
  author_role: AuthorRole;
  body: string | null;
  attachments: Attachment[];
  hidden: boolean;
  author_id: string | null;
  hidden_at: string | null;
  hidden_by: string | null;
  hidden_reason: string | null;
}

export interface ConversationDetail extends Conversation {
  messages: Message[];
  citizen_blocked: boolean;
}

/** PATCH /conversations/{id}: fields left out are unchanged; a null officer unassigns. */
export interface ConversationUpdate {
  assigned_officer_id?: string | null;
  status?: ConversationStatus;
}

/** The inbox's filters, as GET /conversations takes them. */
export interface InboxFilters {
  status?: ConversationStatus;
  assigned_officer_id?: string;
  unassigned?: boolean;
  unread?: boolean;
}
