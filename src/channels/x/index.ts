import express, { type Router } from 'express';
import type { Channel, ChannelDefinition, ReplyWindow, Surface } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { isXEvent, X_CHANNEL_ID, xActivity } from './x-activity';
import { xMediaDownloader } from './x-media-download';
import { createXClient, MAX_DM_IMAGE_BYTES, MAX_DM_LENGTH, X_DM_IMAGE_TYPES } from './x-client';
import { X_ENV_HELP, X_HOW_TO_ENABLE, X_REQUIRED_VARS, readXConfig } from './x-config';
import { X_SEND, xDeliverer } from './x-deliverer';
import { XPoller } from './x-poller';
import { XDmQuota } from './x-quota';
import { X_WEBHOOK_PATH, xRoutes } from './routes';
import type { XInboundEvent } from './x-event';

const DISPLAY_NAME = 'X';

/**
 * The practice's X account: DMs and public mentions, by Account Activity webhook or by polling API
 * v2, answered through twitter-api-v2 in user context. A mention is public: the bot posts only its
 * fixed texts there and everything else continues in DMs.
 */
export const xChannel: ChannelDefinition = {
  id: X_CHANNEL_ID,
  displayName: DISPLAY_NAME,
  envHelp: X_ENV_HELP,
  fromEnv(env) {
    const config = readXConfig(env);
    if (!config) return { enabled: false, howToEnable: X_HOW_TO_ENABLE, routes: xDisabledRoutes };
    return {
      enabled: true,
      create(ctx): Channel {
        // The first secret is the current one: it signs requests; older ones only verify deliveries.
        const quota = new XDmQuota(X_CHANNEL_ID, ctx.now());
        const client = createXClient({
          ...config,
          consumerSecret: config.consumerSecrets[0] as string,
          now: ctx.now,
          onDmRate: (rate) => quota.learn(rate, ctx.now()),
        });
        const ingest = async (events: readonly XInboundEvent[]): Promise<number> =>
          await ctx.ingest(
            events.map((event) => ({ eventId: event.eventId, payload: event, ...(event.text ? { text: event.text } : {}) })),
          );
        const poller =
          config.mode === 'poll'
            ? new XPoller({
                client,
                cursors: ctx.store.cursors(X_CHANNEL_ID),
                accountId: config.accountId,
                intervalMs: config.pollIntervalMs,
                ingest,
                log: ctx.log,
                now: ctx.now,
                ...(ctx.health ? { health: ctx.health } : {}),
              })
            : undefined;
        return {
          id: X_CHANNEL_ID,
          displayName: DISPLAY_NAME,
          // API v2 DMs carry no buttons; choices are listed in the text, as many as X's options allowed.
          // Every DM counts against X's 15-per-15-minutes quota: one DM per turn, paced, with a reserve.
          limits: {
            maxTextLength: MAX_DM_LENGTH,
            maxQuickReplies: 20,
            maxQuickReplyTitle: 36,
            oneMessagePerTurn: true,
            sendQuota: quota,
            // Staff may send a photo (uploaded to X's media endpoints first); X DMs carry no PDFs.
            sendsAttachments: true,
            attachmentTypes: X_DM_IMAGE_TYPES,
            maxAttachmentBytes: MAX_DM_IMAGE_BYTES,
          },
          // DMs, and public mentions (answered only with an invitation to a DM).
          surfaces: ['private', 'public'],
          routes: () => xRoutes({ consumerSecrets: config.consumerSecrets, accountId: config.accountId, ingest, log: ctx.log }),
          toActivity: (payload) => (isXEvent(payload) ? xActivity(payload) : undefined),
          deliver: xDeliverer(client, ctx.store, ctx.store.attachments),
          downloadAttachment: xMediaDownloader(config),
          replyWindow: ({ author, lastInboundAt, surface }) => replyWindow(author, lastInboundAt, surface),
          ...(poller ? { start: () => poller.start(), stop: () => poller.stop() } : {}),
        };
      },
    };
  },
};

/**
 * X has no messaging window for DMs: a conversation the patient started stays open (X itself
 * refuses a DM when the person no longer accepts them, and staff see that failure). On a public
 * mention the bot may post only its fixed texts; a person's reply is never posted publicly but sent
 * to the author as a private DM.
 */
function replyWindow(author: 'bot' | 'staff', lastInboundAt: number | null, surface: Surface): ReplyWindow {
  if (surface === 'public') {
    if (author === 'bot') return { state: 'open', send: { type: X_SEND.publicPost }, note: 'fixed public texts only' };
    return { state: 'open', send: { type: X_SEND.dmToAuthor }, note: 'sent privately as a DM to the author, never as a public reply' };
  }
  if (lastInboundAt === null) return { state: 'closed', reason: 'The patient has not written to the practice by DM on X.' };
  return { state: 'open', send: { type: X_SEND.dm } };
}

/** When X is off, its webhook says so instead of a bare 404, naming what to set. */
function xDisabledRoutes(): Router {
  const router = express.Router();
  router.all(X_WEBHOOK_PATH, (_req, _res, next) => {
    next(new AppError('channel_disabled', `X is not configured on this server: set ${X_REQUIRED_VARS.join(', ')}.`, 503));
  });
  return router;
}
