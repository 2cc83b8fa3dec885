import { maySeeClinical, type Role } from './access';

/**
 * Minimum necessary: who may read what, decided for each message and each note, never for a whole
 * thread. A patient's history mixes administrative parts (hours, bookings, refills, "a real person
 * please") with clinical ones; front-desk agents see the first and a placeholder for the second,
 * in every view (thread, export, queue preview, search, live stream).
 */
export type ContentKind = 'administrative' | 'clinical';

export const CLINICAL_MESSAGE_PLACEHOLDER = 'clinical message — visible to clinicians';
export const CLINICAL_NOTE_PLACEHOLDER = 'clinical note — visible to clinicians';

const CLINICAL_ROUTES: ReadonlySet<string> = new Set(['clinical', 'emergency']);

/** Whether a route (a message's triage, a thread's escalation) carries clinical content. */
export function isClinicalRoute(route: string | null): boolean {
  return route !== null && CLINICAL_ROUTES.has(route);
}

/**
 * A patient's message is clinical when triage routed it clinical or emergency, and also while it
 * has no route (not triaged yet, or recorded without triage): unknown content is withheld, not shown.
 * A staff reply carries the route of the thread it answered, and is withheld on the same terms.
 * The assistant's own messages are fixed texts and administrative.
 */
export function messageKind(message: { author: 'patient' | 'bot' | 'staff'; route: string | null }): ContentKind {
  if (message.author === 'bot') return 'administrative';
  return message.route === null || isClinicalRoute(message.route) ? 'clinical' : 'administrative';
}

export function noteKind(note: { clinical: boolean }): ContentKind {
  return note.clinical ? 'clinical' : 'administrative';
}

/** What a role is shown of one piece of content: the text, or a placeholder when it is withheld. */
export function shownText(
  role: Role,
  kind: ContentKind,
  text: string,
  placeholder = CLINICAL_MESSAGE_PLACEHOLDER,
): { text: string; withheld: boolean } {
  return kind === 'clinical' && !maySeeClinical(role) ? { text: placeholder, withheld: true } : { text, withheld: false };
}

/** May this role find a thread by words in this content? (Search never matches what the role may not read.) */
export function maySearch(role: Role, kind: ContentKind): boolean {
  return kind === 'administrative' || maySeeClinical(role);
}
