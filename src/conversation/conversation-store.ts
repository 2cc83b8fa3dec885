import { SqliteAttachmentRepo, type AttachmentRepo } from '../attachments/attachment-repo';
import type { SqliteConnection } from '../store/sqlite-connection';
import { SqliteChannelCursorRepo, type ChannelCursorRepo } from './channel-cursor-repo';
import { SqliteConversationRepo, type ConversationRepo } from './conversation-repo';
import { SqliteInboxRepo, type InboxRepo } from './inbox/inbox-repo';
import { SqliteMessageRepo, type MessageRepo } from './message-repo';
import { SqliteOutboxRepo, type OutboxRepo } from './outbox/outbox-repo';
import { SqliteReplyMailRepo, type ReplyMailRepo } from '../mail/reply-mail-repo';

/** The pipeline's records: conversations, their messages, and the inbox and outbox queues. */
export interface ConversationStore {
  conversations: ConversationRepo;
  messages: MessageRepo;
  /** What patients attach to their messages, and its download. */
  attachments: AttachmentRepo;
  inbox: InboxRepo;
  outbox: OutboxRepo;
  /** Web-chat patients' addresses for an email when staff reply. */
  replyMail: ReplyMailRepo;
  /** A polling channel's read positions, by channel id. */
  cursors(channel: string): ChannelCursorRepo;
}

export function conversationRepos(sql: SqliteConnection): ConversationStore {
  return {
    conversations: new SqliteConversationRepo(sql),
    messages: new SqliteMessageRepo(sql),
    attachments: new SqliteAttachmentRepo(sql),
    inbox: new SqliteInboxRepo(sql),
    outbox: new SqliteOutboxRepo(sql),
    replyMail: new SqliteReplyMailRepo(sql),
    cursors: (channel) => new SqliteChannelCursorRepo(sql, channel),
  };
}
