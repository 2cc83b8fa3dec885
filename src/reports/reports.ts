import type { ReadableStore } from '../escalation/redacted-reads';
import type { Role } from '../escalation/access';
import { readsFor } from '../escalation/redacted-reads';
import type { PracticeProfile } from '../practice/practice-profile';
import type { ReportStore } from './report-store';
import { reportWindow, summarize, type ReportSummary } from './report-summary';

/** How many "didn't understand" messages a report lists. */
const NOT_UNDERSTOOD_LIMIT = 15;

/**
 * The practice's report over the last `days` days for one reader. Every query is bounded by the
 * window (at most MAX_REPORT_DAYS); patient words come through the redacting reader only.
 */
export async function buildReport(
  store: ReportStore & ReadableStore,
  input: { role: Role; profile: PracticeProfile; now: number; days: number },
): Promise<ReportSummary> {
  const { from, to } = reportWindow(input.profile, input.now, input.days);
  const [activity, escalations, notUnderstood] = await Promise.all([
    store.reports.inboundActivity(from, to),
    store.reports.escalations(from, to),
    readsFor(store, input.role).notUnderstood(store.reports, from, to, NOT_UNDERSTOOD_LIMIT),
  ]);
  return summarize({ ...input, activity, escalations, notUnderstood });
}
