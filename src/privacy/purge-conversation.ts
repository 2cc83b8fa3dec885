import type { ConversationStore } from '../conversation/conversation-store';
import type { EscalationStore } from '../escalation/escalation-store';
import type { PrivacyStore } from './privacy-store';

export interface PurgeCounts {
  messages: number;
  notes: number;
}

/**
 * Removes what patients and staff wrote in one conversation: message text (`keep: 'rows'` blanks it
 * and keeps each row's time, direction and route; `keep: 'nothing'` deletes the rows), internal
 * notes, the guided-flow state, request summaries, the address for reply emails, staff's labels on
 * its messages with the training examples they became, and the raw copies in the inbox and in
 * finished outbox rows. Call inside a transaction. Audit rows are untouched: they never hold message text.
 */
export async function purgeConversation(
  store: ConversationStore & PrivacyStore & Pick<EscalationStore, 'trainingLabels'>,
  conversationId: number,
  keep: 'rows' | 'nothing',
): Promise<PurgeCounts> {
  const conversation = await store.conversations.get(conversationId);
  if (!conversation) return { messages: 0, notes: 0 };
  const repo = store.privacy;
  // Raw webhook payloads carry the patient's words; processed ones are kept only for deduplication.
  await repo.blankRawCopies(conversationId, conversation.channel);
  // Before the messages: a label points at its message, and an example repeats the patient's words.
  await store.trainingLabels.removeForConversation(conversationId);
  const messages = keep === 'rows' ? await repo.blankMessages(conversationId) : await repo.deleteMessages(conversationId);
  const notes = await repo.deleteNotes(conversationId);
  await repo.clearSummaries(conversationId);
  await store.conversations.setFlow(conversationId, null);
  // The address for reply emails goes too: mails still queued then find none and send nothing.
  await store.replyMail.remove(conversationId);
  return { messages, notes };
}
