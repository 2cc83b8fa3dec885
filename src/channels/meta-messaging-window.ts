const HOUR = 60 * 60 * 1000;
export const STANDARD_WINDOW_MS = 24 * HOUR;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

export type MessagingWindow =
  | { state: 'open'; messagingType: 'RESPONSE'; closesAt: number }
  | { state: 'human_agent'; messagingType: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT'; closesAt: number }
  | { state: 'closed'; closedAt: number };

/**
 * Messenger's messaging windows for a *human* reply, measured from the patient's last message:
 * within 24 h a standard RESPONSE; from 24 h to 7 days only with the HUMAN_AGENT tag; after 7 days
 * nothing can be sent. Bot messages never use the tag (it is an approved feature for people only).
 */
export function messagingWindow(lastInboundAt: number | null, now: number): MessagingWindow {
  if (lastInboundAt === null) return { state: 'closed', closedAt: now }; // the patient never wrote
  const last = lastInboundAt;
  const age = now - last;
  if (age < STANDARD_WINDOW_MS) return { state: 'open', messagingType: 'RESPONSE', closesAt: last + STANDARD_WINDOW_MS };
  if (age < HUMAN_AGENT_WINDOW_MS) {
    return { state: 'human_agent', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', closesAt: last + HUMAN_AGENT_WINDOW_MS };
  }
  return { state: 'closed', closedAt: last + HUMAN_AGENT_WINDOW_MS };
}
