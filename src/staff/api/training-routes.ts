import express, { type Request, type Response, type Router } from 'express';
import { acceptLabel, labelMessage, pendingLabels, rejectLabel, shownLabel, type LabelDeps } from '../../escalation/training-labels';
import type { QueueStore } from '../../escalation/escalation-store';
import type { LiveRouter } from '../../triage/live-router';
import { authenticate, requireCsrf, type AuthDeps } from '../identity/authenticate';
import type { IdentityStore } from '../identity/identity-store';
import { principalOf } from '../identity/principal';
import { bodyOf, idParam, jsonBody } from './http-helpers';

export interface TrainingRouteDeps extends AuthDeps, Omit<LabelDeps, 'router'> {
  store: IdentityStore & QueueStore;
  router: LiveRouter;
}

const FRONT_DESK = new Set(['answer', 'request', 'human', 'fallback']);

/**
 * Staff teach the router: a label on a patient message (`POST /api/escalations/:id/messages/:messageId/label`),
 * the admin's review of pending labels (`/api/training/labels`), and the model they are trained into.
 */
export function trainingRoutes(deps: TrainingRouteDeps): Router {
  const router = express.Router();
  const auth = authenticate(deps);
  const ctx = (req: Request, res: Response) => ({ principal: principalOf(res), ip: req.ip });
  const model = () => ({ ...deps.router.model(), training: deps.router.training });

  router.post('/api/escalations/:id/messages/:messageId/label', auth, requireCsrf, ...jsonBody, async (req, res) => {
    const label = await labelMessage(deps, ctx(req, res), idParam(req), idParam(req, 'message', 'messageId'), bodyOf(req).intent);
    res.status(201).json({ label: shownLabel(label, deps.intents) });
  });

  router.use('/api/training', auth, requireCsrf);

  // The intents a label may name, for this role: agents see the front-desk ones only.
  router.get('/api/training/intents', (_req, res) => {
    const agent = principalOf(res).role === 'agent';
    const items = deps.intents
      .intents()
      .map((intent) => ({ intent, route: deps.intents.routeOf(intent) ?? 'fallback' }))
      .filter((i) => !agent || FRONT_DESK.has(i.route));
    res.json({ items });
  });

  router.get('/api/training/labels', async (req, res) => {
    const principal = principalOf(res);
    const items = await pendingLabels(deps, principal);
    await deps.store.audit.record(
      { actor: principal.actor, action: 'training.list', ip: req.ip, detail: { count: items.length } },
      deps.now(),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items, model: model() });
  });

  router.post('/api/training/labels/:id/accept', async (req, res) => {
    const label = await acceptLabel(deps, ctx(req, res), idParam(req, 'label'));
    res.json({ label: shownLabel(label, deps.intents), model: model() });
  });

  router.post('/api/training/labels/:id/reject', async (req, res) => {
    const label = await rejectLabel(deps, ctx(req, res), idParam(req, 'label'));
    res.json({ label: shownLabel(label, deps.intents), model: model() });
  });

  return router;
}
