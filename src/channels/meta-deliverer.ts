import type { Deliverer } from '../conversation/outbox/delivery';
import { readOutboxPayload } from '../conversation/outbox/delivery';
import type { AttachmentRepo } from '../attachments/attachment-repo';
import { extensionOf, isInlineImage } from '../attachments/content-type';
import { withHeldFile } from '../attachments/held-file';
import type { GraphClient, SendMessageInput, SendMessageResult } from './meta-graph-client';

/**
 * Sends a Messenger outbox item through the Graph Send API. Only a MESSAGE_TAG send chosen by the
 * staff reply policy carries the HUMAN_AGENT tag; everything else is a RESPONSE. A staff file is
 * uploaded with the message, or, where the platform takes attachments only by URL (`linkTo`, on
 * Instagram), sent as a short-lived signed link to it that Meta fetches.
 */
export function messengerDeliverer(
  graph: GraphClient,
  attachments?: Pick<AttachmentRepo, 'get' | 'bytes'>,
  linkTo?: (attachmentId: number) => string,
): Deliverer {
  return async (item) => {
    const payload = readOutboxPayload(item.payload);
    if (!payload) return { ok: false, retryable: false, reason: 'not sent: the outbox item is not a message' };
    const base = { recipientId: payload.recipientId, text: payload.text, quickReplies: payload.quickReplies };
    const input: SendMessageInput =
      payload.send?.type === 'MESSAGE_TAG' && payload.send.tag === 'HUMAN_AGENT'
        ? { ...base, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
        : { ...base, messagingType: payload.send?.type === 'UPDATE' ? 'UPDATE' : 'RESPONSE' };
    const fileId = payload.attachmentId;
    const result: SendMessageResult =
      fileId === undefined
        ? await graph.sendMessage(input)
        : await withHeldFile(attachments, fileId, (file) =>
            linkTo ? graph.sendAttachmentLink({ ...sendOf(input), type: 'image', url: linkTo(fileId) }) : sendFile(graph, input, file),
          );
    if (result.ok) return { ok: true, platformMessageId: result.messageId };
    return {
      ok: false,
      retryable: result.retryable && !result.permanent,
      reason: result.reason,
      ...(result.rateLimited ? { rateLimited: true } : {}),
      ...(result.retryAt !== undefined ? { retryAt: result.retryAt } : {}),
    };
  };
}

/** Whom a file goes to and how (RESPONSE, or HUMAN_AGENT tagged), without the text. */
function sendOf(input: SendMessageInput) {
  return input.messagingType === 'MESSAGE_TAG'
    ? { recipientId: input.recipientId, messagingType: input.messagingType, tag: input.tag }
    : { recipientId: input.recipientId, messagingType: input.messagingType };
}

/** A staff photo (sent as an image) or PDF (as a file). */
function sendFile(graph: GraphClient, input: SendMessageInput, file: { bytes: Buffer; contentType: string }): Promise<SendMessageResult> {
  const { bytes, contentType } = file;
  return graph.sendAttachment({
    ...sendOf(input),
    type: isInlineImage(contentType) ? 'image' : 'file',
    bytes,
    contentType,
    filename: `attachment.${extensionOf(contentType)}`,
  });
}
