import express, { type Router } from 'express';
import { AppError } from '../../platform/errors';
import type { PracticeProfile } from '../../practice/practice-profile';
import { zonedTimeToUtc } from '../../practice/zoned-time';
import type { StoredAuditEntry } from '../../audit/audit-repo';
import { authenticate, requireAdmin, requireCsrf, type AuthDeps } from '../identity/authenticate';
import type { LoginThrottle } from '../identity/login-throttle';
import { bodyOf, csvLine, csvText, idParam, jsonBody, queryString } from './http-helpers';
import { principalOf } from '../identity/principal';
import { ActorNames } from '../../escalation/queue-view';
import type { EscalationStore } from '../../escalation/escalation-store';
import { createStaffUser, publicUser, resetStaffPassword, updateStaffUser, type AccountDeps } from '../identity/staff-accounts';
import type { QueuePolicy } from '../../platform/config';
import { setCapacity, staffAvailability } from '../../escalation/availability';

export type AdminRouteDeps = AuthDeps &
  AccountDeps & {
    store: EscalationStore;
    practice: PracticeProfile;
    queue: QueuePolicy;
    onChange?: () => void;
    loginThrottle?: LoginThrottle;
  };

const MAX_CANNED_TITLE = 60;
const MAX_CANNED_TEXT = 2000;

/** A bare date means midnight at the practice, not in UTC or the server's zone. */
function parseTime(value: string | undefined, name: string, timeZone: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return zonedTimeToUtc(value, 0, timeZone);
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new AppError('invalid_filter', `${name} must be a date or time such as 2026-11-25 or 2026-11-25T09:00:00Z.`, 400);
  return ms;
}

/** Admin areas: users, the audit log (search and CSV export), settings (canned responses). */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = express.Router();
  const { store } = deps;
  const auth = authenticate(deps);
  const ip = (req: express.Request) => req.ip;

  // --- users --------------------------------------------------------------------------------
  router.use('/api/users', auth, requireCsrf, requireAdmin);

  router.get('/api/users', async (_req, res) => {
    const availability = await staffAvailability(deps);
    res.json({
      items: (await store.staffUsers.list()).map((u) => ({ ...publicUser(u, deps.now()), availability: availability.get(u.id) ?? null })),
    });
  });

  // Capacity: open items a person is given automatically at most (null: the server's default).
  router.put('/api/users/:id/capacity', ...jsonBody, async (req, res) => {
    const availability = await setCapacity(deps, { principal: principalOf(res), ip: ip(req) }, idParam(req, 'user'), bodyOf(req).capacity);
    res.json({ availability });
  });

  router.post('/api/users', ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    const body = bodyOf(req);
    const user = await createStaffUser(
      deps,
      { email: body.email, name: body.name, role: body.role, password: body.password },
      { actor: p.actor, actorUserId: p.userId, ip: ip(req) },
    );
    res.status(201).json({ user: publicUser(user, deps.now()) });
  });

  router.patch('/api/users/:id', ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    const body = bodyOf(req);
    const user = await updateStaffUser(
      deps,
      idParam(req, 'user'),
      { name: body.name, role: body.role, disabled: body.disabled, unlock: body.unlock, passwordLogin: body.passwordLogin },
      { actor: p.actor, actorUserId: p.userId, ip: ip(req) },
    );
    if (body.unlock === true) await deps.loginThrottle?.unlock(user.email);
    deps.onChange?.();
    res.json({ user: publicUser(user, deps.now()) });
  });

  router.post('/api/users/:id/password', ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    await resetStaffPassword(deps, idParam(req, 'user'), bodyOf(req).password, { actor: p.actor, actorUserId: p.userId, ip: ip(req) });
    res.status(204).end();
  });

  // --- audit log (read-only: the app has no route that edits or deletes it) -----------------
  router.use('/api/audit', auth, requireCsrf, requireAdmin);

  const search = async (req: express.Request, limit: number): Promise<StoredAuditEntry[]> => {
    let actor = queryString(req, 'actor');
    if (actor?.includes('@')) {
      const user = await store.staffUsers.findByEmail(actor.toLowerCase());
      actor = user ? `user:${user.id}` : actor;
    }
    const before = queryString(req, 'before');
    const action = queryString(req, 'action');
    const targetType = queryString(req, 'targetType');
    const targetId = queryString(req, 'targetId');
    const from = parseTime(queryString(req, 'from'), 'from', deps.practice.timeZone);
    const to = parseTime(queryString(req, 'to'), 'to', deps.practice.timeZone);
    return await store.audit.search({
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(targetType ? { targetType } : {}),
      ...(targetId ? { targetId } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(before && /^\d+$/.test(before) ? { before: Number(before) } : {}),
      limit,
    });
  };
  const view = (rows: StoredAuditEntry[]) => {
    const names = new ActorNames(store);
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        actorName: await names.name(r.actor),
        action: r.action,
        targetType: r.targetType ?? null,
        targetId: r.targetId ?? null,
        ip: r.ip ?? null,
        detail: r.detail ?? null,
      })),
    );
  };

  router.get('/api/audit', async (req, res) => {
    const limitParam = Number(queryString(req, 'limit') ?? '100');
    const limit = Number.isSafeInteger(limitParam) ? Math.min(Math.max(limitParam, 1), 500) : 100;
    const rows = await search(req, limit);
    res.json({ items: await view(rows), nextBefore: rows.length === limit ? (rows[rows.length - 1]?.id ?? null) : null });
  });

  router.get('/api/audit/export', async (req, res) => {
    const p = principalOf(res);
    const rows = await view(await search(req, 100_000));
    await store.audit.record(
      { actor: p.actor, action: 'audit.export', ip: ip(req), detail: { rows: rows.length, filters: { ...req.query } } },
      deps.now(),
    );
    const header = ['id', 'at', 'actor', 'actor_name', 'action', 'target_type', 'target_id', 'ip', 'detail'];
    const lines = rows.map((r) => csvLine([r.id, r.at, r.actor, r.actorName, r.action, r.targetType, r.targetId, r.ip, r.detail]));
    res.setHeader('Content-Disposition', `attachment; filename="frontdesk-audit-${new Date(deps.now()).toISOString().slice(0, 10)}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/csv; charset=utf-8').send(csvText([header.join(','), ...lines]));
  });

  // --- settings: canned responses (everyone reads, admins edit) ------------------------------
  router.get('/api/canned-responses', auth, async (_req, res) => {
    res.json({
      items: (await store.cannedResponses.list()).map((c) => ({ id: c.id, title: c.title, text: c.text, language: c.language })),
    });
  });

  const cannedInput = (body: Record<string, unknown>) => {
    const title = typeof body.title === 'string' ? body.title.trim() : '';
    const text = typeof body.text === 'string' ? body.text.trim() : '';
    if (title === '' || title.length > MAX_CANNED_TITLE)
      throw new AppError('invalid_canned_response', `title must be 1 to ${MAX_CANNED_TITLE} characters.`, 400);
    if (text === '' || text.length > MAX_CANNED_TEXT)
      throw new AppError('invalid_canned_response', `text must be 1 to ${MAX_CANNED_TEXT} characters.`, 400);
    const { language } = body;
    if (language !== undefined && language !== 'en' && language !== 'es')
      throw new AppError('invalid_canned_response', 'language must be en or es.', 400);
    return { title, text, ...(language !== undefined ? { language: language as 'en' | 'es' } : {}) };
  };
  const settingsAudit = async (req: express.Request, actor: string, action: string, id: number) =>
    await store.audit.record({ actor, action, targetType: 'canned_response', targetId: String(id), ip: ip(req) }, deps.now());

  router.post('/api/canned-responses', auth, requireCsrf, requireAdmin, ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    const created = await store.cannedResponses.create({ ...cannedInput(bodyOf(req)), actor: p.actor, at: deps.now() });
    await settingsAudit(req, p.actor, 'settings.canned_create', created.id);
    res.status(201).json({ item: { id: created.id, title: created.title, text: created.text } });
  });

  router.put('/api/canned-responses/:id', auth, requireCsrf, requireAdmin, ...jsonBody, async (req, res) => {
    const p = principalOf(res);
    const id = idParam(req, 'canned response');
    const input = cannedInput(bodyOf(req));
    if (!(await store.cannedResponses.update(id, { ...input, actor: p.actor, at: deps.now() })))
      throw new AppError('not_found', 'No such canned response.', 404);
    await settingsAudit(req, p.actor, 'settings.canned_update', id);
    res.json({ item: { id, ...input } });
  });

  router.delete('/api/canned-responses/:id', auth, requireCsrf, requireAdmin, async (req, res) => {
    const p = principalOf(res);
    const id = idParam(req, 'canned response');
    if (!(await store.cannedResponses.remove(id))) throw new AppError('not_found', 'No such canned response.', 404);
    await settingsAudit(req, p.actor, 'settings.canned_delete', id);
    res.status(204).end();
  });

  return router;
}
