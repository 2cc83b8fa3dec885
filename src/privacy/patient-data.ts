import type { PatientChannels } from '../conversation/channel-hub';
import { ActorNames } from '../escalation/queue-view';
import type { Escalation } from '../escalation/escalation-repo';
import { AppError } from '../platform/errors';
import type { QueueStore } from '../escalation/escalation-store';
import type { Db } from '../store/open-database';
import { PrivacyRepo } from './privacy-repo';
import { purgeConversation } from './purge-conversation';

export const DATA_DELETION_INTENT = 'data_deletion';

export interface PatientDataDeps {
  store: QueueStore & { db: Db };
  /** The running channels: the patient is told on theirs, when its reply policy allows it. */
  hub: PatientChannels;
  practiceName: string;
  now: () => number;
}

/** Who acts, for the audit log and the staff message that tells the patient. */
export interface PatientDataActor {
  actor: string;
  ip: string | undefined;
}

/** Everything Frontdesk holds about one patient (one contact on one channel), for export. */
export interface PatientExport {
  format: 'frontdesk-patient-export/1';
  exportedAt: string;
  practice: string;
  patient: { channel: string; platformUserId: string; firstContactAt: string; optedOutAt: string | null };
  conversations: Array<{
    id: number;
    startedAt: string;
    lastPatientMessageAt: string | null;
    flowState: unknown;
    messages: Array<{
      at: string;
      from: 'patient' | 'assistant' | 'staff';
      staffName: string | null;
      text: string;
      intent: string | null;
      route: string | null;
      status: string;
    }>;
    notes: Array<{ at: string; author: string | null; text: string }>;
    requests: Array<{
      id: number;
      route: string;
      intent: string;
      status: string;
      openedAt: string;
      closedAt: string | null;
      summary: string | null;
    }>;
  }>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** True when this queue item is (or its thread holds) a patient's request to delete their data. */
export function isDataRequest(store: PatientDataDeps['store'], escalation: Escalation): boolean {
  return holdsDataRequest(new PrivacyRepo(store.db), escalation);
}

function holdsDataRequest(repo: PrivacyRepo, escalation: Escalation): boolean {
  return escalation.intent === DATA_DELETION_INTENT || repo.hasMessageWithIntent(escalation.conversationId, DATA_DELETION_INTENT);
}

function requireDataRequest(
  store: PatientDataDeps['store'],
  repo: PrivacyRepo,
  escalationId: number,
): { escalation: Escalation; contactId: number; conversationIds: number[] } {
  const escalation = store.escalations.get(escalationId);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  if (!holdsDataRequest(repo, escalation)) {
    throw new AppError(
      'not_a_data_request',
      "Patient data can be exported or erased only from the task a patient's data request created.",
      409,
    );
  }
  const conversation = store.conversations.get(escalation.conversationId);
  if (!conversation) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  return { escalation, contactId: conversation.contactId, conversationIds: repo.conversationIdsOfContact(conversation.contactId) };
}

/** What is held now, for the console's confirmation ("erase 12 messages and 2 notes?"). */
export function patientDataSummary(
  store: PatientDataDeps['store'],
  escalationId: number,
): { conversations: number; messages: number; notes: number; erasedAt: string | null } {
  const repo = new PrivacyRepo(store.db);
  const { conversationIds } = requireDataRequest(store, repo, escalationId);
  const sum = (count: (conversationId: number) => number) => conversationIds.reduce((n, id) => n + count(id), 0);
  return {
    conversations: conversationIds.length,
    messages: sum((id) => repo.countMessagesWithText(id)),
    notes: sum((id) => repo.countNotes(id)),
    erasedAt: iso(repo.lastErasedAt(conversationIds)),
  };
}

/** Everything held about the patient behind a data request; audited (counts, never content). */
export function exportPatientData(
  deps: PatientDataDeps,
  who: PatientDataActor,
  escalationId: number,
  format: 'json' | 'text',
): PatientExport {
  const { store } = deps;
  const repo = new PrivacyRepo(store.db);
  const { conversationIds } = requireDataRequest(store, repo, escalationId);
  const names = new ActorNames(store);
  const first = store.conversations.get(conversationIds[0] as number);
  if (!first) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  const conversations = conversationIds.flatMap((id) => {
    const c = store.conversations.get(id);
    if (!c) return [];
    return [
      {
        id: c.id,
        startedAt: iso(c.createdAt) as string,
        lastPatientMessageAt: iso(c.lastInboundAt),
        flowState: c.flow,
        messages: store.messages.listByConversation(c.id).map((m) => ({
          at: iso(m.createdAt) as string,
          from: m.author === 'bot' ? ('assistant' as const) : m.author,
          staffName: names.name(m.staffActor),
          text: m.text,
          intent: m.intent,
          route: m.route,
          status: m.status,
        })),
        notes: store.notes
          .listForConversation(c.id)
          .map((n) => ({ at: iso(n.createdAt) as string, author: names.name(n.actor), text: n.text })),
        requests: repo.escalationIdsOfConversation(c.id).flatMap((eid) => {
          const e = store.escalations.get(eid);
          return e
            ? [
                {
                  id: e.id,
                  route: e.route,
                  intent: e.intent,
                  status: e.status,
                  openedAt: iso(e.createdAt) as string,
                  closedAt: iso(e.resolvedAt),
                  summary: e.summary,
                },
              ]
            : [];
        }),
      },
    ];
  });
  const result: PatientExport = {
    format: 'frontdesk-patient-export/1',
    exportedAt: iso(deps.now()) as string,
    practice: deps.practiceName,
    patient: {
      channel: first.channel,
      platformUserId: first.platformUserId,
      firstContactAt: iso(first.createdAt) as string,
      optedOutAt: iso(first.optedOutAt),
    },
    conversations,
  };
  store.audit.record(
    {
      actor: who.actor,
      action: 'patient.export',
      targetType: 'escalation',
      targetId: String(escalationId),
      ip: who.ip,
      detail: {
        format,
        conversations: conversations.length,
        messages: conversations.reduce((n, c) => n + c.messages.length, 0),
        notes: conversations.reduce((n, c) => n + c.notes.length, 0),
      },
    },
    deps.now(),
  );
  return result;
}

/** The export as a plain-text transcript a patient can read. */
export function exportAsText(data: PatientExport): string {
  const lines = [
    `${data.practice}: everything Frontdesk holds about you`,
    `Exported ${data.exportedAt}. Channel: ${data.patient.channel}. First contact: ${data.patient.firstContactAt}.`,
    data.patient.optedOutAt ? `You opted out of automated messages on ${data.patient.optedOutAt}.` : '',
  ];
  for (const c of data.conversations) {
    lines.push('', `Conversation ${c.id}, started ${c.startedAt}`);
    const entries = [
      ...c.messages.map((m) => ({
        at: m.at,
        line: `${m.from === 'patient' ? 'You' : m.from === 'assistant' ? 'Assistant' : `Staff${m.staffName ? ` (${m.staffName})` : ''}`}: ${m.text}`,
      })),
      ...c.notes.map((n) => ({ at: n.at, line: `Staff note (${n.author ?? 'staff'}): ${n.text}` })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    for (const e of entries) lines.push(`${e.at}  ${e.line}`);
    for (const r of c.requests) lines.push(`Request #${r.id}: ${r.intent} (${r.route}), ${r.status}${r.summary ? `: ${r.summary}` : ''}`);
  }
  return `${lines.filter((l, i) => l !== '' || i > 2).join('\n')}\n`;
}

export function deletionNotice(practiceName: string): string {
  return `As you asked, ${practiceName} has deleted the messages and notes we held about you in this chat. We keep only a record that the deletion happened, without any of its content. Medical records the practice keeps elsewhere are not affected; please call the office about those.`;
}

export interface EraseResult {
  conversations: number;
  messages: number;
  notes: number;
  /** Whether the patient was told on their channel; `reason` says why not. */
  notice: 'sent' | 'not_sent';
  reason?: string;
}

/**
 * Erases what is held about the patient behind a data request: messages, notes, flow state, request
 * summaries and the name fields of their profile, in every conversation of theirs on that channel.
 * What remains is the routing record (channel and platform id, so they can be told and can write
 * again, and an opt-out keeps working), queue rows without text, and audit rows. The patient is then
 * told on the channel, when its reply policy allows a staff message now.
 */
export async function erasePatientData(deps: PatientDataDeps, who: PatientDataActor, escalationId: number): Promise<EraseResult> {
  const { store } = deps;
  const repo = new PrivacyRepo(store.db);
  const { escalation, conversationIds } = requireDataRequest(store, repo, escalationId);
  const at = deps.now();
  const totals = store.db.transaction(() => {
    const sum = { messages: 0, notes: 0 };
    for (const id of conversationIds) {
      const counts = purgeConversation(store, id, 'nothing');
      sum.messages += counts.messages;
      sum.notes += counts.notes;
      const conversation = store.conversations.get(id);
      const reference = conversation ? withoutNames(conversation.reference) : {};
      repo.markErased(id, at, reference);
    }
    store.audit.record(
      {
        actor: who.actor,
        action: 'patient.erase',
        targetType: 'escalation',
        targetId: String(escalationId),
        ip: who.ip,
        detail: { conversations: conversationIds.length, ...sum },
      },
      at,
    );
    return sum;
  })();

  const conversation = store.conversations.get(escalation.conversationId);
  let notice: EraseResult['notice'] = 'not_sent';
  let reason: string | undefined;
  if (!conversation) {
    reason = 'The channel is not configured on this server.';
  } else {
    const outcome = await deps.hub.sendToPatient(conversation, deletionNotice(deps.practiceName), {
      author: 'staff',
      actor: who.actor,
      idempotencyKey: `erase:${escalationId}:${at}`,
    });
    if (outcome.queued) notice = 'sent';
    else reason = outcome.code === 'channel_disabled' ? 'The channel is not configured on this server.' : outcome.reason;
  }
  store.audit.record(
    {
      actor: who.actor,
      action: 'patient.erase_notice',
      targetType: 'escalation',
      targetId: String(escalationId),
      ip: who.ip,
      detail: { notice },
    },
    deps.now(),
  );
  return { conversations: conversationIds.length, ...totals, notice, ...(reason ? { reason } : {}) };
}

/** The stored ConversationReference without display names (ids stay: they route the reply). */
function withoutNames(reference: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...reference };
  delete copy.activityId;
  for (const key of ['user', 'bot', 'conversation']) {
    const part = copy[key];
    if (part && typeof part === 'object') {
      const rest: Record<string, unknown> = { ...(part as Record<string, unknown>) };
      delete rest.name;
      copy[key] = rest;
    }
  }
  return copy;
}
