import type { Language } from '../triage/types';
import type { PatientChannels } from '../conversation/channel-hub';
import { ActorNames } from '../escalation/queue-view';
import type { Role } from '../escalation/access';
import { readsFor } from '../escalation/redacted-reads';
import type { Escalation } from '../escalation/escalation-repo';
import { AppError } from '../platform/errors';
import type { QueueStore } from '../escalation/escalation-store';
import type { DatabaseHandle } from '../store/database-handle';
import type { PrivacyRepo } from './privacy-repo';
import type { PrivacyStore } from './privacy-store';
import { purgeConversation } from './purge-conversation';
import { backupsHolding, type BackupPolicy, type BackupsHolding } from './backups-holding';

export const DATA_DELETION_INTENT = 'data_deletion';

export interface PatientDataDeps {
  store: QueueStore & PrivacyStore & DatabaseHandle;
  /** The running channels: the patient is told on theirs, when its reply policy allows it. */
  hub: PatientChannels;
  practiceName: string;
  now: () => number;
  /** Scheduled backups (BACKUP_DIR), so an erasure can say which still hold the patient's data. */
  backups?: BackupPolicy | undefined;
}

/** Who acts, for the audit log and the staff message that tells the patient. */
export interface PatientDataActor {
  actor: string;
  ip: string | undefined;
  /** What the export may show, through the same redaction as every staff view. */
  role: Role;
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
    /** The address the patient gave on the chat page for an email when staff reply; null when none. */
    replyEmail: string | null;
    messages: Array<{
      at: string;
      from: 'patient' | 'assistant' | 'staff';
      staffName: string | null;
      text: string;
      intent: string | null;
      route: string | null;
      status: string;
      /** The photos and files the patient sent with it, with their bytes (base64) when held. */
      attachments?: Array<{ status: string | null; contentType: string | null; size: number | null; base64: string | null }>;
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
export async function isDataRequest(store: PatientDataDeps['store'], escalation: Escalation): Promise<boolean> {
  return await holdsDataRequest(store.privacy, escalation);
}

async function holdsDataRequest(repo: PrivacyRepo, escalation: Escalation): Promise<boolean> {
  return escalation.intent === DATA_DELETION_INTENT || (await repo.hasMessageWithIntent(escalation.conversationId, DATA_DELETION_INTENT));
}

async function requireDataRequest(
  store: PatientDataDeps['store'],
  repo: PrivacyRepo,
  escalationId: number,
): Promise<{ escalation: Escalation; contactId: number; conversationIds: number[] }> {
  const escalation = await store.escalations.get(escalationId);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  if (!(await holdsDataRequest(repo, escalation))) {
    throw new AppError(
      'not_a_data_request',
      "Patient data can be exported or erased only from the task a patient's data request created.",
      409,
    );
  }
  const conversation = await store.conversations.get(escalation.conversationId);
  if (!conversation) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  return { escalation, contactId: conversation.contactId, conversationIds: await repo.conversationIdsOfContact(conversation.contactId) };
}

/** What is held now, for the console's confirmation ("erase 12 messages and 2 notes?"). */
export async function patientDataSummary(
  store: PatientDataDeps['store'],
  escalationId: number,
): Promise<{ conversations: number; messages: number; notes: number; erasedAt: string | null }> {
  const repo = store.privacy;
  const { conversationIds } = await requireDataRequest(store, repo, escalationId);
  const sum = async (count: (conversationId: number) => Promise<number>): Promise<number> => {
    let n = 0;
    for (const id of conversationIds) n += await count(id);
    return n;
  };
  return {
    conversations: conversationIds.length,
    messages: await sum((id) => repo.countMessagesWithText(id)),
    notes: await sum((id) => repo.countNotes(id)),
    erasedAt: iso(await repo.lastErasedAt(conversationIds)),
  };
}

/** Everything held about the patient behind a data request; audited (counts, never content). */
export async function exportPatientData(
  deps: PatientDataDeps,
  who: PatientDataActor,
  escalationId: number,
  format: 'json' | 'text',
): Promise<PatientExport> {
  const { store } = deps;
  const repo = store.privacy;
  const { conversationIds } = await requireDataRequest(store, repo, escalationId);
  const names = new ActorNames(store);
  const reads = readsFor(store, who.role);
  const first = await store.conversations.get(conversationIds[0] as number);
  if (!first) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  const held = await Promise.all(
    conversationIds.map(async (id) => {
      const c = await store.conversations.get(id);
      if (!c) return [];
      const files = await reads.attachments(c.id);
      const filesOf = async (messageId: number) => {
        const list = files.get(messageId);
        if (!list) return {};
        const attachments = await Promise.all(
          list
            .filter((a) => !a.withheld)
            .map(async (a) => {
              const bytes = (await reads.attachmentFile(a.id))?.bytes;
              return { status: a.status, contentType: a.contentType, size: a.size, base64: bytes ? bytes.toString('base64') : null };
            }),
        );
        return attachments.length > 0 ? { attachments } : {};
      };
      return [
        {
          id: c.id,
          startedAt: iso(c.createdAt) as string,
          lastPatientMessageAt: iso(c.lastInboundAt),
          flowState: c.flow,
          replyEmail: (await reads.replyMail(c.id))?.text ?? null,
          messages: await Promise.all(
            (await reads.messages(c.id)).map(async (m) => ({
              at: iso(m.createdAt) as string,
              from: m.author === 'bot' ? ('assistant' as const) : m.author,
              staffName: await names.name(m.staffActor),
              text: m.text,
              intent: m.intent,
              route: m.route,
              status: m.status,
              ...(await filesOf(m.id)),
            })),
          ),
          notes: await Promise.all(
            (await reads.notes(c.id)).map(async (n) => ({
              at: iso(n.createdAt) as string,
              author: await names.name(n.actor),
              text: n.text,
            })),
          ),
          requests: (
            await Promise.all(
              (await repo.escalationIdsOfConversation(c.id)).map(async (eid) => {
                const e = await store.escalations.get(eid);
                return e
                  ? [
                      {
                        id: e.id,
                        route: e.route,
                        intent: e.intent,
                        status: e.status,
                        openedAt: iso(e.createdAt) as string,
                        closedAt: iso(e.resolvedAt),
                        summary: reads.summary(e).text,
                      },
                    ]
                  : [];
              }),
            )
          ).flat(),
        },
      ];
    }),
  );
  const conversations = held.flat();
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
  await store.audit.record(
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
    if (c.replyEmail) lines.push(`Emails about replies go to: ${c.replyEmail}`);
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

/** Told to the patient after an erasure, in the language the conversation was in before it. */
export function deletionNotice(practiceName: string, language: Language = 'en'): string {
  return language === 'es'
    ? `Como nos pidió, ${practiceName} borró los mensajes y las notas que teníamos sobre usted en este chat. Solo guardamos constancia de que se hizo el borrado, sin nada de su contenido. Los expedientes médicos que la clínica guarda en otro lugar no cambian; llame a la clínica para consultarlos.`
    : `As you asked, ${practiceName} has deleted the messages and notes we held about you in this chat. We keep only a record that the deletion happened, without any of its content. Medical records the practice keeps elsewhere are not affected; please call the office about those.`;
}

export interface EraseResult {
  conversations: number;
  messages: number;
  notes: number;
  /** Whether the patient was told on their channel; `reason` says why not. */
  notice: 'sent' | 'not_sent';
  reason?: string;
  /** With scheduled backups: those made before the erasure, which still hold the patient's data. */
  backups?: BackupsHolding;
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
  const repo = store.privacy;
  const { escalation, conversationIds } = await requireDataRequest(store, repo, escalationId);
  const at = deps.now();
  // The notice goes out in the patient's language, which the erasure forgets with the rest.
  const language = (await store.conversations.get(escalation.conversationId))?.language ?? 'en';
  const totals = await store.transaction(async () => {
    const sum = { messages: 0, notes: 0 };
    for (const id of conversationIds) {
      const counts = await purgeConversation(store, id, 'nothing');
      sum.messages += counts.messages;
      sum.notes += counts.notes;
      const conversation = await store.conversations.get(id);
      const reference = conversation ? withoutNames(conversation.reference) : {};
      await repo.markErased(id, at, reference);
    }
    await store.audit.record(
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
  });
  await repo.scrubRemovedText();
  const firstAt = Math.min(...(await Promise.all(conversationIds.map(async (id) => (await store.conversations.get(id))?.createdAt ?? at))));
  const backups = deps.backups ? backupsHolding(deps.backups, firstAt, at) : undefined;

  const conversation = await store.conversations.get(escalation.conversationId);
  let notice: EraseResult['notice'] = 'not_sent';
  let reason: string | undefined;
  if (!conversation) {
    reason = 'The channel is not configured on this server.';
  } else {
    const outcome = await deps.hub.sendToPatient(conversation, deletionNotice(deps.practiceName, language), {
      author: 'staff',
      actor: who.actor,
      idempotencyKey: `erase:${escalationId}:${at}`,
    });
    if (outcome.queued) notice = 'sent';
    else reason = outcome.code === 'channel_disabled' ? 'The channel is not configured on this server.' : outcome.reason;
  }
  await store.audit.record(
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
  return { conversations: conversationIds.length, ...totals, notice, ...(reason ? { reason } : {}), ...(backups ? { backups } : {}) };
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
