import type { Activity } from 'botbuilder';
import type { ConversationStore } from '../conversation/conversation-store';
import type { EscalationStore } from '../escalation/escalation-store';
import type { TriageDecision } from '../triage/types';
import type { TurnRecords } from './turn-records';

/**
 * "I called 911", "the ambulance is here", "we're at the ER": the patient tells us help is on the
 * way. With no red flag of its own, such a message only matched because it names 911 or an
 * ambulance; after our emergency reply it needs an acknowledgement, not "Call 911 now" again.
 */
const HELP_UNDER_WAY =
  /\b(?:(?:i|we|he|she|they|my \w+|someone) (?:already |just )?(?:called|rang|dialed|phoned|got|contacted) (?:911|999|112|an ambulance|the ambulance|emergency services|paramedics)|(?:ambulance|paramedics?|emts?|fire department|police|help) (?:is|are) (?:here|on (?:the|their|its) way|coming|arriving|outside|at the door|with (?:us|him|her|them))|(?:on (?:our|the) way|driving|going|headed|heading) to (?:the )?(?:er|emergency room|hospital|a&e)|(?:at|in) the (?:er|emergency room|hospital)(?: now)?|(?:they|paramedics|the ambulance) (?:took|are taking|is taking) (?:him|her|them|me|my \w+))\b/i;

/** The same in Spanish, read without accents: "ya llamé al 911", "la ambulancia ya viene", "estamos en el hospital". */
const HELP_UNDER_WAY_ES =
  /\b(?:(?:ya )?(?:llame|llamamos|llamo|llamaron|marque|marcamos) (?:al|a la|a los) (?:911|ambulancia|paramedicos|emergencias)|(?:la ambulancia|los paramedicos|la policia|los bomberos|la ayuda) (?:ya )?(?:esta aqui|estan aqui|viene|vienen|llego|llegaron|va en camino|van en camino|esta en camino|estan en camino|esta afuera|ya esta|se (?:lo|la|los) (?:llevo|llevaron|esta llevando|estan llevando))|(?:estamos|vamos|voy|va|van|estoy|esta) (?:en|a|al|para) (?:el |la )?(?:hospital|emergencias|sala de emergencias|urgencias|er)|(?:nos|me|lo|la|los) (?:llevan|llevaron|estan llevando) (?:al|a) (?:hospital|emergencias|urgencias))\b/;

/** A follow-up that only reports that emergency help is under way (no new red flag), in English or Spanish. */
export function isEmergencyUpdate(text: string, decision: TriageDecision): boolean {
  if (decision.redFlag !== undefined) return false;
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return HELP_UNDER_WAY.test(text) || HELP_UNDER_WAY_ES.test(folded);
}

/**
 * Records the follow-up and joins it to the conversation's open emergency escalation. Returns
 * false, changing nothing but the transcript, when no emergency is open: then the message is
 * treated as the emergency it may be.
 */
export async function joinOpenEmergency(
  store: ConversationStore & EscalationStore,
  records: TurnRecords,
  activity: Activity,
  text: string,
  decision: TriageDecision,
): Promise<boolean> {
  const { conversation, messageId } = await records.record(activity, text);
  const open = (await store.escalations.listOpenForConversation(conversation.id)).find((e) => e.route === 'emergency');
  if (!open) return false;
  if (messageId !== undefined)
    await store.messages.setTriage(messageId, { ...decision, intent: 'emergency_update', decidedBy: 'emergency-update' });
  await records.escalate(activity, conversation, 'emergency', 'emergency_update');
  return true;
}
