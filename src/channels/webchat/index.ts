import { ActivityTypes, type Activity } from 'botbuilder';
import { z } from 'zod';
import type { Channel, ChannelDefinition } from '../../conversation/channel';
import { inboundActivity } from '../../conversation/turn-meta';
import { attachmentMaxBytesFromEnv, parseEnv } from '../../platform/config';
import { readMailConfig, MAIL_ENV_HELP } from '../../mail/mail-config';
import { REPLY_MAIL_CHANNEL } from '../../mail/reply-mail';
import { replyMailDeliverer } from './reply-mail-deliverer';
import { deliverWithReplyMail, replyMailRoutes } from './reply-mail-routes';
import { WEBCHAT_MAX_TEXT, webchatRoutes } from './routes';
import { isWebchatEvent, type WebchatInboundEvent } from './webchat-event';

const ID = 'webchat';
const schema = z.object({ WEBCHAT_ENABLED: z.enum(['true', 'false'], 'must be true or false').default('true') });

/**
 * The local patient chat page at `/chat`: the same bot, triage, store and outbox as the platforms.
 * The page reads its transcript itself, so a message is delivered once it is stored, and there is no
 * platform window: the practice may always answer.
 */
export const webchatChannel: ChannelDefinition = {
  id: ID,
  displayName: 'Web chat',
  envHelp: [['WEBCHAT_ENABLED', 'serve the local patient chat page at /chat (default true)'], ...MAIL_ENV_HELP],
  fromEnv(env) {
    if (parseEnv(schema, env).WEBCHAT_ENABLED === 'false')
      return { enabled: false, howToEnable: 'set WEBCHAT_ENABLED=true to serve the chat page at /chat' };
    const attachmentMaxBytes = attachmentMaxBytesFromEnv(env);
    // With SMTP_URL the page offers "Get an email when we reply" (a patient otherwise sees a staff
    // reply only by coming back to the same browser).
    const mail = readMailConfig(env);
    return {
      enabled: true,
      create(ctx): Channel {
        return {
          id: ID,
          displayName: 'Web chat',
          // Staff may send a photo or PDF: the page shows it from the conversation's own files.
          limits: { maxTextLength: WEBCHAT_MAX_TEXT, maxQuickReplies: 13, maxQuickReplyTitle: 20, sendsAttachments: true },
          routes: () => {
            const router = webchatRoutes({ channelId: ID, attachmentMaxBytes, replyMail: mail !== undefined }, ctx);
            if (mail) router.use(replyMailRoutes({ channelId: ID }, ctx));
            return router;
          },
          toActivity: (payload) => (isWebchatEvent(payload) ? toActivity(payload) : undefined),
          // The page reads its transcript itself: a stored message is delivered (and a staff reply emailed, when asked for).
          deliver: mail ? deliverWithReplyMail(ctx) : async () => ({ ok: true }),
          ...(mail
            ? {
                deliverers: {
                  [REPLY_MAIL_CHANNEL]: replyMailDeliverer({
                    config: mail,
                    store: ctx.store,
                    practiceName: ctx.practice.name,
                    now: ctx.now,
                  }),
                },
              }
            : {}),
          replyWindow: () => ({ state: 'open', send: { type: 'RESPONSE' } }),
        };
      },
    };
  },
};

function toActivity(event: WebchatInboundEvent): Partial<Activity> {
  return inboundActivity(
    {
      type: ActivityTypes.Message,
      channelId: ID,
      id: `${event.sessionId}:${event.clientMessageId}`,
      timestamp: new Date(event.timestamp),
      serviceUrl: 'webchat:',
      from: { id: event.sessionId, name: '', role: 'user' },
      recipient: { id: 'frontdesk', name: 'Frontdesk', role: 'bot' },
      conversation: { id: event.sessionId, name: '', isGroup: false, conversationType: 'personal' },
      text: event.text,
    },
    {
      ...(event.payload ? { payload: event.payload } : {}),
      ...(event.source ? { source: event.source } : {}),
      ...(event.uploadId !== undefined ? { attachments: [{ type: 'upload', uploadId: event.uploadId }] } : {}),
    },
  );
}
