import express, { type Router } from 'express';
import { AppError } from '../../platform/errors';
import type { PracticeProfile } from '../../practice/practice-profile';
import type { ReadableStore } from '../../escalation/redacted-reads';
import type { AuditStore } from '../../audit/audit-store';
import { buildReport } from '../../reports/reports';
import type { ReportStore } from '../../reports/report-store';
import { MAX_REPORT_DAYS, type Percentiles, type ReportSummary } from '../../reports/report-summary';
import { authenticate, type AuthDeps } from '../identity/authenticate';
import { principalOf } from '../identity/principal';
import { csvLine, csvText, queryString } from './http-helpers';

export type ReportRouteDeps = AuthDeps & {
  store: AuthDeps['store'] & ReportStore & ReadableStore & AuditStore;
  practice: PracticeProfile;
};

const DEFAULT_DAYS = 30;

function daysParam(req: express.Request): number {
  const raw = queryString(req, 'days');
  if (raw === undefined) return DEFAULT_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > MAX_REPORT_DAYS) {
    throw new AppError('invalid_days', `days must be a whole number from 1 to ${MAX_REPORT_DAYS}.`, 400);
  }
  return days;
}

/** The report as CSV: the figures, the days (per channel and language), and the messages not understood. */
export function reportCsv(r: ReportSummary): string {
  const pct = (name: string, p: Percentiles) => [
    csvLine([`${name} p50 (seconds)`, p.p50]),
    csvLine([`${name} p90 (seconds)`, p.p90]),
    csvLine([`${name} count`, p.count]),
  ];
  const channels = [...new Set(r.byDay.flatMap((d) => Object.keys(d.byChannel)))].sort();
  const languages = [...new Set(r.byDay.flatMap((d) => Object.keys(d.byLanguage)))].sort();
  const cells = (group: Record<string, { conversations: number; messages: number }>, key: string) => [
    group[key]?.conversations ?? 0,
    group[key]?.messages ?? 0,
  ];
  return csvText([
    csvLine(['figure', 'value']),
    csvLine(['from', r.from]),
    csvLine(['to', r.to]),
    csvLine(['scope', r.scope]),
    csvLine(['conversations', r.conversations]),
    csvLine(['messages', r.messages]),
    csvLine(['escalations', r.escalations]),
    csvLine(['assistant handled share', r.assistantHandledShare]),
    ...Object.entries(r.escalationsByRoute).map(([route, n]) => csvLine([`escalations: ${route}`, n])),
    ...pct('first response', r.firstResponseSeconds),
    ...r.firstResponseByRole.flatMap((p) => pct(`first response: ${p.role}`, p)),
    ...pct('resolution', r.resolutionSeconds),
    ...r.resolutionByRole.flatMap((p) => pct(`resolution: ${p.role}`, p)),
    csvLine(['SLA breaches', r.slaBreaches.total]),
    ...Object.entries(r.slaBreaches.byRoute).map(([route, n]) => csvLine([`SLA breaches: ${route}`, n])),
    '',
    csvLine([
      'date',
      'conversations',
      'messages',
      'escalations',
      ...channels.flatMap((c) => [`${c} conversations`, `${c} messages`]),
      ...languages.flatMap((l) => [`${l} conversations`, `${l} messages`]),
    ]),
    ...r.byDay.map((d) =>
      csvLine([
        d.date,
        d.conversations,
        d.messages,
        d.escalations,
        ...channels.flatMap((c) => cells(d.byChannel, c)),
        ...languages.flatMap((l) => cells(d.byLanguage, l)),
      ]),
    ),
    '',
    csvLine(['not understood', 'count']),
    ...r.notUnderstood.map((n) => csvLine([n.text, n.count])),
  ]);
}

/**
 * The practice manager's reports, for every signed-in role: a front-desk agent's queue figures
 * cover the routes the agent handles, and patient words come redacted for the reader's role.
 * Each read is audited (it shows patient words).
 */
export function reportRoutes(deps: ReportRouteDeps): Router {
  const router = express.Router();
  const report = async (req: express.Request, res: express.Response, action: string) => {
    const days = daysParam(req);
    const p = principalOf(res);
    const summary = await buildReport(deps.store, { role: p.role, profile: deps.practice, now: deps.now(), days });
    await deps.store.audit.record({ actor: p.actor, action, ...(req.ip ? { ip: req.ip } : {}), detail: { days } }, deps.now());
    res.setHeader('Cache-Control', 'no-store');
    return summary;
  };

  router.get('/api/reports/summary', authenticate(deps), async (req, res) => {
    res.json(await report(req, res, 'report.view'));
  });

  router.get('/api/reports/summary.csv', authenticate(deps), async (req, res) => {
    const summary = await report(req, res, 'report.export');
    res.setHeader('Content-Disposition', `attachment; filename="frontdesk-report-${summary.to.slice(0, 10)}-${summary.days}d.csv"`);
    res.type('text/csv; charset=utf-8').send(reportCsv(summary));
  });
  return router;
}
