import type { Escalation } from './escalation-repo';
import { HANDOVER_INTENT } from './handover';
import { previewOf } from './patient-name';
import type { RedactedReads } from './redacted-reads';

/** How a queue row names why the item exists, by its intent. */
const INTENT_LABELS: Readonly<Record<string, string>> = {
  emergency: 'Emergency',
  symptom: 'Symptoms',
  medication_question: 'Medication question',
  medication_refill: 'Refill request',
  appointment: 'Appointment request',
  test_results: 'Test results',
  mental_health: 'Mental health',
  human_request: 'Asked for a person',
  data_deletion: 'Data deletion request',
  out_of_scope: 'Not understood',
  fallback: 'Not understood',
  [HANDOVER_INTENT]: 'Sent to the front desk',
};

export function intentLabel(intent: string): string {
  const label = INTENT_LABELS[intent];
  if (label) return label;
  const words = intent
    .replace(/^faq\//, '')
    .replace(/[_/-]+/g, ' ')
    .trim();
  return words === '' ? 'Message' : words[0]!.toUpperCase() + words.slice(1);
}

/**
 * Why the item exists, as the reader may see it: its intent, then what a guided request collected
 * (the summary), the handover note for an item sent to the front desk, or the patient message that
 * was triaged to the item's route (not merely their latest, which may be "thanks!"). Everything
 * comes through the reader, so withheld text stays a placeholder.
 */
export async function queueReason(escalation: Escalation, reads: RedactedReads): Promise<{ reason: string; reasonWithheld: boolean }> {
  const label = intentLabel(escalation.intent);
  const detail = await reasonDetail(escalation, reads);
  if (!detail) return { reason: label, reasonWithheld: false };
  return { reason: `${label}: ${detail.withheld ? detail.text : previewOf(detail.text, 120)}`, reasonWithheld: detail.withheld };
}

async function reasonDetail(escalation: Escalation, reads: RedactedReads): Promise<{ text: string; withheld: boolean } | undefined> {
  const summary = reads.summary(escalation);
  if (summary.text !== null) return { text: summary.text, withheld: summary.withheld };
  if (escalation.intent === HANDOVER_INTENT) {
    const note = (await reads.notes(escalation.conversationId)).filter((n) => n.escalationId === escalation.id && !n.withheld).pop();
    if (note) return { text: note.text, withheld: false };
  }
  return await reads.latestInboundOn(escalation.conversationId, escalation.route);
}
