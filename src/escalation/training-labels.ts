import { AppError } from '../platform/errors';
import { refuseLabel } from '../triage/label-safety';
import type { Route, Router } from '../triage/types';
import type { Principal } from './access';
import { loadEscalation, type ActionContext, type ActionDeps } from './escalation-actions';
import { readsFor } from './redacted-reads';
import type { TrainingLabel } from './training-label-repo';

/** The intents staff may label with, and their routes (the shipped intent definitions). */
export interface IntentCatalog {
  routeOf(intent: string): Route | undefined;
  intents(): readonly string[];
}

export interface LabelDeps extends ActionDeps {
  /** Reads what the safety rules decide about a message (the running router). */
  router: Router;
  intents: IntentCatalog;
  /** Called after a label is accepted, so the model is retrained now rather than at the next poll. */
  onAccepted?: () => void;
}

/** What front-desk agents may label with: nothing clinical. */
const FRONT_DESK_ROUTES: readonly Route[] = ['answer', 'request', 'human', 'fallback'];

/** A label in a response: the label's fields, the intent's route, times as ISO strings. */
export function shownLabel(label: TrainingLabel, intents: IntentCatalog) {
  return {
    id: label.id,
    messageId: label.messageId,
    escalationId: label.escalationId,
    intent: label.intent,
    route: intents.routeOf(label.intent) ?? null,
    source: label.source,
    status: label.status,
    labelledBy: label.labelledBy,
    labelledAt: new Date(label.labelledAt).toISOString(),
    reviewedBy: label.reviewedBy,
    reviewedAt: label.reviewedAt === null ? null : new Date(label.reviewedAt).toISOString(),
  };
}

async function refuse(deps: LabelDeps, ctx: ActionContext, escalationId: number, err: AppError, detail: Record<string, unknown>) {
  await deps.store.audit.thread({ actor: ctx.principal.actor, ip: ctx.ip }, 'thread.label_refused', escalationId, deps.now(), {
    code: err.code,
    ...detail,
  });
  return err;
}

/**
 * A person marks a patient message's intent. They must be able to open the thread and read the
 * message; front-desk agents label with front-desk intents only; a label that would change what
 * an emergency rule decides is refused with the reason. The label waits for an admin's review.
 */
export async function labelMessage(
  deps: LabelDeps,
  ctx: ActionContext,
  escalationId: number,
  messageId: number,
  intent: unknown,
  source: TrainingLabel['source'] = 'label',
): Promise<TrainingLabel> {
  const escalation = await loadEscalation(deps, ctx, escalationId);
  const { principal } = ctx;
  if (principal.kind !== 'user')
    throw new AppError('forbidden', 'Labels are a person’s judgement: sign in or use a personal API token.', 403);
  // Read as this person may read it: a label is only ever made on text its author could see.
  const message = await readsFor(deps.store, principal.role).message(messageId);
  if (!message || message.conversationId !== escalation.conversationId || message.author !== 'patient') {
    throw new AppError('not_found', 'No such patient message in this thread.', 404);
  }
  if (message.withheld) {
    throw await refuse(
      deps,
      ctx,
      escalationId,
      new AppError('forbidden', 'Your role may not read this message, so it cannot label it.', 403),
      {
        messageId,
      },
    );
  }
  const route = typeof intent === 'string' ? deps.intents.routeOf(intent) : undefined;
  if (typeof intent !== 'string' || route === undefined) {
    throw new AppError('invalid_intent', `Send {"intent": "<intent id>"}, one of: ${deps.intents.intents().join(', ')}.`, 400);
  }
  if (principal.role === 'agent' && !FRONT_DESK_ROUTES.includes(route)) {
    throw await refuse(
      deps,
      ctx,
      escalationId,
      new AppError(
        'forbidden_intent',
        `Front-desk agents label with front-desk intents only; ${intent} is ${route}: ask a clinician.`,
        403,
      ),
      { messageId, intent },
    );
  }
  const refusal = refuseLabel(deps.router.route(message.text), route);
  if (refusal) throw await refuse(deps, ctx, escalationId, new AppError(refusal.code, refusal.message, 422), { messageId, intent });
  const label = await deps.store.trainingLabels.upsertPending({
    messageId,
    conversationId: escalation.conversationId,
    escalationId,
    intent,
    source,
    actor: principal.actor,
    at: deps.now(),
  });
  await deps.store.audit.thread({ actor: principal.actor, ip: ctx.ip }, 'thread.label', escalationId, deps.now(), {
    labelId: label.id,
    messageId,
    intent,
    source,
  });
  deps.onChange?.();
  return label;
}

/** The pending labels this reader may read, each with its message through the redaction layer. */
export async function pendingLabels(deps: LabelDeps, principal: Principal, limit = 200) {
  const reads = readsFor(deps.store, principal.role);
  const items = [];
  for (const label of await deps.store.trainingLabels.listPending(limit)) {
    const message = await reads.message(label.messageId);
    // A label on a message this role may not read would tell its health content by its intent.
    if (!message || message.withheld) continue;
    items.push({
      ...shownLabel(label, deps.intents),
      message: {
        id: message.id,
        text: message.text,
        intent: message.intent,
        route: message.route,
        at: new Date(message.createdAt).toISOString(),
      },
      modelIntent: deps.router.route(message.text).intent,
    });
  }
  return items;
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new AppError('forbidden', 'Only admins review labels.', 403);
}

async function pendingLabel(deps: LabelDeps, id: number): Promise<TrainingLabel> {
  const label = await deps.store.trainingLabels.get(id);
  if (!label) throw new AppError('not_found', 'No such label.', 404);
  if (label.status !== 'pending') throw new AppError('already_reviewed', `This label is already ${label.status}.`, 409);
  return label;
}

async function auditReview(
  deps: LabelDeps,
  ctx: ActionContext,
  action: string,
  label: TrainingLabel,
  detail: Record<string, unknown> = {},
) {
  const who = { actor: ctx.principal.actor, ip: ctx.ip };
  const what = { labelId: label.id, messageId: label.messageId, intent: label.intent, ...detail };
  if (label.escalationId !== null) await deps.store.audit.thread(who, action, label.escalationId, deps.now(), what);
  else
    await deps.store.audit.record({ ...who, action, targetType: 'training_label', targetId: String(label.id), detail: what }, deps.now());
}

/**
 * An admin accepts a label: the message's text becomes one of the practice's own examples and the
 * model is retrained in the background. The safety rules are asked again, since they may have
 * changed since the label was made.
 */
export async function acceptLabel(deps: LabelDeps, ctx: ActionContext, id: number): Promise<TrainingLabel> {
  requireAdmin(ctx.principal);
  const label = await pendingLabel(deps, id);
  // An admin reads every kind of text: the example is the message as the admin sees it.
  const message = await readsFor(deps.store, ctx.principal.role).message(label.messageId);
  if (!message || message.withheld || message.text.trim() === '')
    throw new AppError('message_gone', 'The message’s text is no longer held: reject this label.', 409);
  const refusal = refuseLabel(deps.router.route(message.text), deps.intents.routeOf(label.intent) ?? 'fallback');
  if (refusal) {
    await auditReview(deps, ctx, 'training.accept_refused', label, { code: refusal.code });
    throw new AppError(refusal.code, refusal.message, 422);
  }
  if (!(await deps.store.trainingLabels.accept(id, { actor: ctx.principal.actor, at: deps.now(), text: message.text }))) {
    throw new AppError('already_reviewed', 'This label was reviewed meanwhile.', 409);
  }
  await auditReview(deps, ctx, 'training.accept', label);
  deps.onAccepted?.();
  return (await deps.store.trainingLabels.get(id)) as TrainingLabel;
}

export async function rejectLabel(deps: LabelDeps, ctx: ActionContext, id: number): Promise<TrainingLabel> {
  requireAdmin(ctx.principal);
  const label = await pendingLabel(deps, id);
  if (!(await deps.store.trainingLabels.reject(id, { actor: ctx.principal.actor, at: deps.now() }))) {
    throw new AppError('already_reviewed', 'This label was reviewed meanwhile.', 409);
  }
  await auditReview(deps, ctx, 'training.reject', label);
  return (await deps.store.trainingLabels.get(id)) as TrainingLabel;
}

/** The catalogue of the shipped intent definitions. */
export function intentCatalog(definitions: ReadonlyArray<{ intent: string; route: Route }>): IntentCatalog {
  const routes = new Map(definitions.map((d) => [d.intent, d.route]));
  const names = [...routes.keys()].sort();
  return { routeOf: (intent) => routes.get(intent), intents: () => names };
}
