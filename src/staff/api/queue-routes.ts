import express, { type Request, type Response, type Router } from 'express';
import { ESCALATION_ROUTES, LANGUAGES, type EscalationRoute, type Language } from '../../triage/types';
import { AppError } from '../../platform/errors';
import { localParts } from '../../practice/zoned-time';
import { authenticate, requireCsrf, sessionFromRequest, type AuthDeps } from '../identity/authenticate';
import * as actions from '../../escalation/escalation-actions';
import { bodyOf, consoleChannels, idParam, jsonBody, queryString } from './http-helpers';
import { canSeeRoute, type Principal } from '../../escalation/access';
import { handOver } from '../../escalation/handover';
import { principalOf } from '../identity/principal';
import type { QueueEvents } from '../../escalation/queue-events';
import { listUndelivered, type UndeliveredDeps } from '../../escalation/undelivered-replies';
import { ActorNames, listQueue, queueItem, threadView, type QueueFilter, type ViewDeps } from '../../escalation/queue-view';
import { searchThreads, type SearchQuery } from '../../escalation/thread-search';
import type { QueueStore } from '../../escalation/escalation-store';
import type { DatabaseHandle } from '../../store/database-handle';
import type { IdentityStore } from '../identity/identity-store';

export interface QueueRouteDeps extends AuthDeps, ViewDeps, UndeliveredDeps {
  store: IdentityStore & QueueStore & DatabaseHandle;
  events: QueueEvents;
}

function ctx(req: Request, res: Response): actions.ActionContext {
  return { principal: principalOf(res), ip: req.ip };
}

function parseFilter(req: Request, statusOverride?: 'open'): QueueFilter {
  const status = statusOverride ?? queryString(req, 'status') ?? 'open';
  const assigned = queryString(req, 'assigned');
  const route = queryString(req, 'route');
  const channel = queryString(req, 'channel');
  const language = queryString(req, 'language');
  if (status !== 'open' && status !== 'resolved') throw new AppError('invalid_filter', 'status must be open or resolved.', 400);
  if (assigned !== undefined && assigned !== 'mine' && assigned !== 'unassigned')
    throw new AppError('invalid_filter', 'assigned must be mine or unassigned.', 400);
  if (route !== undefined && !(ESCALATION_ROUTES as readonly string[]).includes(route)) {
    throw new AppError('invalid_filter', `route must be one of ${ESCALATION_ROUTES.join(', ')}.`, 400);
  }
  if (channel !== undefined && !/^[a-z]{1,32}$/.test(channel))
    throw new AppError('invalid_filter', 'channel must be a channel id as listed by GET /api/channels.', 400);
  if (language !== undefined && !(LANGUAGES as readonly string[]).includes(language))
    throw new AppError('invalid_filter', `language must be one of ${LANGUAGES.join(', ')}.`, 400);
  return {
    status,
    ...(assigned ? { assigned } : {}),
    ...(route ? { route: route as EscalationRoute } : {}),
    ...(channel ? { channel } : {}),
    ...(language ? { language: language as Language } : {}),
  };
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function parseSearch(req: Request): SearchQuery {
  const status = queryString(req, 'status');
  if (status !== undefined && status !== 'open' && status !== 'resolved' && status !== 'all') {
    throw new AppError('invalid_filter', 'status must be open, resolved or all.', 400);
  }
  const { route, channel } = parseFilter(req, 'open');
  const q = queryString(req, 'q');
  if (q !== undefined && q.length > 200) throw new AppError('invalid_filter', 'q must be at most 200 characters.', 400);
  const from = queryString(req, 'from');
  const to = queryString(req, 'to');
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !DAY.test(value)) throw new AppError('invalid_filter', `${name} must be a date like 2026-11-27.`, 400);
  }
  return {
    ...(q ? { q } : {}),
    ...(status === 'open' || status === 'resolved' ? { status } : {}),
    ...(route ? { route } : {}),
    ...(channel ? { channel } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** The queue: list, live stream, thread, and every action on a thread. */
export function queueRoutes(deps: QueueRouteDeps): Router {
  const router = express.Router();
  const { store } = deps;
  const item = async (id: number, res: Response) =>
    await queueItem(
      deps,
      (await store.escalations.get(id)) as NonNullable<Awaited<ReturnType<typeof store.escalations.get>>>,
      deps.now(),
      new ActorNames(store),
      principalOf(res).role,
    );

  // The live stream does not count as activity: an unattended console still times out.
  router.get('/api/escalations/stream', authenticate(deps, { touch: false }), async (req, res) => {
    const principal = principalOf(res);
    await store.audit.record({ actor: principal.actor, action: 'queue.stream', ip: req.ip }, deps.now());
    const stillValid = async (): Promise<boolean> => {
      if (principal.via === 'service_token') return true;
      if (principal.via === 'api_token') return (await deps.store.staffUsers.get(principal.userId as number))?.disabledAt === null;
      const found = await sessionFromRequest(req, deps, deps.now());
      return found !== undefined && !(found instanceof AppError);
    };
    deps.events.subscribe(req, res, principal, stillValid);
  });

  const auth = authenticate(deps);
  router.use('/api/escalations', auth, requireCsrf);

  // The channels this server runs, for the console's filter and labels.
  router.get('/api/channels', auth, (_req, res) => {
    res.json({ channels: consoleChannels(deps.hub) });
  });

  // Search over threads: name, transcript words (only what the role may read), status, channel, route, dates.
  router.get('/api/search', auth, async (req, res) => {
    const query = parseSearch(req);
    const principal = principalOf(res);
    const items = await searchThreads(deps, principal, query);
    // The searched words can be a patient's name or health words: the audit row keeps the filters,
    // not the words.
    const { q, ...filters } = query;
    await store.audit.record(
      { actor: principal.actor, action: 'queue.search', ip: req.ip, detail: { ...filters, words: q ? q.length : 0, count: items.length } },
      deps.now(),
    );
    res.json({ items });
  });

  router.get('/api/escalations', async (req, res) => {
    const filter = parseFilter(req);
    const principal = principalOf(res);
    const items = await listQueue(deps, principal, filter);
    await store.audit.record(
      { actor: principal.actor, action: 'queue.list', ip: req.ip, detail: { count: items.length, status: filter.status } },
      deps.now(),
    );
    res.json({ items });
  });

  router.get('/api/escalations/:id', async (req, res) => {
    const c = ctx(req, res);
    const escalation = await actions.loadEscalation(deps, c, idParam(req));
    await store.audit.thread({ actor: c.principal.actor, ip: req.ip }, 'thread.view', escalation.id, deps.now());
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      ...(await threadView(deps, escalation, c.principal)),
      undelivered: await listUndelivered(deps, c.principal, escalation.conversationId),
    });
  });

  router.get('/api/escalations/:id/export', async (req, res) => {
    const c = ctx(req, res);
    const escalation = await actions.loadEscalation(deps, c, idParam(req));
    const view = await threadView(deps, escalation, c.principal);
    await store.audit.thread({ actor: c.principal.actor, ip: req.ip }, 'thread.export', escalation.id, deps.now());
    res.setHeader('Content-Disposition', `attachment; filename="frontdesk-escalation-${escalation.id}.txt"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('text/plain; charset=utf-8').send(transcript(view, c.principal, deps));
  });

  router.post('/api/escalations/:id/claim', async (req, res) => {
    const escalation = await actions.claim(deps, ctx(req, res), idParam(req));
    res.json({ escalation: await item(escalation.id, res) });
  });

  router.post('/api/escalations/:id/assign', ...jsonBody, async (req, res) => {
    const userId = bodyOf(req).userId;
    if (userId !== null && !(typeof userId === 'number' && Number.isSafeInteger(userId))) {
      throw new AppError('invalid_request', 'Send {"userId": <user id>} or {"userId": null} to unassign.', 400);
    }
    const escalation = await actions.assign(deps, ctx(req, res), idParam(req), userId);
    res.json({ escalation: await item(escalation.id, res) });
  });

  router.post('/api/escalations/:id/release', async (req, res) => {
    const escalation = await actions.release(deps, ctx(req, res), idParam(req));
    res.json({ escalation: await item(escalation.id, res) });
  });

  router.post('/api/escalations/:id/reply', ...jsonBody, async (req, res) => {
    const id = idParam(req);
    const text = bodyOf(req).text;
    if (typeof text !== 'string') throw new AppError('invalid_reply', 'Send {"text": "..."}.', 400);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(idempotencyKey)) {
      throw new AppError('invalid_idempotency_key', 'Idempotency-Key must be 1-64 letters, digits, "-" or "_".', 400);
    }
    const result = await actions.reply(deps, ctx(req, res), id, text, idempotencyKey);
    res.status(202).json({ messageId: result.messageId, status: 'queued', messagingType: result.messagingType });
  });

  router.post('/api/escalations/:id/notes', ...jsonBody, async (req, res) => {
    const body = bodyOf(req);
    const note = await actions.addNote(deps, ctx(req, res), idParam(req), body.text, body.clinical);
    res.status(201).json({
      note: {
        id: note.id,
        escalationId: note.escalationId,
        author: principalOf(res).name,
        text: note.text,
        clinical: note.clinical,
        at: new Date(note.createdAt).toISOString(),
      },
    });
  });

  router.post('/api/escalations/:id/resolve', async (req, res) => {
    const escalation = await actions.resolve(deps, ctx(req, res), idParam(req));
    res.json({ escalation: await item(escalation.id, res) });
  });

  router.post('/api/escalations/:id/reopen', async (req, res) => {
    const escalation = await actions.reopen(deps, ctx(req, res), idParam(req));
    res.json({ escalation: await item(escalation.id, res) });
  });

  // Send to the front desk / to the clinical team, with a note for them.
  router.post('/api/escalations/:id/handover', ...jsonBody, async (req, res) => {
    const body = bodyOf(req);
    const escalation = await handOver(deps, ctx(req, res), idParam(req), body.to, body.note);
    // An agent who sent a thread to the clinical team may no longer open it.
    const visible = canSeeRoute(principalOf(res).role, escalation.route);
    res.json({ escalation: visible ? await item(escalation.id, res) : null, route: escalation.route });
  });

  router.post('/api/escalations/:id/hand-back', async (req, res) => {
    const { escalation, notice } = await actions.handBack(deps, ctx(req, res), idParam(req));
    res.json({ escalation: await item(escalation.id, res), notice });
  });

  return router;
}

function localTime(iso: string, timeZone: string): string {
  const p = localParts(Date.parse(iso), timeZone);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** A plain-text transcript for the patient's chart: messages and notes in time order, practice time zone. */
function transcript(view: Awaited<ReturnType<typeof threadView>>, principal: Principal, deps: QueueRouteDeps): string {
  const tz = deps.practice.timeZone;
  const who = { patient: 'Patient', bot: 'Assistant', staff: 'Staff' } as const;
  const whose = { patient: "The patient's", bot: "The assistant's", staff: "A staff member's" } as const;
  const lines = [
    // Withheld text is a line of the transcript's own, never put in anyone's mouth.
    ...view.messages.map((m) => ({
      at: m.at,
      line: m.withheld
        ? `[${whose[m.author]} clinical message withheld: visible to clinicians]`
        : `${who[m.author]}${m.staffName ? ` (${m.staffName})` : ''}: ${m.text}`,
    })),
    ...view.notes.map((n) => ({
      at: n.at,
      line: n.withheld ? `[A clinical internal note withheld: visible to clinicians]` : `Internal note (${n.author ?? 'staff'}): ${n.text}`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const shown = view.escalation;
  return [
    `${deps.practice.name}: Frontdesk transcript`,
    `Escalation #${shown.id}, ${shown.route}, ${shown.channel ?? 'unknown channel'}, ${shown.status}`,
    ...(shown.summary === null
      ? []
      : [shown.summaryWithheld ? '[Request details withheld: visible to clinicians]' : `Request: ${shown.summary}`]),
    `Exported ${localTime(new Date(deps.now()).toISOString(), tz)} by ${principal.name}. Times are ${tz}.`,
    '',
    ...lines.map((l) => `${localTime(l.at, tz)}  ${l.line}`),
    '',
  ].join('\n');
}
