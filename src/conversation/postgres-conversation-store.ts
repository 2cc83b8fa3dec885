import { PostgresAttachmentRepo } from '../attachments/postgres-attachment-repo';
import type { PostgresPool } from '../store/postgres/postgres-pool';
import type { ConversationStore } from './conversation-store';
import { PostgresInboxRepo } from './inbox/postgres-inbox-repo';
import { PostgresOutboxRepo } from './outbox/postgres-outbox-repo';
import { PostgresChannelCursorRepo } from './postgres-channel-cursor-repo';
import { PostgresConversationRepo } from './postgres-conversation-repo';
import { PostgresMessageRepo } from './postgres-message-repo';
import { PostgresReplyMailRepo } from '../mail/postgres-reply-mail-repo';

/** The pipeline's records on PostgreSQL: conversations, their messages, and the inbox and outbox queues. */
export function postgresConversationRepos(pool: PostgresPool): ConversationStore {
  return {
    conversations: new PostgresConversationRepo(pool),
    messages: new PostgresMessageRepo(pool),
    attachments: new PostgresAttachmentRepo(pool),
    inbox: new PostgresInboxRepo(pool),
    outbox: new PostgresOutboxRepo(pool),
    replyMail: new PostgresReplyMailRepo(pool),
    cursors: (channel) => new PostgresChannelCursorRepo(pool, channel),
  };
}
