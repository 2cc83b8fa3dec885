import express, { type Router } from 'express';
import type { PatientChannels } from '../../conversation/channel-hub';
import type { StaffConsoleConfig } from '../../platform/config';
import type { Logger } from '../../platform/logger';
import type { PracticeProfile } from '../../practice/practice-profile';
import type { QueueStore } from '../../escalation/escalation-store';
import type { PrivacyStore } from '../../privacy/privacy-store';
import type { DatabaseHandle } from '../../store/database-handle';
import type { ChangeFeed } from '../../platform/change-feed';
import type { IdentityStore } from '../identity/identity-store';
import { adminRoutes } from './admin-routes';
import { attachmentRoutes } from './attachment-routes';
import { consoleRoutes } from '../console/console-routes';
import { dataRequestRoutes } from './data-request-routes';
import { listQueue } from '../../escalation/queue-view';
import { QueueEvents } from '../../escalation/queue-events';
import { undeliveredSignature } from '../../escalation/undelivered-replies';
import type { Principal } from '../../escalation/access';
import { outboxRoutes } from './outbox-routes';
import { reportRoutes } from './report-routes';
import type { ReportStore } from '../../reports/report-store';
import { queueRoutes } from './queue-routes';
import { sessionRoutes } from './session-routes';
import { ssoRoutes } from './sso-routes';
import { tokenRoutes } from './token-routes';
import { trainingRoutes } from './training-routes';
import type { IntentCatalog } from '../../escalation/training-labels';
import type { LiveRouter } from '../../triage/live-router';
import { refuseCrossSite } from '../identity/authenticate';
import { loginThrottle } from '../identity/login-throttle';
import type { BackupPolicy } from '../../privacy/backups-holding';
import type { QueuePolicy } from '../../platform/config';
import { AutoAssigner } from '../../escalation/availability';
import { MANUAL_QUEUE } from '../../escalation/assignment';

export interface StaffApiDeps {
  /** Instances sharing the database tell each other of changes (PostgreSQL); absent with one process. */
  changes?: ChangeFeed;
  store: IdentityStore & QueueStore & PrivacyStore & ReportStore & DatabaseHandle;
  /** The running channels: names, reply policies, the one way to write to a patient. */
  hub: PatientChannels;
  /** Optional service token for automation (STAFF_API_TOKEN); off when undefined. */
  staffApiToken: string | undefined;
  practice: PracticeProfile;
  config: StaffConsoleConfig;
  log: Logger;
  now?: () => number;
  /** How often the live queue looks for changes made by the bot and the outbox (ms). */
  livePollMs?: number;
  /** How long a failed reply is still retried automatically (shown as "retrying" to staff). */
  retryHorizonMs?: number;
  /** Scheduled backups (BACKUP_DIR), so an erasure names those that still hold the patient's data. */
  backups?: BackupPolicy | undefined;
  /** How the queue is shared out (ASSIGNMENT, capacity, idle staff, follow-ups); none when absent. */
  queue?: QueuePolicy;
  /** How often waiting items are offered to staff who became available without an action (ms). */
  assignEveryMs?: number;
  /** Largest photo or PDF staff may send (ATTACHMENT_MAX_BYTES). */
  attachmentMaxBytes?: number;
  /** Staff labels and their review: the running router, the intents a label may name, what to do after an accept. */
  training?: { router: LiveRouter; intents: IntentCatalog; onAccepted: () => void };
}

/** One route of the staff API as mounted: its method and its path (a RegExp for pattern routes). */
export interface StaffRoute {
  method: string;
  path: string | RegExp;
}

export interface StaffApi {
  router: Router;
  /** Every route of the router, read from it (so a sweep over the API covers a new route by default). */
  routes(): StaffRoute[];
  /** Ends the live streams (call before closing the HTTP server). */
  stop(): void;
}

/**
 * The staff console and its API: sessions, the queue (live over server-sent events), thread actions,
 * users, tokens, settings and the audit log. The console page is a client of this same API.
 */
export async function staffApi(deps: StaffApiDeps): Promise<StaffApi> {
  const now = deps.now ?? Date.now;
  const base = { ...deps, now, retryHorizonMs: deps.retryHorizonMs ?? 24 * 3_600_000, queue: deps.queue ?? MANUAL_QUEUE };
  if ((await deps.store.staffUsers.count()) === 0) {
    deps.log.info(
      'staff console (/staff): no accounts yet; create the first admin with: npm run staff -- add --email you@example.org --role admin',
    );
  }
  // The role is read again for every change: a demoted user stops seeing clinical threads at once.
  const current = async (principal: Principal): Promise<Principal> => {
    const user = principal.userId !== null ? await deps.store.staffUsers.get(principal.userId) : undefined;
    return user ? { ...principal, role: user.role } : principal;
  };
  const events = new QueueEvents({
    snapshot: async (principal) => {
      const who = await current(principal);
      return {
        items: await listQueue(base, who, { status: 'open' }),
        undelivered: await undeliveredSignature(base, who),
        at: new Date(now()).toISOString(),
      };
    },
    groupOf: async (principal) => (await current(principal)).role,
    changeToken: () => deps.store.escalations.changeToken(),
    log: deps.log,
    ...(deps.livePollMs ? { pollMs: deps.livePollMs } : {}),
  });
  deps.changes?.onChange(() => events.changedElsewhere());
  const changed = () => {
    events.notify();
    deps.changes?.publish();
  };
  const assigner = new AutoAssigner({
    ...base,
    onAssigned: changed,
    ...(deps.assignEveryMs ? { everyMs: deps.assignEveryMs } : {}),
  });
  assigner.start();
  // Every staff action may free a turn (resolved, released, handed over, someone available).
  const onChange = () => {
    changed();
    assigner.soon();
  };
  const throttle = loginThrottle(deps.config, deps.store.rateWindows);

  const router = express.Router();
  // Fetch Metadata: a browser-marked cross-site request never changes anything, on any route.
  router.use(['/api', '/staff'], refuseCrossSite);
  router.use(consoleRoutes());
  router.use(sessionRoutes({ ...base, loginThrottle: throttle, onChange, assigner }));
  router.use(ssoRoutes(base));
  router.use(dataRequestRoutes({ ...base, onChange }));
  router.use(queueRoutes({ ...base, events, onChange }));
  router.use(outboxRoutes({ ...base, onChange }));
  router.use(attachmentRoutes({ ...base, onChange }));
  router.use(tokenRoutes(base));
  router.use(reportRoutes(base));
  router.use(adminRoutes({ ...base, onChange, loginThrottle: throttle }));
  if (deps.training) router.use(trainingRoutes({ ...base, ...deps.training, onChange }));
  const stop = () => {
    assigner.stop();
    events.stop();
  };
  return { router, routes: () => routesOf(router as unknown as { stack: RouterLayer[] }), stop };
}

interface RouterLayer {
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** The routes of a router and of the routers mounted in it (all are mounted without a path prefix). */
function routesOf(router: { stack?: RouterLayer[] }): StaffRoute[] {
  return (router.stack ?? []).flatMap((layer): StaffRoute[] => {
    if (layer.route) {
      const { path, methods } = layer.route;
      return Object.keys(methods)
        .filter((m) => methods[m])
        .map((method) => ({ method: method.toUpperCase(), path }));
    }
    return layer.handle?.stack ? routesOf(layer.handle) : [];
  });
}
