import type { PatientChannels } from '../conversation/channel-hub';
import { AppError } from '../platform/errors';
import type { PracticeProfile } from '../practice/practice-profile';
import type { Language } from '../triage/types';
import type { Escalation } from './escalation-repo';
import type { QueueStore } from './escalation-store';
import { activeHolder, canSeeRoute, visibleRoutes, type Principal } from './access';
import { replyToPatient, type ReplyResult, type StaffFile } from './reply-to-patient';
import { isClinicalRoute } from './minimum-necessary';

export interface ActionDeps {
  store: QueueStore;
  /** The running channels: their reply policies and the one way to write to a patient. */
  hub: PatientChannels;
  practice: PracticeProfile;
  now: () => number;
  /** Called after every change, so the live queue pushes at once. */
  onChange?: () => void;
}

/** Who acts and from where (request IP), for checks and the audit log. */
export interface ActionContext {
  principal: Principal;
  ip: string | undefined;
}

export const MAX_NOTE_LENGTH = 4000;

const ROUTE_WORDS: Record<string, string> = { emergency: 'an emergency', clinical: 'clinical', request: 'a request', human: 'a general' };

async function audit(
  deps: ActionDeps,
  ctx: ActionContext,
  action: string,
  escalationId: number,
  detail?: Record<string, unknown>,
): Promise<void> {
  await deps.store.audit.thread({ actor: ctx.principal.actor, ip: ctx.ip }, action, escalationId, deps.now(), detail);
}

/**
 * The item, if this principal may open it. 404 when it does not exist, 403 (audited) when the role
 * does not cover its route: an agent cannot open a clinical thread.
 */
export async function loadEscalation(deps: ActionDeps, ctx: ActionContext, id: number): Promise<Escalation> {
  const escalation = await deps.store.escalations.get(id);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  if (!canSeeRoute(ctx.principal.role, escalation.route)) {
    await audit(deps, ctx, 'access.denied', id, { route: escalation.route, role: ctx.principal.role });
    throw new AppError(
      'forbidden_route',
      `This is ${ROUTE_WORDS[escalation.route] ?? 'a restricted'} thread; your role (${ctx.principal.role}) covers ${visibleRoutes(ctx.principal.role).join(' and ')} threads only.`,
      403,
    );
  }
  return escalation;
}

async function assigneeName(deps: ActionDeps, userId: number | null): Promise<string> {
  return userId === null ? 'nobody' : ((await deps.store.staffUsers.get(userId))?.name ?? `user #${userId}`);
}

function requireOpen(escalation: Escalation): void {
  if (escalation.status !== 'open') throw new AppError('not_open', 'This thread is resolved. Reopen it first.', 409);
}

/** People may not act on a thread someone else holds; admins may, and automation is not a person. */
async function requireNotHeldByOther(deps: ActionDeps, ctx: ActionContext, escalation: Escalation): Promise<void> {
  const { principal } = ctx;
  if (principal.kind !== 'user' || principal.role === 'admin') return;
  const heldBy = await activeHolder(deps.store, escalation);
  if (heldBy !== null && heldBy !== principal.userId) {
    throw new AppError(
      'claimed_by_other',
      `${await assigneeName(deps, escalation.assignedTo)} has claimed this thread. Ask them or an admin to reassign it.`,
      409,
    );
  }
}

function personId(ctx: ActionContext): number {
  if (ctx.principal.userId === null)
    throw new AppError('forbidden', 'Claiming needs a staff user: sign in or use a personal API token.', 403);
  return ctx.principal.userId;
}

export async function claim(deps: ActionDeps, ctx: ActionContext, id: number): Promise<Escalation> {
  const escalation = await loadEscalation(deps, ctx, id);
  requireOpen(escalation);
  const userId = personId(ctx);
  if (escalation.assignedTo !== null && escalation.assignedTo !== userId && (await activeHolder(deps.store, escalation)) === null) {
    // The previous holder can no longer work it (disabled, or the thread outgrew their role): take over.
    await deps.store.escalations.assign(id, userId, deps.now());
    await audit(deps, ctx, 'thread.claim', id, { takenOverFrom: escalation.assignedTo });
    deps.onChange?.();
    return (await deps.store.escalations.get(id)) as Escalation;
  }
  if (!(await deps.store.escalations.claim(id, userId, deps.now()))) {
    const current = (await deps.store.escalations.get(id)) as Escalation;
    requireOpen(current);
    throw new AppError('already_claimed', `${await assigneeName(deps, current.assignedTo)} has already claimed this thread.`, 409);
  }
  if (escalation.assignedTo !== userId) await audit(deps, ctx, 'thread.claim', id);
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}

/** Admin: give the item to `userId` (whose role must cover it), or to nobody. */
export async function assign(deps: ActionDeps, ctx: ActionContext, id: number, userId: number | null): Promise<Escalation> {
  if (ctx.principal.role !== 'admin') throw new AppError('forbidden', 'Only admins can reassign threads.', 403);
  const escalation = await loadEscalation(deps, ctx, id);
  requireOpen(escalation);
  if (userId !== null) {
    const user = await deps.store.staffUsers.get(userId);
    if (!user || user.disabledAt !== null) throw new AppError('invalid_assignee', 'No active user with that id.', 400);
    if (!canSeeRoute(user.role, escalation.route)) {
      throw new AppError(
        'invalid_assignee',
        `${user.name} is ${user.role === 'agent' ? 'an' : 'a'} ${user.role} and cannot see ${escalation.route} threads.`,
        400,
      );
    }
  }
  await deps.store.escalations.assign(id, userId, deps.now());
  await audit(deps, ctx, 'thread.assign', id, { from: escalation.assignedTo, to: userId });
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}

/** Gives up one's own claim (admins can release anyone's). */
export async function release(deps: ActionDeps, ctx: ActionContext, id: number): Promise<Escalation> {
  const escalation = await loadEscalation(deps, ctx, id);
  requireOpen(escalation);
  if (escalation.assignedTo === null) return escalation;
  await requireNotHeldByOther(deps, ctx, escalation);
  await deps.store.escalations.assign(id, null, deps.now());
  await audit(deps, ctx, 'thread.release', id, { from: escalation.assignedTo });
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}

/**
 * A staff reply through the same delivery path as every other outgoing message. A person replying
 * to an unclaimed thread claims it (so two people do not answer the same patient).
 */
export async function reply(
  deps: ActionDeps,
  ctx: ActionContext,
  id: number,
  text: string,
  idempotencyKey: string | undefined,
  attachment?: StaffFile,
): Promise<ReplyResult> {
  const escalation = await loadEscalation(deps, ctx, id);
  try {
    if (ctx.principal.kind === 'user') {
      requireOpen(escalation);
      await requireNotHeldByOther(deps, ctx, escalation);
    }
    const result = await replyToPatient(
      { store: deps.store, hub: deps.hub },
      {
        escalationId: id,
        text,
        actor: ctx.principal.actor,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        ...signatureOf(deps.practice, ctx.principal),
        ...(attachment ? { attachment } : {}),
      },
    );
    if (ctx.principal.userId !== null && escalation.status === 'open' && escalation.assignedTo === null) {
      if (await deps.store.escalations.claim(id, ctx.principal.userId, deps.now()))
        await audit(deps, ctx, 'thread.claim', id, { byReply: true });
    }
    await audit(deps, ctx, 'thread.reply', id, {
      messageId: result.messageId,
      messagingType: result.messagingType,
      ...(attachment ? { attachmentId: attachment.id } : {}),
    });
    deps.onChange?.();
    return result;
  } catch (err) {
    if (err instanceof AppError) await audit(deps, ctx, 'thread.reply_refused', id, { code: err.code });
    throw err;
  }
}

/** A person's first name, when the practice signs staff replies with it (automation stays unsigned). */
export function signatureOf(practice: PracticeProfile, principal: Principal): { signature?: string } {
  if (practice.staffReplyName !== 'first_name' || principal.kind !== 'user') return {};
  const first = principal.name.trim().split(/\s+/)[0]?.slice(0, 40);
  return first ? { signature: first } : {};
}

/**
 * An internal note. `clinical` marks it for clinicians only; unset, a note on a clinical or emergency
 * thread is clinical and a note on a request or general thread is not.
 */
export async function addNote(deps: ActionDeps, ctx: ActionContext, id: number, text: unknown, clinical?: unknown) {
  const escalation = await loadEscalation(deps, ctx, id);
  const body = typeof text === 'string' ? text.trim() : '';
  if (body === '' || body.length > MAX_NOTE_LENGTH)
    throw new AppError('invalid_note', `A note must be 1 to ${MAX_NOTE_LENGTH} characters.`, 400);
  if (clinical !== undefined && typeof clinical !== 'boolean') throw new AppError('invalid_note', 'clinical must be true or false.', 400);
  const note = await deps.store.notes.add({
    escalationId: id,
    conversationId: escalation.conversationId,
    actor: ctx.principal.actor,
    text: body,
    clinical: clinical ?? isClinicalRoute(escalation.route),
    at: deps.now(),
  });
  await audit(deps, ctx, 'thread.note', id, { noteId: note.id });
  deps.onChange?.();
  return note;
}

export async function resolve(deps: ActionDeps, ctx: ActionContext, id: number): Promise<Escalation> {
  const escalation = await loadEscalation(deps, ctx, id);
  if (escalation.status !== 'open') throw new AppError('already_resolved', 'This escalation is already resolved.', 409);
  await requireNotHeldByOther(deps, ctx, escalation);
  if (!(await deps.store.escalations.resolve(id, ctx.principal.actor, deps.now()))) {
    throw new AppError('already_resolved', 'This escalation is already resolved.', 409);
  }
  await audit(deps, ctx, 'thread.resolve', id);
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}

export async function reopen(deps: ActionDeps, ctx: ActionContext, id: number): Promise<Escalation> {
  const escalation = await loadEscalation(deps, ctx, id);
  if (escalation.status === 'open') throw new AppError('already_open', 'This thread is already open.', 409);
  if (!(await deps.store.escalations.reopen(id, ctx.principal.userId, deps.now()))) {
    const other = await deps.store.escalations.openSameRequestAs(id);
    throw new AppError(
      'conversation_has_open_item',
      `This conversation already has an open item for the same request (#${other?.id ?? '?'}); work on that one.`,
      409,
    );
  }
  await audit(deps, ctx, 'thread.reopen', id);
  deps.onChange?.();
  return (await deps.store.escalations.get(id)) as Escalation;
}

/**
 * Meta requires telling people when a human hands the conversation back to automation. Sent as a
 * bot message, so only where a bot may write: always on the chat page, on Messenger inside 24 h of
 * the patient's last message (the HUMAN_AGENT tag is for people only). Later than that, the bot's
 * own rule discloses itself on the patient's next message, which comes after a gap of over 24 h.
 */
export function handBackNotice(practice: PracticeProfile, language: Language | null = 'en'): string {
  if (language === 'es') {
    return `Está hablando de nuevo con el asistente automático de ${practice.name}. Puede responder preguntas sobre el horario, la dirección, los seguros, la facturación y los expedientes, y pasar solicitudes a nuestro equipo; pida hablar con una persona cuando quiera. No puede dar consejos médicos. En una emergencia, llame al ${practice.emergencyNumbers.emergency}.`;
  }
  return `You're chatting with ${practice.name}'s automated assistant again. It can answer questions about hours, location, insurance, billing and records, and pass requests to our team; ask for a person at any time. It can't give medical advice. In an emergency call ${practice.emergencyNumbers.emergency}.`;
}

export async function handBack(
  deps: ActionDeps,
  ctx: ActionContext,
  id: number,
): Promise<{ escalation: Escalation; notice: 'sent' | 'not_sent' }> {
  const escalation = await loadEscalation(deps, ctx, id);
  requireOpen(escalation);
  await requireNotHeldByOther(deps, ctx, escalation);
  const at = deps.now();
  const conversation = await deps.store.conversations.get(escalation.conversationId);
  if (!(await deps.store.escalations.resolve(id, ctx.principal.actor, at, 'handed_back'))) {
    throw new AppError('already_resolved', 'This escalation is already resolved.', 409);
  }
  // A fresh start for the bot's "didn't understand twice, ask a person" rule.
  if (conversation) await deps.store.conversations.setFallbackStreak(conversation.id, 0);

  let notice: 'sent' | 'not_sent' = 'not_sent';
  // While a person still holds another item of the conversation the bot stays silent: no notice.
  let stillHeld = false;
  for (const e of await deps.store.escalations.listOpenForConversation(escalation.conversationId)) {
    if ((await activeHolder(deps.store, e)) !== null) stillHeld = true;
  }
  if (conversation && !stillHeld && conversation.surface === 'private') {
    const outcome = await deps.hub.sendToPatient(conversation, handBackNotice(deps.practice, conversation.language), {
      author: 'bot',
      idempotencyKey: `handback:${id}:${at}`,
    });
    if (outcome.queued) {
      // The notice is the bot disclosure Meta asks for at a hand-back: the bot need not repeat it.
      await deps.store.conversations.markDisclosed(conversation.id, at);
      notice = 'sent';
    }
  }
  await audit(deps, ctx, 'thread.hand_back', id, { notice });
  deps.onChange?.();
  return { escalation: (await deps.store.escalations.get(id)) as Escalation, notice };
}
