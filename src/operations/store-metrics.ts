import client from 'prom-client';
import type { OperationsStore } from './operations-store';
import { ActorNames, queueItem, type ViewDeps } from '../escalation/queue-view';
import { failingChannels } from './delivery-health';
import type { OperationsRepo, QueueDepth } from './operations-repo';
import type { ModelStatus } from '../triage/live-router';

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
 * Gauges read from the store at scrape time, in a registry of their own (one per running server):
 * queue depths and ages, open and overdue escalations, failing channels, and audit-log counts.
 */
export function storeMetricsRegistry(deps: ViewDeps & { store: OperationsStore; model?: () => Readonly<ModelStatus> }): client.Registry {
  const registry = new client.Registry();
  const { store } = deps;
  const repo = store.operations;
  const seconds = (ms: number) => Math.max(0, ms) / 1000;

  /** How many items one queue holds and how old its oldest is, by channel and priority. */
  const queueGauges = (queue: 'inbox' | 'outbox', rows: () => Promise<QueueDepth[]>, help: { depth: string; age: string }) => {
    const labels = (row: QueueDepth) => ({ channel: row.channel, priority: row.priority });
    new client.Gauge({
      name: `frontdesk_${queue}_depth`,
      help: help.depth,
      labelNames: ['channel', 'priority'],
      registers: [registry],
      async collect() {
        const found = await rows();
        this.reset();
        for (const row of found) this.set(labels(row), row.n);
      },
    });
    new client.Gauge({
      name: `frontdesk_${queue}_oldest_age_seconds`,
      help: help.age,
      labelNames: ['channel', 'priority'],
      registers: [registry],
      async collect() {
        const found = await rows();
        this.reset();
        const now = deps.now();
        for (const row of found) this.set(labels(row), seconds(now - row.oldest));
      },
    });
  };
  queueGauges('inbox', () => repo.inboxDepths(), {
    depth: 'Stored webhook events not yet processed, by channel and priority.',
    age: 'Age of the oldest unprocessed inbox event, by channel and priority.',
  });
  queueGauges('outbox', () => repo.outboxDepths(), {
    depth: 'Messages waiting to be delivered (pending or being sent), by channel and priority.',
    age: 'Age of the oldest message waiting to be delivered, by channel and priority.',
  });
  new client.Gauge({
    name: 'frontdesk_outbox_oldest_due_wait_seconds',
    help: 'How long the longest-waiting due message has been due without being sent (a stalled outbox grows this).',
    registers: [registry],
    async collect() {
      this.set(seconds(await oldestDueWaitMs(repo, deps.now())));
    },
  });
  new client.Gauge({
    name: 'frontdesk_delivery_failing_seconds',
    help: 'How long delivery on a channel has been failing with nothing delivered since (0: healthy).',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = deps.now();
      for (const { id } of deps.hub.list()) this.set({ channel: id }, 0);
      for (const f of await failingChannels(repo, now)) this.set({ channel: f.channel }, seconds(now - f.since));
    },
  });
  new client.Gauge({
    name: 'frontdesk_escalations_open',
    help: 'Open staff queue items, by route.',
    labelNames: ['route'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [route, counts] of await escalationCounts()) this.set({ route }, counts.open);
    },
  });
  new client.Gauge({
    name: 'frontdesk_escalations_overdue',
    help: "Open staff queue items past the practice's reply target, by route.",
    labelNames: ['route'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [route, counts] of await escalationCounts()) this.set({ route }, counts.overdue);
    },
  });
  new client.Counter({
    name: 'frontdesk_staff_sign_in_events_total',
    help: 'Staff sign-in failures, lockouts and refused attempts, from the audit log (kind: failed, lockout, refused_locked, refused_throttled).',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const a of AUDITED.filter((x) => x.metric === 'signIn')) this.inc({ kind: a.label }, await repo.countAudited(a.action));
    },
  });
  new client.Counter({
    name: 'frontdesk_privacy_actions_total',
    help: 'Retention purges and patient data exports and erasures, from the audit log.',
    labelNames: ['action'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const a of AUDITED.filter((x) => x.metric === 'privacy')) this.inc({ action: a.label }, await repo.countAudited(a.action));
    },
  });

  const { model } = deps;
  if (model) {
    new client.Gauge({
      name: 'frontdesk_triage_model_info',
      help: "The running triage model: its version (of the practice's accepted examples it was trained with; 'intents' with none).",
      labelNames: ['version'],
      registers: [registry],
      collect() {
        this.reset();
        this.set({ version: model().version }, 1);
      },
    });
    new client.Gauge({
      name: 'frontdesk_triage_model_examples',
      help: "The practice's accepted examples the running model was trained with.",
      registers: [registry],
      collect() {
        this.set(model().examples);
      },
    });
    new client.Gauge({
      name: 'frontdesk_triage_model_examples_right_ratio',
      help: 'The share of accepted examples the running model routes to their labelled intent (1 with none).',
      registers: [registry],
      collect() {
        this.set(model().examplesRight);
      },
    });
    new client.Gauge({
      name: 'frontdesk_triage_model_retrains',
      help: 'Models retrained and swapped in since the server started.',
      registers: [registry],
      collect() {
        this.set(model().retrains);
      },
    });
  }

  // Both escalation gauges come from one pass per scrape.
  let cached: { at: number; counts: Map<string, { open: number; overdue: number }> } | undefined;
  async function escalationCounts(): Promise<Map<string, { open: number; overdue: number }>> {
    const at = deps.now();
    if (cached && at - cached.at < 1000 && at >= cached.at) return cached.counts;
    const counts = new Map<string, { open: number; overdue: number }>();
    const names = new ActorNames(store);
    for (const escalation of await store.escalations.listOpen(100_000)) {
      const entry = counts.get(escalation.route) ?? { open: 0, overdue: 0 };
      entry.open += 1;
      if ((await queueItem(deps, escalation, at, names)).overdue) entry.overdue += 1;
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
export async function oldestDueWaitMs(repo: OperationsRepo, now: number): Promise<number> {
  const at = await repo.oldestDueAt(now);
  return at === null ? 0 : now - at;
}
