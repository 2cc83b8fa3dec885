import type { Db } from '../store/open-database';
import { ConversationRepo } from './conversation-repo';
import { InboxRepo } from './inbox/inbox-repo';
import { MessageRepo } from './message-repo';
import { OutboxRepo } from './outbox/outbox-repo';

/** The pipeline's records: conversations, their messages, and the inbox and outbox queues. */
export interface ConversationStore {
  conversations: ConversationRepo;
  messages: MessageRepo;
  inbox: InboxRepo;
  outbox: OutboxRepo;
}

export function conversationRepos(db: Db): ConversationStore {
  return { conversations: new ConversationRepo(db), messages: new MessageRepo(db), inbox: new InboxRepo(db), outbox: new OutboxRepo(db) };
}
