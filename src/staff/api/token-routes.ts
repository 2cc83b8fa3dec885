import express, { type Router } from 'express';
import { AppError } from '../../platform/errors';
import type { ApiToken } from '../identity/api-token-repo';
import type { AuditStore } from '../../audit/audit-store';
import { authenticate, requireCsrf, requirePerson, type AuthDeps } from '../identity/authenticate';
import { bodyOf, idParam, jsonBody } from './http-helpers';
import { principalOf } from '../identity/principal';
import { issueApiToken } from '../identity/api-tokens';
import { iso } from '../../platform/values';

export function tokenView(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}

/**
 * Personal API tokens: a person's own, for integrations; they act with that person's role. Created
 * only from a console session (a leaked token cannot mint more); revocable by the owner or an admin.
 */
export function tokenRoutes(deps: AuthDeps & { store: AuditStore }): Router {
  const router = express.Router();
  const { store } = deps;
  router.use('/api/tokens', authenticate(deps), requireCsrf, requirePerson);

  router.get('/api/tokens', async (_req, res) => {
    const p = principalOf(res);
    res.json({ items: (await store.apiTokens.listForUser(p.userId as number)).map(tokenView) });
  });

  router.post('/api/tokens', ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    if (p.via !== 'session') throw new AppError('forbidden', 'Create API tokens from the staff console.', 403);
    const body = bodyOf(req);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name === '' || name.length > 60) throw new AppError('invalid_request', 'name must be 1 to 60 characters, e.g. "EHR sync".', 400);
    const days = body.expiresInDays;
    if (days !== undefined && days !== null && !(typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 366)) {
      throw new AppError('invalid_request', 'expiresInDays must be 1 to 366, or null for no expiry.', 400);
    }
    const { token, record } = await issueApiToken(store, {
      userId: p.userId as number,
      name,
      expiresInDays: (days as number | null | undefined) ?? 90,
      actor: p.actor,
      ip: req.ip,
      at: deps.now(),
    });
    res.status(201).json({ token, item: tokenView(record) });
  });

  router.delete('/api/tokens/:id', async (req, res) => {
    const p = principalOf(res);
    const id = idParam(req, 'token');
    const record = await store.apiTokens.get(id);
    if (!record || (record.userId !== p.userId && p.role !== 'admin')) throw new AppError('not_found', 'No such token.', 404);
    const at = deps.now();
    if (await store.apiTokens.revoke(id, at)) {
      await store.audit.token({ actor: p.actor, ip: req.ip }, 'token.revoke', id, at, { userId: record.userId });
    }
    res.status(204).end();
  });

  return router;
}
