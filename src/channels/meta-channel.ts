import type { Router } from 'express';
import type { AttachmentRepo } from '../attachments/attachment-repo';
import type { Channel, ChannelContext } from '../conversation/channel';
import { webhookRoutes } from '../platform/http/webhook-routes';
import type { MessengerConfig } from './meta-app-config';
import { messengerDeliverer } from './meta-deliverer';
import { createGraphClient, MAX_QUICK_REPLIES, MAX_QUICK_REPLY_TITLE, MAX_SENDS_PER_SECOND } from './meta-graph-client';
import { isMetaEvent, metaActivity, metaReplyWindow } from './meta-messaging';
import { parseMessengerPayload, type MessengerInboundEvent, type MetaMessagingObject } from './meta-parse-events';
import { verifyHandshake } from './meta-verify-handshake';
import { verifySignature } from './meta-verify-signature';

/**
 * A running Meta messaging channel (Messenger, Instagram): Graph Send API out with the Page token,
 * Meta's 24 h / HUMAN_AGENT 7 d windows as reply policy, typing indicators.
 */
export function metaChannel(spec: {
  id: string;
  displayName: string;
  maxTextLength: number;
  config: MessengerConfig;
  routes: () => Router;
  /** Where staff's photos and PDFs are held: given, the channel sends them (a multipart upload). */
  attachments?: Pick<AttachmentRepo, 'get' | 'bytes'>;
  /** The platform fetches files from a URL instead (Instagram): the signed link to a held file. */
  linkTo?: (attachmentId: number) => string;
  /** The file types and size the platform takes, when fewer than every photo type and PDF. */
  attachmentTypes?: readonly string[];
  maxAttachmentBytes?: number;
  /** Why staff cannot send files here, when they cannot (what to configure). */
  attachmentsOff?: string;
}): Channel {
  const { config } = spec;
  const graph = createGraphClient({
    baseUrl: config.graphApiBase,
    version: config.graphApiVersion,
    pageAccessToken: config.pageAccessToken,
  });
  return {
    id: spec.id,
    displayName: spec.displayName,
    limits: {
      maxTextLength: spec.maxTextLength,
      maxQuickReplies: MAX_QUICK_REPLIES,
      maxQuickReplyTitle: MAX_QUICK_REPLY_TITLE,
      maxSendsPerSecond: MAX_SENDS_PER_SECOND,
      ...(spec.attachments ? { sendsAttachments: true } : {}),
      ...(spec.attachmentTypes ? { attachmentTypes: spec.attachmentTypes } : {}),
      ...(spec.maxAttachmentBytes !== undefined ? { maxAttachmentBytes: spec.maxAttachmentBytes } : {}),
      ...(spec.attachmentsOff !== undefined ? { attachmentsOff: spec.attachmentsOff } : {}),
    },
    routes: spec.routes,
    toActivity: (payload) => (isMetaEvent(payload) ? metaActivity(spec.id, payload) : undefined),
    deliver: messengerDeliverer(graph, spec.attachments, spec.linkTo),
    replyWindow: ({ author, lastInboundAt, now }) => metaReplyWindow(spec.displayName, author, lastInboundAt, now),
    typing: async (recipientId) => {
      await graph.sendAction(recipientId, 'typing_on');
    },
    // Attachment URLs are signed CDN links (lookaside): fetched as they are, without the Page token.
    downloadAttachment: (url, signal) => fetch(url, { signal, redirect: 'follow' }),
  };
}

/**
 * A Meta messaging webhook. Durable before acknowledged: the handshake answers Meta's verify
 * request; a delivery's signature is checked on the raw bytes (`X-Hub-Signature-256`, the app
 * secret), the events this server answers (`accept`) are written to the inbox, and only then does
 * Meta get its 200; the bot runs after.
 */
export function metaWebhookRoutes(spec: {
  path: string;
  object: MetaMessagingObject;
  /** The log lines' prefix, e.g. `messenger`. */
  name: string;
  verifyToken: string;
  appSecrets: readonly string[];
  ctx: ChannelContext;
  accept?: (event: MessengerInboundEvent) => boolean;
}): Router {
  const { ctx } = spec;
  return webhookRoutes({
    path: spec.path,
    handshake: (req) => verifyHandshake(req, spec.verifyToken),
    verify: (headers, rawBody) => verifySignature(headers, rawBody, spec.appSecrets),
    refused: (code) => ctx.log.warn({ code }, `${spec.name}: webhook refused`),
    parse: (body) => parseMessengerPayload(body, spec.object),
    receive: async (parsed, res) => {
      const events = spec.accept ? parsed.events.filter(spec.accept) : parsed.events;
      const added = await ctx.ingest(
        events.map((event) => ({ eventId: event.eventId, payload: event, ...(event.text ? { text: event.text } : {}) })),
      );
      // Counts only: story context is marked on the stored event, never logged.
      const stories = events.filter((event) => event.context !== undefined).length;
      ctx.log.info(
        {
          events: events.length,
          added,
          ...(stories > 0 ? { stories } : {}),
          ...(events.length < parsed.events.length ? { otherAccount: parsed.events.length - events.length } : {}),
          skipped: parsed.skipped,
        },
        `${spec.name}: webhook stored`,
      );
      res.status(200).type('text/plain').send('EVENT_RECEIVED');
    },
  });
}
