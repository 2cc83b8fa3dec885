import { AppError } from '../platform/errors';
import type { EscalationRoute } from '../triage/types';
import { activeHolder } from './access';
import { MAX_NOTE_LENGTH, loadEscalation, type ActionContext, type ActionDeps } from './escalation-actions';
import type { Escalation } from './escalation-repo';

export const HANDOVER_TARGETS = ['front_desk', 'clinical'] as const;
export type HandoverTarget = (typeof HANDOVER_TARGETS)[number];

/** The intent of an item the clinical team sent to the front desk: it names no clinical topic. */
export const HANDOVER_INTENT = 'handover';

/**
 * Where an item goes when handed over: to the front desk as a general thread (its intent no longer
 * names the clinical topic), to the clinical team as a clinical question. An emergency stays with
 * the clinical team.
 */
function targetRoute(escalation: Escalation, to: HandoverTarget): { route: EscalationRoute; intent: string } {
  if (to === 'front_desk') {
    if (escalation.route === 'emergency') {
      throw new AppError('handover_refused', 'An emergency stays with the clinical team; add a note for the front desk instead.', 409);
    }
    if (escalation.route === 'request' || escalation.route === 'human') {
      throw new AppError('handover_refused', 'This thread is already with the front desk.', 409);
    }
    return { route: 'human', intent: HANDOVER_INTENT };
  }
  if (escalation.route === 'clinical' || escalation.route === 'emergency') {
    throw new AppError('handover_refused', 'This thread is already with the clinical team.', 409);
  }
  return { route: 'clinical', intent: escalation.intent };
}

/**
 * "Send to front desk" / "send to clinician": the item moves to the other team's route with a
 * note for them (readable by both teams: it is written for the receiving one), unassigned, so the
 * round robin gives it to the next person there. What the patient wrote keeps its own kind: a
 * clinical message handed to the front desk is still withheld from them. Audited.
 */
export async function handOver(deps: ActionDeps, ctx: ActionContext, id: number, to: unknown, note: unknown): Promise<Escalation> {
  if (typeof to !== 'string' || !(HANDOVER_TARGETS as readonly string[]).includes(to)) {
    throw new AppError('invalid_handover', `Send {"to": "front_desk" | "clinical", "note": "…"}.`, 400);
  }
  const text = typeof note === 'string' ? note.trim() : '';
  if (text === '' || text.length > MAX_NOTE_LENGTH) {
    throw new AppError('invalid_note', `A handover needs a note for the other team, 1 to ${MAX_NOTE_LENGTH} characters.`, 400);
  }
  const escalation = await loadEscalation(deps, ctx, id);
  if (escalation.status !== 'open') throw new AppError('not_open', 'This thread is resolved. Reopen it first.', 409);
  const { principal } = ctx;
  if (principal.kind === 'user' && principal.role !== 'admin') {
    const heldBy = await activeHolder(deps.store, escalation);
    if (heldBy !== null && heldBy !== principal.userId) {
      throw new AppError('claimed_by_other', 'Someone else holds this thread. Ask them or an admin to hand it over.', 409);
    }
  }
  const target = targetRoute(escalation, to as HandoverTarget);
  const at = deps.now();
  if (!(await deps.store.escalations.changeRoute(id, target.route, target.intent, at))) {
    const other = (await deps.store.escalations.listOpenForConversation(escalation.conversationId)).find(
      (e) => e.id !== id && e.route === target.route,
    );
    throw new AppError(
      'conversation_has_open_item',
      `This conversation already has an open ${target.route} item (#${other?.id ?? '?'}): add a note there instead.`,
      409,
    );
  }
  const added = await deps.store.notes.add({
    escalationId: id,
    conversationId: escalation.conversationId,
    actor: principal.actor,
    text,
    clinical: false,
    at,
  });
  await deps.store.audit.thread({ actor: principal.actor, ip: ctx.ip }, 'thread.handover', id, at, {
    from: escalation.route,
    to: target.route,
    noteId: added.id,
  });
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}
