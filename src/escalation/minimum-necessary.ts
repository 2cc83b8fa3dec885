import { CONTENT_KINDS, kindOfRoute, type ContentKind } from '../triage/content-kind';
import { maySeeClinical, type Role } from './access';

/**
 * Minimum necessary: who may read what, decided for each piece of text by the kind it was given
 * when it was written (a message, a note, a request summary), never for a whole thread or by a
 * conversation's latest route. Front-desk agents read administrative text and a placeholder for
 * clinical and emergency text; clinicians, admins and the service account read everything.
 */
export type { ContentKind };

export const CLINICAL_MESSAGE_PLACEHOLDER = 'clinical message — visible to clinicians';
export const CLINICAL_NOTE_PLACEHOLDER = 'clinical note — visible to clinicians';
export const CLINICAL_SUMMARY_PLACEHOLDER = 'clinical details — visible to clinicians';
export const CLINICAL_ATTACHMENT_PLACEHOLDER = 'clinical attachment — visible to clinicians';

/** Whether a route (a message's triage, a thread's escalation) carries clinical content. */
export function isClinicalRoute(route: string | null): boolean {
  return route !== null && kindOfRoute(route) !== 'administrative';
}

/** May this role read text of this kind? */
export function maySee(role: Role, kind: ContentKind): boolean {
  return kind === 'administrative' || maySeeClinical(role);
}

/** The kinds a role may read, e.g. for a search that must never match anything else. */
export function readableKinds(role: Role): ContentKind[] {
  return CONTENT_KINDS.filter((kind) => maySee(role, kind));
}

/** What a role is shown of one piece of text: the text, or a placeholder when it is withheld. */
export function shownText(
  role: Role,
  kind: ContentKind,
  text: string,
  placeholder = CLINICAL_MESSAGE_PLACEHOLDER,
): { text: string; withheld: boolean } {
  return maySee(role, kind) ? { text, withheld: false } : { text: placeholder, withheld: true };
}
