import client from 'prom-client';
import { ActorNames, queueItem, type ViewDeps } from '../escalation/queue-view';
import type { Db } from '../store/open-database';
import { failingChannels } from './delivery-health';

/** Audit actions counted on /metrics: their names are ours, their detail is never exposed. */
const AUDITED: ReadonlyArray<{ action: string; metric: 'signIn' | 'privacy'; label: string }> = [
  { action: 'auth.login_failed', metric: 'signIn', label: 'failed' },
  { action: 'auth.lockout', metric: 'signIn', label: 'lockout' },
  { action: 'auth.login_locked', metric: 'signIn', label: 'refused_locked' },
  { action: 'auth.login_throttled', metric: 'signIn', label: 'refused_throttled' },
  { action: 'retention.purge', metric: 'privacy', label: 'retention_purge' },
  { action: 'patient.export', metric: 'privacy', label: 'patient_export' },
  { action: 'patient.erase', metric: 'privacy', label: 'patient_erase' },
];

/**
 * Where a queue row's priority comes from: a `priority` or `urgent` column when the schema has one,
 * otherwise every row is `normal`.
 */
function priorityExpression(db: Db, table: 'inbox' | 'outbox'): string {
  const columns = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
  if (columns.has('priority')) return 'CAST(priority AS TEXT)';
  if (columns.has('urgent')) return "CASE WHEN urgent THEN 'urgent' ELSE 'normal' END";
  return "'normal'";
}

/**
 * Gauges read from the store at scrape time, in a registry of their own (one per running server):
 * queue depths and ages, open and overdue escalations, failing channels, and audit-log counts.
 */
export function storeMetricsRegistry(deps: ViewDeps): client.Registry {
  const registry = new client.Registry();
  const { store } = deps;
  const seconds = (ms: number) => Math.max(0, ms) / 1000;

  /** How many items one queue holds and how old its oldest is, by channel and priority. */
  const queueGauges = (queue: 'inbox' | 'outbox', rows: () => QueueRow[], help: { depth: string; age: string }) => {
    const labels = (row: QueueRow) => ({ channel: row.channel, priority: row.priority });
    new client.Gauge({
      name: `frontdesk_${queue}_depth`,
      help: help.depth,
      labelNames: ['channel', 'priority'],
      registers: [registry],
      collect() {
        this.reset();
        for (const row of rows()) this.set(labels(row), row.n);
      },
    });
    new client.Gauge({
      name: `frontdesk_${queue}_oldest_age_seconds`,
      help: help.age,
      labelNames: ['channel', 'priority'],
      registers: [registry],
      collect() {
        this.reset();
        const now = deps.now();
        for (const row of rows()) this.set(labels(row), seconds(now - row.oldest));
      },
    });
  };
  queueGauges('inbox', inboxRows, {
    depth: 'Stored webhook events not yet processed, by channel and priority.',
    age: 'Age of the oldest unprocessed inbox event, by channel and priority.',
  });
  queueGauges('outbox', outboxRows, {
    depth: 'Messages waiting to be delivered (pending or being sent), by channel and priority.',
    age: 'Age of the oldest message waiting to be delivered, by channel and priority.',
  });
  new client.Gauge({
    name: 'frontdesk_outbox_oldest_due_wait_seconds',
    help: 'How long the longest-waiting due message has been due without being sent (a stalled outbox grows this).',
    registers: [registry],
    collect() {
      this.set(seconds(oldestDueWaitMs(store.db, deps.now())));
    },
  });
  new client.Gauge({
    name: 'frontdesk_delivery_failing_seconds',
    help: 'How long delivery on a channel has been failing with nothing delivered since (0: healthy).',
    labelNames: ['channel'],
    registers: [registry],
    collect() {
      this.reset();
      const now = deps.now();
      for (const { id } of deps.hub.list()) this.set({ channel: id }, 0);
      for (const f of failingChannels(store.db, now)) this.set({ channel: f.channel }, seconds(now - f.since));
    },
  });
  new client.Gauge({
    name: 'frontdesk_escalations_open',
    help: 'Open staff queue items, by route.',
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [route, counts] of escalationCounts()) this.set({ route }, counts.open);
    },
  });
  new client.Gauge({
    name: 'frontdesk_escalations_overdue',
    help: "Open staff queue items past the practice's reply target, by route.",
    labelNames: ['route'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [route, counts] of escalationCounts()) this.set({ route }, counts.overdue);
    },
  });
  new client.Counter({
    name: 'frontdesk_staff_sign_in_events_total',
    help: 'Staff sign-in failures, lockouts and refused attempts, from the audit log (kind: failed, lockout, refused_locked, refused_throttled).',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of AUDITED.filter((x) => x.metric === 'signIn')) this.inc({ kind: a.label }, auditCount(a.action));
    },
  });
  new client.Counter({
    name: 'frontdesk_privacy_actions_total',
    help: 'Retention purges and patient data exports and erasures, from the audit log.',
    labelNames: ['action'],
    registers: [registry],
    collect() {
      this.reset();
      for (const a of AUDITED.filter((x) => x.metric === 'privacy')) this.inc({ action: a.label }, auditCount(a.action));
    },
  });

  const inboxPriority = priorityExpression(store.db, 'inbox');
  const outboxPriority = priorityExpression(store.db, 'outbox');
  type QueueRow = { channel: string; priority: string; n: number; oldest: number };
  function inboxRows(): QueueRow[] {
    return store.db
      .prepare(
        `SELECT channel, ${inboxPriority} AS priority, COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox WHERE processed_at IS NULL GROUP BY 1, 2`,
      )
      .all() as QueueRow[];
  }
  function outboxRows(): QueueRow[] {
    return store.db
      .prepare(
        `SELECT channel, ${outboxPriority} AS priority, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'sending') GROUP BY 1, 2`,
      )
      .all() as QueueRow[];
  }
  function auditCount(action: string): number {
    return (store.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
  }
  // Both escalation gauges come from one pass per scrape.
  let cached: { at: number; counts: Map<string, { open: number; overdue: number }> } | undefined;
  function escalationCounts(): Map<string, { open: number; overdue: number }> {
    const at = deps.now();
    if (cached && at - cached.at < 1000 && at >= cached.at) return cached.counts;
    const counts = new Map<string, { open: number; overdue: number }>();
    const names = new ActorNames(store);
    for (const escalation of store.escalations.listOpen(100_000)) {
      const entry = counts.get(escalation.route) ?? { open: 0, overdue: 0 };
      entry.open += 1;
      if (queueItem(deps, escalation, at, names).overdue) entry.overdue += 1;
      counts.set(escalation.route, entry);
    }
    cached = { at, counts };
    return counts;
  }
  return registry;
}

/**
 * How long the longest-waiting due outbox item has been due without being delivered, including one
 * whose send has been in flight all that time (0 when none is due).
 */
export function oldestDueWaitMs(db: Db, now: number): number {
  const row = db
    .prepare(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?`)
    .get(now) as { at: number | null };
  return row.at === null ? 0 : now - row.at;
}
