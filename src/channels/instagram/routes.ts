import express, { type Router } from 'express';
import type { ChannelContext } from '../../conversation/channel';
import { AppError } from '../../platform/errors';
import { sendAttachmentFile } from '../../attachments/serve-file';
import type { FileLinks } from '../../attachments/file-links';
import { metaWebhookRoutes } from '../meta-channel';
import type { InstagramConfig } from './instagram-config';

export const INSTAGRAM_WEBHOOK_PATH = '/webhooks/instagram';

/**
 * `GET/POST /webhooks/instagram`: Meta's verify handshake, then deliveries signed like Messenger's
 * with the app secret. Messages to another Instagram account of the same app are not ours: skipped.
 */
export function instagramRoutes(config: InstagramConfig, ctx: ChannelContext, links?: FileLinks): Router {
  const webhook = metaWebhookRoutes({
    path: INSTAGRAM_WEBHOOK_PATH,
    object: 'instagram',
    name: 'instagram',
    verifyToken: config.verifyToken,
    appSecrets: config.appSecrets,
    ctx,
    accept: (event) => event.pageId === config.accountId,
  });
  if (!links) return webhook;
  const router = express.Router();
  router.use(webhook);
  router.get(`${FILE_LINK_PATH}/:token`, fileLinkHandler(links, ctx));
  return router;
}

/** Where Meta fetches a photo staff send on Instagram (a signed, expiring link to that file only). */
export const FILE_LINK_PATH = '/files';

/**
 * Serves a file staff sent, to whoever holds its signed link until it expires: only files staff
 * uploaded, never a patient's; an expired, forged or erased one is a bare 404. Not audited per
 * fetch (Meta fetches it once while sending); the send itself is in the audit log.
 */
function fileLinkHandler(links: FileLinks, ctx: ChannelContext): express.RequestHandler {
  return (req, res, next) => {
    const id = links.read(String(req.params.token ?? ''), ctx.now());
    const gone = (): void => {
      res.setHeader('Cache-Control', 'no-store');
      res.status(404).type('text/plain').send('Not found');
    };
    if (id === undefined) return gone();
    void (async () => {
      const row = await ctx.store.attachments.get(id);
      const bytes = row?.channel === 'staff' && row.status === 'stored' ? await ctx.store.attachments.bytes(id) : undefined;
      if (!row || !bytes) return gone();
      sendAttachmentFile(res, id, row.contentType, bytes);
    })().catch(next);
  };
}

/** When Instagram is off, its webhook says so instead of a bare 404, naming what to set. */
export function instagramDisabledRoutes(): Router {
  const router = express.Router();
  router.all(INSTAGRAM_WEBHOOK_PATH, (_req, _res, next) => {
    next(
      new AppError(
        'channel_disabled',
        'Instagram is not configured on this server: set INSTAGRAM_ACCOUNT_ID beside the Messenger settings.',
        503,
      ),
    );
  });
  return router;
}
