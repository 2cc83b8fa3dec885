import { randomUUID } from 'node:crypto';
import type { PatientChannels } from '../conversation/channel-hub';
import { AppError } from '../platform/errors';
import type { ChannelLimits } from '../conversation/channel';
import type { ConversationStore } from '../conversation/conversation-store';
import type { EscalationStore } from './escalation-store';

export interface ReplyDeps {
  store: ConversationStore & EscalationStore;
  hub: PatientChannels;
}

/** A photo or PDF staff send, held as an attachment row under `owner` until it is delivered. */
export interface StaffFile {
  id: number;
  owner: string;
  contentType: string;
  size: number;
}

export interface ReplyResult {
  messageId: number;
  outboxId: number;
  /** How the platform sends it (Messenger: RESPONSE, or MESSAGE_TAG from 24 h to 7 days). */
  messagingType: string;
}

/**
 * Delivers a staff reply on the channel the patient used. The channel's reply policy decides whether
 * a person may write now and how: on Messenger a RESPONSE inside 24 h of the patient's last message,
 * a HUMAN_AGENT tagged message from 24 h to 7 days, and nothing after that.
 */
export async function replyToPatient(
  deps: ReplyDeps,
  input: {
    escalationId: number;
    text: string;
    actor: string;
    idempotencyKey?: string;
    signature?: string;
    /** A photo or PDF (held under `owner`) sent instead of text; `text` is the transcript's label. */
    attachment?: StaffFile;
  },
): Promise<ReplyResult> {
  const text = input.text.trim();
  const escalation = await deps.store.escalations.get(input.escalationId);
  if (!escalation) throw new AppError('not_found', 'No such escalation.', 404);
  const conversation = await deps.store.conversations.get(escalation.conversationId);
  if (!conversation) throw new AppError('not_found', 'The escalation has no conversation.', 404);
  const channel = deps.hub.list().find((c) => c.id === conversation.channel);
  if (!channel) {
    throw new AppError(
      'channel_disabled',
      `The ${conversation.channel} channel is not configured on this server, so the reply cannot be sent.`,
      409,
    );
  }

  if (input.attachment && !channel.limits.sendsAttachments) {
    const why = channel.limits.attachmentsOff ? ` ${channel.limits.attachmentsOff}` : '';
    throw new AppError('attachments_not_supported', `Photos and files cannot be sent on ${channel.displayName} from Frontdesk.${why}`, 409);
  }
  if (input.attachment) requireChannelTakes(channel.displayName, channel.limits, input.attachment);
  // The patient sees who answers: "Dana: …" when the practice signs replies with first names.
  const prefix = input.signature && !input.attachment ? `${input.signature}: ` : '';
  const maxLength = channel.limits.maxTextLength - prefix.length;
  if (text === '' || text.length > maxLength) {
    throw new AppError('invalid_reply', `text must be 1 to ${maxLength} characters.`, 400);
  }
  const outcome = await deps.hub.sendToPatient(conversation, prefix + text, {
    author: 'staff',
    actor: input.actor,
    idempotencyKey: `staff:${escalation.id}:${input.idempotencyKey ?? randomUUID()}`,
    // The reply is shown to the same roles as the thread it answers (minimum necessary, per message).
    route: escalation.route,
    ...(input.attachment ? { attachment: input.attachment } : {}),
  });
  if (!outcome.queued) throw new AppError(outcome.code, outcome.reason, 409);
  if (outcome.messageId === null) throw new AppError('reply_not_queued', 'The reply could not be queued.', 500);
  return { messageId: outcome.messageId, outboxId: outcome.outboxId, messagingType: outcome.send.type };
}

/** The platform's own file rules, told to staff before anything is queued (X DMs take photos only, up to 5 MB). */
function requireChannelTakes(channelName: string, limits: ChannelLimits, file: StaffFile): void {
  if (limits.attachmentTypes && !limits.attachmentTypes.includes(file.contentType)) {
    const takes = limits.attachmentTypes.every((t) => t.startsWith('image/')) ? 'photos (JPEG, PNG, GIF or WebP)' : 'these files';
    throw new AppError('unsupported_attachment', `${channelName} takes only ${takes} from Frontdesk; this file cannot be sent there.`, 415);
  }
  if (limits.maxAttachmentBytes !== undefined && file.size > limits.maxAttachmentBytes) {
    const mb = Math.floor(limits.maxAttachmentBytes / (1024 * 1024));
    throw new AppError('attachment_too_large', `${channelName} takes files up to ${mb} MB; this one is larger.`, 413);
  }
}
