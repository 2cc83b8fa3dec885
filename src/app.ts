import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { AttachmentFetcher } from './attachments/attachment-fetcher';
import { FrontdeskBot } from './bot/frontdesk-bot';
import type { ChannelSetup } from './conversation/channel';
import { ChannelHub } from './conversation/channel-hub';
import { ALERT_CHANNEL, alertDeliverer, emergencyAlerts } from './escalation/alert-webhook';
import { loadKnowledgeBase } from './faq/knowledge-base';
import { recordDelivery } from './operations/delivery-metrics';
import { Maintenance } from './operations/maintenance';
import { metricsRoutes } from './operations/metrics-routes';
import { alertOnDiskFull } from './operations/disk-full-alert';
import { checkReadiness } from './operations/readiness';
import { storeMetricsRegistry } from './operations/store-metrics';
import type { Config } from './platform/config';
import { createApp } from './platform/http/create-app';
import type { Logger } from './platform/logger';
import { MonotonicClock } from './platform/monotonic-clock';
import { WorkerHealth } from './platform/worker-health';
import { loadPracticeProfile } from './practice/practice-profile';
import { staffApi, type StaffApi } from './staff/api/staff-api';
import { lockFileOf } from './store/backup';
import { isPostgresStore, openStore, type PostgresStore, type SqliteStore, type Store } from './create-store';
import { PostgresInboxRepo } from './conversation/inbox/postgres-inbox-repo';
import { PostgresOutboxRepo } from './conversation/outbox/postgres-outbox-repo';
import { PostgresSendGateRepo } from './conversation/outbox/postgres-send-gate-repo';
import type { ChannelHubOptions } from './conversation/channel-hub';
import { PostgresChangeFeed } from './store/postgres/postgres-change-feed';
import type { JobQueueTimings } from './store/postgres/job-queue';
import { DEFAULT_MODEL_KIND, loadRouter } from './triage/load-router';
import { LiveRouter } from './triage/live-router';
import { loadIntentDefinitions } from './triage/intent-data';
import { intentCatalog } from './escalation/training-labels';
import { TrainingSync } from './escalation/training-sync';

export interface RunningServer<S extends Store = SqliteStore | PostgresStore> {
  url: string;
  port: number;
  store: S;
  /** Background duties (retention, backups, delivery alerts), callable directly by operators' tools and tests. */
  maintenance: Maintenance;
  /** The staff API's routes, read from its router (the minimum-necessary sweep calls every GET). */
  staffRoutes: StaffApi['routes'];
  /** Resolves when stored inbound events and due outbound messages have been handled (tests). */
  idle(): Promise<void>;
  /** Graceful stop: no new connections, finish in-flight work, close the database. */
  close(): Promise<void>;
}

export interface ServerOptions {
  log: Logger;
  now?: () => number;
  /**
   * false: accept and store webhooks but process nothing and send nothing (maintenance, and the
   * crash-recovery tests that need "stopped right after the 200"). Default true.
   */
  startWorkers?: boolean;
  /** How often the live queue looks for changes the bot or the outbox made (default 1 s). */
  livePollMs?: number;
  /** A background worker failing this long without a success makes /readyz fail (default 30 s). */
  workerFailingAfterMs?: number;
  /**
   * Without `now`: the system's wall clock that the server's monotonic time starts from and whose
   * steps it logs (tests step a fake one). Default Date.now.
   */
  wallClock?: () => number;
  /** On PostgreSQL: the job queue's heartbeat and dead-instance timings (tests shorten them). */
  jobQueue?: JobQueueTimings;
  /** How often the model looks for newly accepted practice examples (default 5 s). */
  trainingPollMs?: number;
}

/** Start-up order: store -> triage -> channels -> http. Listens on config.port (0 picks a free port). */
export async function startServer(config: Readonly<Config<ChannelSetup>>, options: ServerOptions): Promise<RunningServer> {
  const { log } = options;
  const now = options.now ?? new MonotonicClock({ log, ...(options.wallClock ? { wall: options.wallClock } : {}) }).now;
  const store = await openStore(config, log);
  const { intentsDir, alert } = config;
  // The router the bot holds is retrained with the practice's accepted examples without a restart.
  const router = new LiveRouter(loadRouter(intentsDir ? { intentsDir } : {}), {
    ...(intentsDir ? { intentsDir } : {}),
    kind: DEFAULT_MODEL_KIND,
  });
  const training = new TrainingSync({
    labels: store.trainingLabels,
    router,
    log,
    ...(options.trainingPollMs ? { pollMs: options.trainingPollMs } : {}),
  });
  const kb = loadKnowledgeBase(intentsDir);
  const practice = loadPracticeProfile(intentsDir);
  const health = new WorkerHealth(now, options.workerFailingAfterMs);
  // SQLite only: a full disk under the database file is told to /readyz and the alert webhook.
  const writeState = isPostgresStore(store) ? undefined : store.sql.writeState;
  if (writeState) alertOnDiskFull({ writeState, ...(alert ? { alert } : {}), log, now });
  // Instances sharing PostgreSQL tell each other of changes, so every console is live.
  const changes = isPostgresStore(store) ? new PostgresChangeFeed(store.pool, store.postgres.connectionString, log) : undefined;
  await changes?.start();
  // The bot raises alerts during turns, which start only once the hub below exists.
  const wake = () => hub.wake();
  const onEmergency = alert ? emergencyAlerts({ store, now, includeText: alert.includeText, wake }) : undefined;
  const bot = new FrontdeskBot({
    router,
    kb,
    store,
    log,
    profile: practice,
    now,
    disclosureRepeatMs: config.disclosureRepeatMs,
    ...(onEmergency ? { onEmergency } : {}),
  });
  const hub: ChannelHub = new ChannelHub({
    store,
    log,
    now,
    health,
    practice,
    channels: config.channels,
    bot,
    outbox: config.outbox,
    ...(alert ? { deliverers: { [ALERT_CHANNEL]: alertDeliverer(alert) } } : {}),
    ...(isPostgresStore(store) ? { jobs: { ...jobQueueOf(store, options), ...(changes ? { onTurn: () => changes.publish() } : {}) } } : {}),
  });
  // Patients' photos and files, fetched from the platforms' expiring URLs after each turn commits.
  const attachments = new AttachmentFetcher({
    repo: store.attachments,
    downloaderOf: (channel) => hub.attachmentDownloader(channel),
    maxBytes: config.attachmentMaxBytes,
    log,
    now,
  });
  hub.onDelivery(({ item, result, willRetry, at }) => void recordDelivery(store, item, result, willRetry, at));

  if (!config.staffApiToken) {
    log.info('staff service token off: set STAFF_API_TOKEN to let automation use the staff API (people sign in at /staff)');
  }
  const staff = await staffApi({
    store,
    hub,
    staffApiToken: config.staffApiToken,
    practice,
    config: config.staff,
    log,
    now,
    retryHorizonMs: config.outbox.retryHorizonMs,
    backups: config.operations.backup,
    queue: config.queue,
    attachmentMaxBytes: config.attachmentMaxBytes,
    ...(changes ? { changes } : {}),
    ...(options.livePollMs ? { livePollMs: options.livePollMs } : {}),
    training: { router, intents: intentCatalog(loadIntentDefinitions(intentsDir)), onAccepted: () => training.nudge() },
  });
  // Another instance accepted or erased an example: look now rather than at the next poll.
  changes?.onChange(() => training.nudge());
  const ops = config.operations;
  const app = createApp({
    log,
    ready: () => checkReadiness(store, now(), ops.readyOutboxStallMs, health, writeState),
    routers: [
      metricsRoutes({
        token: ops.metricsToken,
        storeRegistry: storeMetricsRegistry({ store, hub, practice, now, model: () => router.model() }),
      }),
      ...hub.routes(),
      staff.router,
    ],
  });
  // TRUST_PROXY: believe X-Forwarded-For/-Proto only from the proxy in front (audit IPs, Secure cookies).
  app.set('trust proxy', config.trustProxy);
  const { server, url, port } = await listen(app, config.host, config.port);

  // Tells `npm run restore` that this database is in use.
  const sqliteFile = !isPostgresStore(store) && config.databasePath !== ':memory:';
  if (sqliteFile) fs.writeFileSync(lockFileOf(config.databasePath), `${process.pid}\n`);
  const maintenance = new Maintenance({ store, config: ops, alertsEnabled: alert !== undefined, kickOutbox: wake, log, now, health });
  if (options.startWorkers === false) {
    await hub.stop();
  } else {
    await hub.start();
    attachments.start();
    await maintenance.start();
    training.start();
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    maintenance,
    staffRoutes: staff.routes,
    idle: () => hub.idle(),
    async close() {
      closing ??= (async () => {
        staff.stop(); // live queue streams would otherwise keep the server open
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await maintenance.stop();
        await attachments.stop();
        await training.stop();
        await hub.stop();
        await changes?.close();
        await store.close();
        if (sqliteFile) fs.rmSync(lockFileOf(config.databasePath), { force: true });
      })();
      return closing;
    },
  };
}

/**
 * The shared job queue the inbox and outbox run on with PostgreSQL. This instance is named by host
 * and process id, which the others see in its heartbeat.
 */
function jobQueueOf(store: PostgresStore, options: ServerOptions): NonNullable<ChannelHubOptions['jobs']> {
  const { pool } = store;
  return {
    pool,
    connectionString: store.postgres.connectionString,
    instanceId: `${os.hostname()}:${process.pid}`,
    poolSize: store.postgres.poolMax,
    repos: { inbox: new PostgresInboxRepo(pool), outbox: new PostgresOutboxRepo(pool), gate: new PostgresSendGateRepo(pool) },
    ...(options.jobQueue ? { timings: options.jobQueue } : {}),
  };
}

/** Listens with the timeouts a public server needs; the URL names a reachable address. */
async function listen(app: http.RequestListener, host: string, port: number): Promise<{ server: http.Server; url: string; port: number }> {
  const server = http.createServer(app);
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${bound}`, port: bound };
}
