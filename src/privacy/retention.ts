import type { AuditStore } from '../audit/audit-store';
import type { ConversationStore } from '../conversation/conversation-store';
import type { DatabaseHandle } from '../store/database-handle';
import type { EscalationStore } from '../escalation/escalation-store';
import type { PrivacyStore } from './privacy-store';
import type { ExpiredConversation } from './privacy-repo';
import { purgeConversation } from './purge-conversation';

export const RETENTION_ACTOR = 'system:retention';
const DAY_MS = 24 * 3_600_000;

/**
 * Conversations whose text the retention policy removes: nothing open (no open queue item, no
 * message waiting to be delivered), no activity (message, note, queue change) for `days`, and text
 * or notes still held.
 */
export async function findExpired(store: PrivacyStore, now: number, days: number): Promise<ExpiredConversation[]> {
  const cutoff = now - days * DAY_MS;
  return await store.privacy.expiredSince(cutoff);
}

/**
 * Applies the retention policy: for each expired conversation, removes message text, notes and the
 * training examples taken from its messages, and writes an audit row saying so (counts only). Conversation, contact and queue rows stay, so a
 * patient who writes again is recognised and reports keep their numbers.
 */
export async function purgeExpired(
  store: ConversationStore & AuditStore & PrivacyStore & DatabaseHandle & Pick<EscalationStore, 'trainingLabels'>,
  now: number,
  days: number,
): Promise<ExpiredConversation[]> {
  const repo = store.privacy;
  const expired = await findExpired(store, now, days);
  for (const item of expired) {
    await store.transaction(async () => {
      const counts = await purgeConversation(store, item.conversationId, 'rows');
      await repo.markPurged(item.conversationId, now);
      await store.audit.record(
        {
          actor: RETENTION_ACTOR,
          action: 'retention.purge',
          targetType: 'conversation',
          targetId: String(item.conversationId),
          detail: { retentionDays: days, lastActivityAt: new Date(item.lastActivityAt).toISOString(), ...counts },
        },
        now,
      );
    });
  }
  if (expired.length > 0) await repo.scrubRemovedText();
  return expired;
}
