import express, { type Router } from 'express';
import { extensionOf, isInlineImage } from '../../attachments/content-type';
import type { QueueStore } from '../../escalation/escalation-store';
import { readsFor } from '../../escalation/redacted-reads';
import { AppError } from '../../platform/errors';
import type { DatabaseHandle } from '../../store/database-handle';
import { authenticate, requireCsrf, type AuthDeps } from '../identity/authenticate';
import type { IdentityStore } from '../identity/identity-store';
import { principalOf } from '../identity/principal';
import { idParam } from './http-helpers';

export interface AttachmentRouteDeps extends AuthDeps {
  store: IdentityStore & QueueStore & DatabaseHandle;
}

/**
 * Nothing a patient sent may run in the console's origin: no script, no style, no frames, no
 * plug-ins; the bytes are an image to look at or a file to save, and the browser never guesses.
 */
const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

/**
 * A patient's photo or file, to the staff who may see its kind (the one redaction layer decides);
 * every read is audited. Images whose bytes are a type browsers render safely are served inline;
 * everything else (PDF, HEIC, unknown bytes, whatever its name claimed) only as a download.
 */
export function attachmentRoutes(deps: AttachmentRouteDeps): Router {
  const router = express.Router();
  router.use('/api/attachments', authenticate(deps), requireCsrf);

  router.get('/api/attachments/:id', async (req, res) => {
    const principal = principalOf(res);
    const id = idParam(req, 'attachment');
    const found = await readsFor(deps.store, principal.role).attachmentFile(id);
    if (!found) throw new AppError('not_found', 'No such attachment.', 404);
    const { shown, bytes } = found;
    if (shown.withheld) throw new AppError('forbidden', 'This attachment is clinical: it is visible to clinicians.', 403);
    if (!bytes) throw new AppError('attachment_unavailable', 'This attachment could not be retrieved from the platform.', 404);
    await deps.store.audit.record(
      { actor: principal.actor, action: 'attachment.view', targetType: 'attachment', targetId: String(id), ip: req.ip },
      deps.now(),
    );
    const inline = isInlineImage(shown.contentType);
    const name = `attachment-${id}.${extensionOf(shown.contentType)}`;
    res.setHeader('Content-Security-Policy', ATTACHMENT_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${name}"`);
    res.type(inline || shown.contentType === 'application/pdf' ? (shown.contentType as string) : 'application/octet-stream');
    res.send(bytes);
  });
  return router;
}
