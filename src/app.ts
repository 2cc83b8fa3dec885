import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { FrontdeskBot, type EmergencyAlert } from './bot/frontdesk-bot';
import type { Channel, ChannelContext } from './conversation/channel';
import { INBOX_MAX_ATTEMPTS, InboxProcessor, isLastAttempt, type InboxHandler } from './conversation/inbox/inbox-processor';
import type { InboxEvent } from './conversation/inbox/inbox-repo';
import type { Deliverer } from './conversation/outbox/delivery';
import { OutboxAdapter } from './conversation/outbox/outbox-adapter';
import { OutboxWorker } from './conversation/outbox/outbox-worker';
import { ALERT_CHANNEL, alertDeliverer, emergencyAlertBody } from './escalation/alert-webhook';
import { loadKnowledgeBase } from './faq/knowledge-base';
import type { Config } from './platform/config';
import { createApp } from './platform/http/create-app';
import type { Logger } from './platform/logger';
import { Maintenance } from './operations/maintenance';
import { metricsRoutes } from './operations/metrics-routes';
import { checkReadiness } from './operations/readiness';
import { storeMetricsRegistry } from './operations/store-metrics';
import { markWebhookStored } from './platform/metrics';
import { loadPracticeProfile } from './practice/practice-profile';
import { lockFileOf } from './store/backup';
import { staffApi } from './staff/api/staff-api';
import { SerialTransactions } from './store/serial-transactions';
import { createStore, type Store } from './store/store';
import { loadRouter } from './triage/load-router';
import { looksUrgent } from './triage/triage-router';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  /** Background duties (retention, backups, delivery alerts), callable directly by operators' tools and tests. */
  maintenance: Maintenance;
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
}

/** Start-up order: store -> triage -> channels -> http. Listens on config.port (0 picks a free port). */
export async function startServer(config: Readonly<Config>, options: ServerOptions): Promise<RunningServer> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const store = createStore(config.databasePath);
  const intentsDir = config.intentsDir;
  const router = loadRouter(intentsDir ? { intentsDir } : {});
  const kb = loadKnowledgeBase(intentsDir);
  const practice = loadPracticeProfile(intentsDir);
  const alert = config.alert;
  const onEmergency: EmergencyAlert | undefined = alert
    ? ({ escalationId, conversation, decision, text }) => {
        const body = emergencyAlertBody({
          escalationId,
          conversationId: conversation.id,
          channel: conversation.channel,
          intent: decision.intent,
          redFlag: decision.redFlag,
          at: now(),
          ...(alert.includeText ? { text } : {}),
        });
        store.outbox.enqueue({
          dedupeKey: `alert:${escalationId}:${conversation.lastInboundAt ?? 0}`,
          channel: ALERT_CHANNEL,
          conversationId: conversation.id,
          messageId: null,
          payload: body,
          at: now(),
        });
        outbox.kick();
      }
    : undefined;
  const bot = new FrontdeskBot({ router, kb, store, log, profile: practice, now, ...(onEmergency ? { onEmergency } : {}) });

  // Channels only ingest and enqueue from requests and turns, which start after the workers below exist.
  const ctx: ChannelContext = {
    store,
    log,
    now,
    practice,
    ingest: (events) => {
      throw new Error(`ingest called before start-up finished (${events.length} events)`);
    },
  };
  const channels: Channel[] = [];
  const routers: Router[] = [];
  for (const { id, setup } of config.channels) {
    if (!setup.enabled) {
      log.info({ channel: id }, `${id} disabled: ${setup.howToEnable}`);
      if (setup.routes) routers.push(setup.routes());
      continue;
    }
    const channel: Channel = setup.create({
      ...ctx,
      ingest: (events) => {
        const added = store.inbox.addAll(
          id,
          events.map((e) => inboxEvent(channel, e)),
          now(),
        );
        markWebhookStored(id);
        if (added > 0) inbox.kick();
        return added;
      },
    });
    channels.push(channel);
    routers.push(channel.routes());
  }
  if (!config.staffApiToken)
    log.info('staff service token off: set STAFF_API_TOKEN to let automation use the staff API (people sign in at /staff)');

  const adapters: Record<string, OutboxAdapter> = {};
  const deliverers: Record<string, Deliverer> = {};
  const handlers: Record<string, InboxHandler> = {};
  for (const channel of channels) {
    const adapter = new OutboxAdapter(channel, store, () => outbox.kick(), now);
    adapters[channel.id] = adapter;
    deliverers[channel.id] = channel.deliver;
    const typing = channel.typing?.bind(channel);
    handlers[channel.id] = {
      // A message whose turn keeps failing (a bug, a bad row) must still reach a person: its last
      // try skips triage and flows, records it and hands the thread to staff.
      turn: async (item) => {
        const activity = channel.toActivity(item.payload);
        if (!activity) throw Object.assign(new Error('unreadable inbox payload'), { code: 'unreadable_payload' });
        await adapter.processActivity(activity, (context) => (isLastAttempt(item) ? bot.handOver(context) : bot.run(context)));
      },
      ...(typing
        ? {
            typing: (item) => {
              const recipient = channel.toActivity(item.payload)?.from?.id;
              if (recipient) typing(recipient).catch(() => undefined); // a courtesy: its failure changes nothing
            },
          }
        : {}),
    };
  }
  if (alert) deliverers[ALERT_CHANNEL] = alertDeliverer({ url: alert.url, secret: alert.secret });

  const outbox = new OutboxWorker({
    store,
    deliverers,
    maxAttempts: config.outbox.maxAttempts,
    retryBaseMs: config.outbox.retryBaseMs,
    concurrency: config.outbox.concurrency,
    retryHorizonMs: config.outbox.retryHorizonMs,
    maxSendsPerSecond: Object.fromEntries(
      Object.values(adapters).flatMap(({ channel }) =>
        channel.limits.maxSendsPerSecond === undefined ? [] : [[channel.id, channel.limits.maxSendsPerSecond]],
      ),
    ),
    onDelivered: (item) => inbox.replyDelivered(item.conversationId),
    log,
    now,
  });
  const transactions = new SerialTransactions(store.db);
  const inbox: InboxProcessor = new InboxProcessor({ store, handlers, transactions, log, now });

  const staff = staffApi({
    store,
    adapters,
    staffApiToken: config.staffApiToken,
    practice,
    config: config.staff,
    log,
    now,
    retryHorizonMs: config.outbox.retryHorizonMs,
    ...(options.livePollMs ? { livePollMs: options.livePollMs } : {}),
  });
  const ops = config.operations;
  const storeRegistry = storeMetricsRegistry({ store, adapters, practice, now });
  const app = createApp({
    log,
    ready: () => checkReadiness(store, now(), ops.readyOutboxStallMs),
    routers: [metricsRoutes({ token: ops.metricsToken, storeRegistry }), ...routers, staff.router],
  });
  // TRUST_PROXY: believe X-Forwarded-For/-Proto only from the proxy in front (audit IPs, Secure cookies).
  app.set('trust proxy', config.trustProxy);

  const server = http.createServer(app);
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  // Tells `npm run restore` that this database is in use.
  if (config.databasePath !== ':memory:') fs.writeFileSync(lockFileOf(config.databasePath), `${process.pid}\n`);
  const maintenance = new Maintenance({
    store,
    config: ops,
    alertsEnabled: alert !== undefined,
    kickOutbox: () => outbox.kick(),
    log,
    now,
  });

  // Work left over from a previous run: events stored but not processed, sends interrupted.
  const leftover = store.inbox.countUnprocessed();
  if (leftover > 0) log.warn({ leftover }, 'inbox: processing events stored before the last stop');
  if (options.startWorkers === false) {
    await inbox.stop();
    await outbox.stop();
  } else {
    outbox.start();
    inbox.start();
    for (const channel of channels) channel.start?.();
    maintenance.start();
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    maintenance,
    async idle() {
      for (let i = 0; i < 500; i += 1) {
        await inbox.idle();
        await outbox.idle();
        if (store.inbox.countOpen(INBOX_MAX_ATTEMPTS) === 0 || options.startWorkers === false) {
          await new Promise((r) => setImmediate(r));
          if (!hasDue(store, now(), config.outbox.retryHorizonMs)) return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close() {
      closing ??= (async () => {
        staff.stop(); // live queue streams would otherwise keep the server open
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await Promise.all(channels.map((channel) => channel.stop?.()));
        await maintenance.stop();
        await inbox.stop();
        await outbox.stop();
        store.close();
        fs.rmSync(lockFileOf(config.databasePath), { force: true });
      })();
      return closing;
    },
  };
}

function hasDue(store: Store, now: number, horizonMs: number): boolean {
  const next = store.outbox.nextDueAt(now - horizonMs);
  return next !== undefined && next <= now;
}

/**
 * What the inbox stores with an event: its conversation (events of one conversation run in order)
 * and the red-flag pre-scan (urgent events run first). Both come from the channel's own reading.
 */
function inboxEvent(channel: Channel, event: { eventId: string; payload: object; text?: string }): InboxEvent {
  const activity = channel.toActivity(event.payload);
  const text = event.text ?? activity?.text ?? '';
  const lane = activity?.conversation?.id;
  return { eventId: event.eventId, payload: event.payload, ...(lane ? { lane } : {}), urgent: text !== '' && looksUrgent(text) };
}
