import { readOutboxPayload } from '../conversation/outbox/delivery';
import type { OutboxItem } from '../conversation/outbox/outbox-repo';
import { AppError } from '../platform/errors';
import type { DatabaseHandle } from '../store/database-handle';
import { iso } from '../platform/values';
import { canSeeRoute, type Principal } from './access';
import type { ActionContext, ActionDeps } from './escalation-actions';
import type { QueueStore } from './escalation-store';
import { readsFor, type RedactedReads } from './redacted-reads';

/** A reply that did not reach the patient, as staff see it in the queue and the thread. */
export interface UndeliveredReply {
  id: number;
  conversationId: number;
  /** The conversation's latest escalation, to open the thread; null for a patient never escalated. */
  escalationId: number | null;
  channel: string;
  channelName: string;
  /** `failed`: out of tries, retried when the channel delivers again; `undeliverable`: the platform refused it for good. */
  status: 'failed' | 'undeliverable';
  /** Still retried automatically (failed, within the retry horizon). */
  retrying: boolean;
  reason: string | null;
  attempts: number;
  author: 'bot' | 'staff';
  /** The reply, or a placeholder when the viewer's role may not read it (decided per message). */
  text: string;
  withheld: boolean;
  createdAt: string;
  failedAt: string | null;
}

export interface UndeliveredDeps extends ActionDeps {
  store: QueueStore & DatabaseHandle;
  /** How long a failed reply is retried automatically. */
  retryHorizonMs: number;
}

/**
 * Which conversations' undelivered replies a principal is shown: those whose latest thread the role
 * may open (a conversation never escalated holds no clinical thread). What each reply shows, and who
 * may act on it, is decided per message by its own kind, not by this.
 */
async function listedFor(
  deps: ActionDeps,
  principal: Principal,
  conversationId: number,
): Promise<{ ok: boolean; escalationId: number | null }> {
  const latest = await deps.store.escalations.latestForConversation(conversationId);
  if (!latest) return { ok: true, escalationId: null };
  return { ok: canSeeRoute(principal.role, latest.route), escalationId: latest.id };
}

async function view(
  deps: UndeliveredDeps,
  reads: RedactedReads,
  item: OutboxItem,
  escalationId: number | null,
): Promise<UndeliveredReply | undefined> {
  const payload = readOutboxPayload(item.payload);
  if (!payload || item.messageId === null) return undefined;
  const status = item.status === 'undeliverable' ? 'undeliverable' : 'failed';
  // The text comes from the transcript row through the redacting reader, by that message's own kind.
  const message = await reads.message(item.messageId);
  if (!message) return undefined;
  return {
    id: item.id,
    conversationId: item.conversationId,
    escalationId,
    channel: item.channel,
    channelName: deps.hub.displayName(item.channel),
    status,
    retrying: status === 'failed' && item.createdAt > deps.now() - deps.retryHorizonMs,
    reason: item.lastError,
    attempts: item.attempts,
    author: message.author === 'staff' ? 'staff' : 'bot',
    text: message.text,
    withheld: message.withheld,
    createdAt: iso(item.createdAt) as string,
    failedAt: iso(item.failedAt),
  };
}

/** Every undelivered reply this principal may see, oldest first (one conversation's when given). */
export async function listUndelivered(deps: UndeliveredDeps, principal: Principal, conversationId?: number): Promise<UndeliveredReply[]> {
  const items =
    conversationId === undefined ? await deps.store.outbox.undelivered() : await deps.store.outbox.undeliveredFor(conversationId);
  const reads = readsFor(deps.store, principal.role);
  const listed = new Map<number, { ok: boolean; escalationId: number | null }>();
  const out: UndeliveredReply[] = [];
  for (const item of items) {
    let access = listed.get(item.conversationId);
    if (!access) listed.set(item.conversationId, (access = await listedFor(deps, principal, item.conversationId)));
    if (!access.ok) continue;
    const row = await view(deps, reads, item, access.escalationId);
    if (row) out.push(row);
  }
  return out;
}

/**
 * A short value that changes whenever the set of undelivered replies this principal may see
 * changes (one fails, is resent, delivered or marked handled). The live queue carries it, so an
 * open console reloads its list instead of waiting for a page reload.
 */
export async function undeliveredSignature(deps: UndeliveredDeps, principal: Principal): Promise<string> {
  const items = await listUndelivered(deps, principal);
  let hash = 0x811c9dc5;
  for (const item of items) {
    for (const ch of `${item.id}:${item.status}:${item.retrying ? 1 : 0};`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return `${items.length}-${hash.toString(36)}`;
}

async function loadUndelivered(deps: UndeliveredDeps, ctx: ActionContext, id: number): Promise<OutboxItem> {
  const item = await deps.store.outbox.get(id);
  if (!item || item.messageId === null || (item.status !== 'failed' && item.status !== 'undeliverable') || item.handledAt !== null) {
    throw new AppError('not_found', 'No such undelivered reply.', 404);
  }
  if (!(await listedFor(deps, ctx.principal, item.conversationId)).ok) {
    await audit(deps, ctx, 'access.denied', id);
    throw new AppError('forbidden_route', `Your role (${ctx.principal.role}) does not cover this conversation's thread.`, 403);
  }
  // Sending a reply again, or closing it, is acting on its words: a clinical reply needs a clinician.
  const message = await readsFor(deps.store, ctx.principal.role).message(item.messageId);
  if (!message || message.withheld) {
    await audit(deps, ctx, 'access.denied', id);
    throw new AppError('forbidden_content', `Your role (${ctx.principal.role}) may not act on a clinical reply.`, 403);
  }
  return item;
}

async function audit(deps: ActionDeps, ctx: ActionContext, action: string, id: number, detail?: Record<string, unknown>): Promise<void> {
  await deps.store.audit.record(
    { actor: ctx.principal.actor, action, targetType: 'outbox', targetId: String(id), ip: ctx.ip, ...(detail ? { detail } : {}) },
    deps.now(),
  );
}

/** Staff send an undelivered reply again, with fresh tries; it keeps its place in the patient's order. */
export async function resendUndelivered(deps: UndeliveredDeps, ctx: ActionContext, id: number): Promise<void> {
  const item = await loadUndelivered(deps, ctx, id);
  await deps.store.transaction(async () => {
    await deps.store.outbox.resend(item.id, deps.now());
    if (item.messageId !== null) await deps.store.messages.setStatus(item.messageId, 'queued');
    await audit(deps, ctx, 'outbox.resend', item.id, { conversationId: item.conversationId, status: item.status });
  });
  deps.hub.wake();
  deps.onChange?.();
}

/** Staff dealt with it another way (called the patient): no more retries, gone from the list. */
export async function markUndeliveredHandled(deps: UndeliveredDeps, ctx: ActionContext, id: number): Promise<void> {
  const item = await loadUndelivered(deps, ctx, id);
  await deps.store.transaction(async () => {
    await deps.store.outbox.markHandled(item.id, deps.now(), ctx.principal.actor);
    await audit(deps, ctx, 'outbox.handled', item.id, { conversationId: item.conversationId, status: item.status });
  });
  deps.hub.wake();
  deps.onChange?.();
}
