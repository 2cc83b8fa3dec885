import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { sniffContentType, STAFF_SENDABLE_TYPES } from '../../attachments/content-type';
import { sendAttachmentFile } from '../../attachments/serve-file';
import * as actions from '../../escalation/escalation-actions';
import type { QueueStore } from '../../escalation/escalation-store';
import { readsFor } from '../../escalation/redacted-reads';
import { AppError } from '../../platform/errors';
import type { DatabaseHandle } from '../../store/database-handle';
import { authenticate, requireCsrf, type AuthDeps } from '../identity/authenticate';
import type { IdentityStore } from '../identity/identity-store';
import { principalOf } from '../identity/principal';
import { idParam } from './http-helpers';

export interface AttachmentRouteDeps extends AuthDeps, actions.ActionDeps {
  store: IdentityStore & QueueStore & DatabaseHandle;
  /** Largest photo or PDF staff may send (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes?: number;
}

/** What staff may send a patient: a photo a phone shows, or a PDF. */
const SENDABLE: ReadonlySet<string> = new Set(STAFF_SENDABLE_TYPES);

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
    sendAttachmentFile(res, id, shown.contentType, bytes);
  });
  // Staff send a photo or PDF back, as the raw body: on channels that take files (Messenger, web chat), under
  // the same rules as a text reply (open thread, not held by someone else, the channel's window).
  router.post(
    '/api/escalations/:id/attachments',
    authenticate(deps),
    requireCsrf,
    express.raw({ type: () => true, limit: deps.attachmentMaxBytes ?? 10 * 1024 * 1024 }),
    async (req, res) => {
      const id = idParam(req);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = sniffContentType(bytes);
      if (!SENDABLE.has(contentType)) {
        throw new AppError('unsupported_attachment', 'Send a photo (JPEG, PNG, GIF, WebP) or a PDF as the request body.', 415);
      }
      const idempotencyKey = req.get('idempotency-key');
      if (idempotencyKey !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(idempotencyKey)) {
        throw new AppError('invalid_idempotency_key', 'Idempotency-Key must be 1-64 letters, digits, "-" or "_".', 400);
      }
      const owner = `staff:${id}:${randomUUID()}`;
      const held = await deps.store.attachments.addUpload({ channel: 'staff', owner, contentType, bytes, at: deps.now() });
      const label = contentType === 'application/pdf' ? '[PDF sent]' : '[photo sent]';
      try {
        const ctx = { principal: principalOf(res), ip: req.ip };
        const result = await actions.reply(deps, ctx, id, label, idempotencyKey, { id: held, owner, contentType, size: bytes.length });
        res.status(202).json({ messageId: result.messageId, attachmentId: held, status: 'queued', messagingType: result.messagingType });
      } catch (err) {
        await deps.store.attachments.discardUpload(held, owner);
        throw err;
      }
    },
  );
  return router;
}
