import type { Conversation } from '../conversation/conversation-repo';
import { formatWhen } from '../faq/time-phrases';
import { dueAt } from '../practice/business-hours';
import type { PracticeProfile } from '../practice/practice-profile';
import { LANGUAGES, type EscalationRoute, type Language } from '../triage/types';
import type { Principal } from './access';

/** The variables a canned reply may use; the console fills them in before staff edit and send. */
export const CANNED_VARIABLES = ['patient_first_name', 'practice_name', 'staff_first_name', 'reply_by'] as const;
export type CannedVariables = Record<(typeof CANNED_VARIABLES)[number], string>;

function firstWord(name: string | null | undefined): string {
  return (name ?? '').trim().split(/\s+/)[0]?.slice(0, 40) ?? '';
}

/**
 * The values for one thread, in each language a canned reply is written in. The patient's first
 * name only when the channel gave a name (never the "Patient 4F2A" alias: empty instead); reply_by
 * is when the next staff reply is due (the item's SLA, else a new one from now), as patients read it.
 */
export function cannedVariables(
  practice: PracticeProfile,
  conversation: Pick<Conversation, 'displayName'> | undefined,
  item: { route: EscalationRoute; slaDueAt: string | null },
  principal: Principal,
  now: number,
): Record<Language, CannedVariables> {
  const due = item.slaDueAt !== null ? Date.parse(item.slaDueAt) : dueAt(item.route, now, practice);
  const staffFirst = principal.kind === 'user' ? firstWord(principal.name) : '';
  const entries = LANGUAGES.map((language): [Language, CannedVariables] => [
    language,
    {
      patient_first_name: firstWord(conversation?.displayName),
      practice_name: practice.name,
      staff_first_name: staffFirst,
      reply_by: formatWhen(due, now, practice.timeZone, language),
    },
  ]);
  return Object.fromEntries(entries) as Record<Language, CannedVariables>;
}
