import type { ConversationStore } from '../conversation/conversation-store';
import type { Db } from '../store/open-database';
import { PrivacyRepo } from './privacy-repo';

export interface PurgeCounts {
  messages: number;
  notes: number;
}

/**
 * Removes what patients and staff wrote in one conversation: message text (`keep: 'rows'` blanks it
 * and keeps each row's time, direction and route; `keep: 'nothing'` deletes the rows), internal
 * notes, the guided-flow state, request summaries, and the raw copies in the inbox and in finished
 * outbox rows. Call inside a transaction. Audit rows are untouched: they never hold message text.
 */
export function purgeConversation(store: ConversationStore & { db: Db }, conversationId: number, keep: 'rows' | 'nothing'): PurgeCounts {
  const conversation = store.conversations.get(conversationId);
  if (!conversation) return { messages: 0, notes: 0 };
  const repo = new PrivacyRepo(store.db);
  // Raw webhook payloads carry the patient's words; processed ones are kept only for deduplication.
  repo.blankRawCopies(conversationId, conversation.channel);
  const messages = keep === 'rows' ? repo.blankMessages(conversationId) : repo.deleteMessages(conversationId);
  const notes = repo.deleteNotes(conversationId);
  repo.clearSummaries(conversationId);
  store.conversations.setFlow(conversationId, null);
  return { messages, notes };
}
