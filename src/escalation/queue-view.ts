import type { PatientChannels } from '../conversation/channel-hub';
import type { Conversation } from '../conversation/conversation-repo';
import type { EscalationRoute, Language } from '../triage/types';
import { dueAt } from '../practice/business-hours';
import type { PracticeProfile } from '../practice/practice-profile';
import type { Escalation } from './escalation-repo';
import type { QueueStore } from './escalation-store';
import { activeHolder, actorUserId, canSeeRoute, SERVICE_ACTOR, type Principal, type Role, type StaffDirectory } from './access';
import { iso } from '../platform/values';
import { STAFF_SENDABLE_TYPES } from '../attachments/content-type';
import { readsFor, type RedactedReads, type ShownAttachment } from './redacted-reads';
import { CLINICAL_ATTACHMENT_PLACEHOLDER } from './minimum-necessary';
import type { EmergencyBurst } from './emergency-burst-repo';
import { patientName, previewOf } from './patient-name';
import { repliesPaused, type RepliesPaused } from './replies-paused';
import { queueReason } from './queue-reason';
import { cannedVariables } from './canned-variables';

export interface ViewDeps {
  store: QueueStore;
  /** The running channels: their names and reply policies. */
  hub: PatientChannels;
  practice: PracticeProfile;
  now: () => number;
}

/** Display names for actors (`user:3` -> "Dana Reyes"), cached for one response. */
export class ActorNames {
  /** One lookup per actor, shared by every row that names them. */
  private readonly cache = new Map<string, Promise<string>>();
  constructor(private readonly store: { staffUsers: StaffDirectory }) {}

  async name(actor: string | null | undefined): Promise<string | null> {
    if (!actor) return null;
    let name = this.cache.get(actor);
    if (!name) {
      name = this.lookUp(actor);
      this.cache.set(actor, name);
    }
    return name;
  }

  private async lookUp(actor: string): Promise<string> {
    const userId = actorUserId(actor);
    if (userId !== undefined) return (await this.store.staffUsers.get(userId))?.name ?? `user #${userId}`;
    return actor === SERVICE_ACTOR ? 'Service account' : actor;
  }

  async user(userId: number | null): Promise<{ id: number; name: string } | null> {
    return userId === null ? null : { id: userId, name: (await this.name(`user:${userId}`)) as string };
  }
}

/** One queue row, as the staff API and the live stream send it. */
export interface QueueItem {
  id: number;
  route: EscalationRoute;
  intent: string;
  status: 'open' | 'resolved';
  channel: string | null;
  /** The channel's name for people, e.g. "Messenger". */
  channelName: string | null;
  conversationId: number;
  createdAt: string;
  updatedAt: string;
  /** Seconds since the item was created. */
  waitingSeconds: number;
  /** The patient message the SLA clock runs from; null once staff replied and the patient has not written since. */
  awaitingReplySince: string | null;
  /** Business-hours-aware due time for the next staff reply (practice profile SLA), null when answered. */
  slaDueAt: string | null;
  overdue: boolean;
  assignee: { id: number; name: string } | null;
  resolution: 'resolved' | 'handed_back' | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  reopenedAt: string | null;
  /** Changes whenever anything shown in the thread view changes (the console re-reads an open thread on it). */
  version: string;
  /** The patient's name from the channel's profile, else a stable alias such as "Patient 4F2A". */
  patientName: string | null;
  /** The patient's latest message, shortened; a placeholder when the viewer's role may not read it. */
  preview: string | null;
  /** True when `preview` is the placeholder for clinical content. */
  previewWithheld: boolean;
  /** Why the item exists: its intent and the request's summary or the message that raised it, as the viewer may see them. */
  reason: string;
  /** True when the detail in `reason` is the placeholder for clinical content. */
  reasonWithheld: boolean;
  /** The language the patient writes in ('en', 'es'), null until their messages made it clear. */
  language: Language | null;
  /** The channel's send quota is spent: replies wait for its reset (null while they flow). */
  repliesPaused: RepliesPaused | null;
  /** Emergencies from one source counted into this item (null when it stands for one conversation). */
  burst: BurstView | null;
}

export interface BurstView {
  messages: number;
  conversations: number;
  firstAt: string;
  lastAt: string;
  /** For people: "12 emergency messages from one address in 1 minute". */
  summary: string;
}

function burstView(burst: EmergencyBurst | undefined): BurstView | null {
  if (!burst || burst.conversationIds.length < 2) return null;
  const minutes = Math.max(1, Math.ceil((burst.lastAt - burst.firstAt) / 60_000));
  return {
    messages: burst.messages,
    conversations: burst.conversationIds.length,
    firstAt: iso(burst.firstAt) as string,
    lastAt: iso(burst.lastAt) as string,
    summary: `${burst.messages} emergency messages from one address in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  };
}

/**
 * One queue row as `viewer` may see it. Without a viewer the preview is shown as to the least
 * privileged role (a front-desk agent): a row never shows more than its reader may read.
 */
export async function queueItem(
  deps: ViewDeps,
  escalation: Escalation,
  at: number,
  names: ActorNames,
  viewer: Role = 'agent',
): Promise<QueueItem> {
  const conversation = await deps.store.conversations.get(escalation.conversationId);
  const reads = readsFor(deps.store, viewer);
  const latest = await reads.latestInbound(escalation.conversationId);
  const preview = latest ? { text: latest.withheld ? latest.text : previewOf(latest.text), withheld: latest.withheld } : null;
  const start = escalation.reopenedAt ?? escalation.createdAt;
  const reply = await deps.store.escalations.replyState(escalation, start);
  const awaiting = reply.lastStaffAt === null ? start : reply.patientSinceStaffAt;
  const due = awaiting === null ? null : dueAt(escalation.route, awaiting, deps.practice);
  return {
    id: escalation.id,
    route: escalation.route,
    intent: escalation.intent,
    status: escalation.status,
    channel: conversation?.channel ?? null,
    channelName: conversation ? deps.hub.displayName(conversation.channel) : null,
    conversationId: escalation.conversationId,
    createdAt: iso(escalation.createdAt) as string,
    updatedAt: iso(escalation.updatedAt) as string,
    waitingSeconds: Math.max(0, Math.round((at - escalation.createdAt) / 1000)),
    awaitingReplySince: iso(awaiting),
    slaDueAt: iso(due),
    overdue: escalation.status === 'open' && due !== null && at > due,
    assignee: await names.user(await activeHolder(deps.store, escalation)),
    resolution: escalation.resolution,
    resolvedAt: iso(escalation.resolvedAt),
    resolvedBy: await names.name(escalation.resolvedBy),
    reopenedAt: iso(escalation.reopenedAt),
    version: `${escalation.status}:${escalation.updatedAt}:${escalation.assignedTo ?? '-'}:${await deps.store.escalations.threadVersion(escalation.conversationId)}`,
    patientName: conversation ? patientName(conversation) : null,
    preview: preview?.text ?? null,
    previewWithheld: preview?.withheld ?? false,
    ...(await queueReason(escalation, reads)),
    language: conversation?.language ?? null,
    repliesPaused: conversation ? repliesPaused(deps.hub, deps.practice, conversation.channel) : null,
    burst: escalation.route === 'emergency' ? burstView(await deps.store.emergencyBursts.get(escalation.id)) : null,
  };
}

export interface QueueFilter {
  status: 'open' | 'resolved';
  assigned?: 'mine' | 'unassigned';
  route?: EscalationRoute;
  channel?: string;
  /** Only conversations in this language (English includes those whose language is not known yet). */
  language?: Language;
}

/** The items this principal may see, most urgent first then oldest (resolved: most recent first). */
export async function listQueue(deps: ViewDeps, principal: Principal, filter: QueueFilter): Promise<QueueItem[]> {
  const at = deps.now();
  const names = new ActorNames(deps.store);
  const source =
    filter.status === 'open' ? await deps.store.escalations.listOpen() : await deps.store.escalations.listResolved(at - 7 * 24 * 3_600_000);
  const visible = source.filter((e) => canSeeRoute(principal.role, e.route)).filter((e) => !filter.route || e.route === filter.route);
  const items = await Promise.all(visible.map((e) => queueItem(deps, e, at, names, principal.role)));
  return items
    .filter((item) => filter.assigned !== 'mine' || (principal.userId !== null && item.assignee?.id === principal.userId))
    .filter((item) => filter.assigned !== 'unassigned' || item.assignee === null)
    .filter((item) => !filter.channel || item.channel === filter.channel)
    .filter((item) => !filter.language || (item.language ?? 'en') === filter.language);
}

export type WindowView = { state: 'open' | 'human_agent' | 'closed'; closesAt?: string; closedAt?: string };

/** What the channel's reply policy allows a person to send into this conversation now. */
export function windowView(hub: PatientChannels, conversation: Conversation | undefined): WindowView & { reason?: string } {
  const window = conversation && hub.replyWindow(conversation, 'staff');
  if (!window) return { state: 'open' };
  if (window.state === 'closed') {
    return { state: 'closed', ...(window.closedAt !== undefined ? { closedAt: iso(window.closedAt) } : {}), reason: window.reason };
  }
  return {
    state: window.note === 'human_agent' ? 'human_agent' : 'open',
    ...(window.closesAt !== undefined ? { closesAt: iso(window.closesAt) } : {}),
  };
}

/** Actions shown as the thread's history (views are audited too, but are not history). */
const HISTORY_ACTIONS = new Set([
  'thread.claim',
  'thread.assign',
  'thread.release',
  'thread.reply',
  'thread.reply_refused',
  'thread.resolve',
  'thread.reopen',
  'thread.hand_back',
  'thread.handover',
]);

export async function threadView(deps: ViewDeps, escalation: Escalation, principal: Principal) {
  const at = deps.now();
  const names = new ActorNames(deps.store);
  const conversation = await deps.store.conversations.get(escalation.conversationId);
  const window = windowView(deps.hub, conversation);
  const problems = await deps.store.escalations.deliveryProblems(escalation.conversationId);
  const item = await queueItem(deps, escalation, at, names, principal.role);
  const reads = readsFor(deps.store, principal.role);
  const summary = reads.summary(escalation);
  const attachments = await reads.attachments(escalation.conversationId);

  let replyBlocked: string | null = null;
  if (escalation.status !== 'open') replyBlocked = 'This thread is resolved: reopen it to reply.';
  else if (!conversation || !deps.hub.isRunning(conversation.channel)) {
    replyBlocked = `The ${conversation?.channel ?? 'original'} channel is not configured on this server, so replies cannot be sent.`;
  } else if (window.state === 'closed') {
    replyBlocked = window.reason ?? 'The channel does not allow a reply now.';
  } else if (principal.kind === 'user' && item.assignee !== null && item.assignee.id !== principal.userId && principal.role !== 'admin') {
    replyBlocked = `${item.assignee?.name ?? 'Someone else'} has claimed this thread.`;
  }
  const fileChannel = deps.hub.list().find((c) => c.id === conversation?.channel);

  return {
    // The request summary in full (the queue row's reason shortens it) and every need of the message,
    // withheld like the answers they repeat.
    escalation: { ...item, summary: summary.text, summaryWithheld: summary.withheld, needs: reads.needs(escalation) },
    channel: conversation?.channel ?? null,
    channelName: item.channelName,
    window,
    canReply: { allowed: replyBlocked === null, reason: replyBlocked },
    // What canned replies' {variables} stand for in this thread, per language of the reply.
    cannedVariables: cannedVariables(deps.practice, conversation, item, principal, at),
    // Whether a photo or PDF can be sent back here (the channel takes files), under the same rules,
    // and which kinds of file the channel takes (X DMs: photos only).
    canSendFiles: replyBlocked === null && fileChannel?.limits.sendsAttachments === true,
    sendableFileTypes: fileChannel?.limits.sendsAttachments === true ? (fileChannel.limits.attachmentTypes ?? STAFF_SENDABLE_TYPES) : [],
    // The conversation's other open requests this principal may open (each is its own queue item).
    related: await Promise.all(
      (await deps.store.escalations.listOpenForConversation(escalation.conversationId))
        .filter((e) => e.id !== escalation.id && canSeeRoute(principal.role, e.route))
        .map(async (e) => ({
          id: e.id,
          route: e.route,
          intent: e.intent,
          status: e.status,
          assignee: await names.user(await activeHolder(deps.store, e)),
        })),
    ),
    // Minimum necessary, message by message and note by note: withheld content keeps its place in
    // the thread as a placeholder, without its text, intent or route.
    messages: await Promise.all(
      (await reads.messages(escalation.conversationId)).map(async (m) => {
        const files = attachments.get(m.id);
        return {
          // Photos and files the patient sent with it, each redacted by its own kind.
          ...(files ? { attachments: files.map(attachmentView) } : {}),
          id: m.id,
          direction: m.direction,
          author: m.author,
          staffActor: m.staffActor,
          staffName: m.author === 'staff' ? await names.name(m.staffActor) : null,
          text: m.text,
          withheld: m.withheld,
          intent: m.intent,
          route: m.route,
          status: m.status,
          deliveryProblem: problems.get(m.id) ?? null,
          at: iso(m.createdAt) as string,
        };
      }),
    ),
    // The other conversations counted into an emergency burst: their patients' messages, redacted
    // like the thread's own, so a real emergency among a flood is still read.
    burstMessages: await burstMessages(deps, escalation, reads),
    notes: await Promise.all(
      (await reads.notes(escalation.conversationId)).map(async (n) => {
        return {
          id: n.id,
          escalationId: n.escalationId,
          author: await names.name(n.actor),
          text: n.text,
          clinical: n.clinical,
          withheld: n.withheld,
          at: iso(n.createdAt) as string,
        };
      }),
    ),
    events: await Promise.all(
      (await deps.store.audit.search({ targetType: 'escalation', targetId: String(escalation.id), limit: 500 }))
        .filter((a) => HISTORY_ACTIONS.has(a.action))
        .reverse()
        .map(async (a) => ({
          action: a.action,
          actor: await names.name(a.actor),
          detail: await eventDetail(a.detail, names),
          at: iso(a.at) as string,
        })),
    ),
  };
}

/** An attachment in the thread: where to fetch it, or why it is not there. */
function attachmentView(a: ShownAttachment) {
  if (a.withheld) return { withheld: true, text: CLINICAL_ATTACHMENT_PLACEHOLDER };
  return {
    id: a.id,
    withheld: false,
    status: a.status,
    contentType: a.contentType,
    size: a.size,
    inline: a.inline,
    url: a.status === 'stored' ? `/api/attachments/${a.id}` : null,
  };
}

async function burstMessages(deps: ViewDeps, escalation: Escalation, reads: RedactedReads) {
  if (escalation.route !== 'emergency') return [];
  const burst = await deps.store.emergencyBursts.get(escalation.id);
  const others = (burst?.conversationIds ?? []).filter((id) => id !== escalation.conversationId);
  const rows = await Promise.all(others.map(async (id) => (await reads.messages(id)).filter((m) => m.direction === 'in')));
  return rows
    .flat()
    .map((m) => ({ conversationId: m.conversationId, id: m.id, text: m.text, withheld: m.withheld, at: iso(m.createdAt) as string }));
}

async function eventDetail(detail: Record<string, unknown> | undefined, names: ActorNames): Promise<Record<string, unknown> | undefined> {
  if (!detail) return undefined;
  const out: Record<string, unknown> = { ...detail };
  for (const key of ['from', 'to'] as const) {
    const value = detail[key];
    if (typeof value === 'number') out[key] = await names.name(`user:${value}`);
  }
  return out;
}
