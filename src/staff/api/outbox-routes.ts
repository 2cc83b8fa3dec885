import express, { type Request, type Response, type Router } from 'express';
import { listUndelivered, markUndeliveredHandled, resendUndelivered, type UndeliveredDeps } from '../../escalation/undelivered-replies';
import type { QueueStore } from '../../escalation/escalation-store';
import type { DatabaseHandle } from '../../store/database-handle';
import { authenticate, requireCsrf, type AuthDeps } from '../identity/authenticate';
import type { IdentityStore } from '../identity/identity-store';
import { principalOf } from '../identity/principal';
import { idParam } from './http-helpers';

export interface OutboxRouteDeps extends AuthDeps, UndeliveredDeps {
  store: IdentityStore & QueueStore & DatabaseHandle;
}

/**
 * Replies that did not reach the patient, for every conversation (also those never escalated):
 * the list, and two actions on each: send again, or mark handled (dealt with another way).
 */
export function outboxRoutes(deps: OutboxRouteDeps): Router {
  const router = express.Router();
  router.use('/api/outbox', authenticate(deps), requireCsrf);
  const ctx = (req: Request, res: Response) => ({ principal: principalOf(res), ip: req.ip });

  router.get('/api/outbox/undelivered', async (req, res) => {
    const principal = principalOf(res);
    const items = await listUndelivered(deps, principal);
    await deps.store.audit.record(
      { actor: principal.actor, action: 'outbox.list', ip: req.ip, detail: { count: items.length } },
      deps.now(),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items });
  });

  router.post('/api/outbox/:id/resend', async (req, res) => {
    await resendUndelivered(deps, ctx(req, res), idParam(req, 'undelivered reply'));
    res.status(202).json({ status: 'queued' });
  });

  router.post('/api/outbox/:id/handled', async (req, res) => {
    await markUndeliveredHandled(deps, ctx(req, res), idParam(req, 'undelivered reply'));
    res.json({ status: 'handled' });
  });

  return router;
}
