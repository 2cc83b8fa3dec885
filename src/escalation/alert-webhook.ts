import type { Conversation } from '../conversation/conversation-repo';
import type { ConversationStore } from '../conversation/conversation-store';
import type { Deliverer } from '../conversation/outbox/delivery';
import type { Language } from '../triage/types';
import { alertRequest, type AlertFormat } from './alert-format';

export const ALERT_CHANNEL = 'alert';
export { ALERT_SIGNATURE_HEADER, signAlert } from './alert-format';

/** What staff's alerting endpoint receives when an emergency is queued. */
export interface AlertBody extends Record<string, unknown> {
  type: 'escalation.emergency';
  escalationId: number;
  conversationId: number;
  channel: string;
  intent: string;
  redFlag: string | null;
  crisisLine: boolean;
  /** The language the patient writes in ('en', 'es'), so whoever calls back can be ready. */
  language: Language;
  /** ISO time the alert was raised; receivers may refuse old ones (replays). */
  sentAt: string;
  /** The patient's words, only with ALERT_INCLUDE_TEXT=true. */
  text?: string;
}

/**
 * Delivers alerts to `ALERT_WEBHOOK_URL` in `ALERT_WEBHOOK_FORMAT` through the outbox, so a receiver that is down
 * gets the alert when it is back. Any 2xx is success; 5xx, 429 and network errors are retried.
 */
export function alertDeliverer(options: {
  url: string;
  secret: string | undefined;
  format: AlertFormat;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): Deliverer {
  const fetchImpl = options.fetchImpl ?? fetch;
  return async (item) => {
    const { body, headers } = alertRequest(item.payload, options.format, options.secret);
    try {
      const res = await fetchImpl(options.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
      return { ok: false, retryable, reason: `alert webhook answered HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, retryable: true, reason: `alert webhook unreachable (${(err as Error).name})` };
    }
  };
}

/** The alert for one emergency; the patient's words only when the practice chose to include them. */
export function emergencyAlertBody(input: {
  escalationId: number;
  conversationId: number;
  channel: string;
  intent: string;
  redFlag: { family: string; crisisLine: boolean } | undefined;
  language: Language;
  at: number;
  text?: string;
}): AlertBody {
  return {
    type: 'escalation.emergency',
    escalationId: input.escalationId,
    conversationId: input.conversationId,
    channel: input.channel,
    intent: input.intent,
    redFlag: input.redFlag?.family ?? null,
    crisisLine: input.redFlag?.crisisLine ?? false,
    language: input.language,
    sentAt: new Date(input.at).toISOString(),
    ...(input.text !== undefined ? { text: input.text } : {}),
  };
}

/**
 * Queues the staff alert for an emergency, once per escalation and patient message, and asks the
 * outbox to send it (`wake`). The 911/988 reply to the patient never waits for it.
 */
export function emergencyAlerts(deps: {
  store: ConversationStore;
  now: () => number;
  /** ALERT_INCLUDE_TEXT: put the patient's words in the alert. */
  includeText: boolean;
  wake: () => void;
}): (input: {
  escalationId: number;
  conversation: Conversation;
  decision: { intent: string; redFlag?: { family: string; crisisLine: boolean } | undefined; language?: Language | undefined };
  text: string;
  /** The language the bot answered in (the conversation's); the message's own when not given. */
  language?: Language;
}) => Promise<void> {
  return async ({ escalationId, conversation, decision, text, language }) => {
    const at = deps.now();
    const body = emergencyAlertBody({
      escalationId,
      conversationId: conversation.id,
      channel: conversation.channel,
      intent: decision.intent,
      redFlag: decision.redFlag,
      language: language ?? decision.language ?? conversation.language ?? 'en',
      at,
      ...(deps.includeText ? { text } : {}),
    });
    await deps.store.outbox.enqueue({
      dedupeKey: `alert:${escalationId}:${conversation.lastInboundAt ?? 0}`,
      channel: ALERT_CHANNEL,
      conversationId: conversation.id,
      messageId: null,
      payload: body,
      at,
    });
    deps.wake();
  };
}
