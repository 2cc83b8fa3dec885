import { loadConfig } from '../../platform/config';
import { ConfigError } from '../../platform/errors';
import { isRecord } from '../../platform/values';
import { openDatabaseHandle } from '../../store/database-handle';
import { X_CHANNEL_ID } from './x-activity';
import { conversationRepos } from '../../conversation/conversation-store';
import { parseDmEventsPage, parseMentionsPage } from './parse-v2';
import { X_ACTIVITY_EVENT_TYPES } from './parse-activity';
import { createXClient, type XClient, type XRead, type XWebhookAdmin } from './x-client';
import { readXConfig, X_REQUIRED_VARS, type XConfig } from './x-config';

/** `npm run x -- …`: the X channel's own setup commands, kept in its folder with the rest of X. */
const USAGE = `Set up the X channel (reads X_* and DATABASE_PATH from the environment or .env).

  npm run x -- webhook register https://frontdesk.example.org/webhooks/x [--activity]
                                    register the URL (X runs a CRC check against it) and
                                    subscribe the account of X_ACCESS_TOKEN to it: by the
                                    Account Activity API, or with --activity by the X Activity
                                    API (dm.received and post.mention.create)
  npm run x -- webhook list         the app's webhooks, with their ids and validity
  npm run x -- webhook validate ID  ask X to re-run the CRC check (after downtime or a secret change)
  npm run x -- webhook subscribe ID subscribe the account to an existing webhook
  npm run x -- webhook delete ID    remove a webhook
  npm run x -- activity subscribe ID subscribe the account's DMs and mentions (X Activity API)
                                    to an existing webhook
  npm run x -- activity list        the app's X Activity API subscriptions
  npm run x -- activity delete ID   remove one X Activity API subscription
  npm run x -- poll check           what poll mode reads now: endpoints, cursors, counts (no message text)

Webhook mode needs Account Activity or X Activity API access on your X plan (new apps: the X
Activity API, since the Account Activity API is deprecated); poll mode only API v2 DM and
mention reads. Keys are sent in signed headers only and never printed.
`;

class UsageError extends Error {}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one command; returns the exit code (0 ok, 1 X refused, 64 usage, 78 configuration). */
export async function runXCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  try {
    const [area, command, arg, flag] = argv;
    if (area === undefined || area === 'help' || area === '--help' || area === '-h') {
      io.out(USAGE);
      return area === undefined ? 64 : 0;
    }
    const config = readXConfig(env);
    if (!config) throw new ConfigError(`X is not configured: set ${X_REQUIRED_VARS.join(', ')} (see README "Connect an X account").`);
    const client = createXClient({ ...config, consumerSecret: config.consumerSecrets[0] as string });
    if (area === 'webhook' || area === 'activity') {
      const admin = await client.webhooks();
      if ('ok' in admin)
        return fail(io, 'X did not give an app-only token for webhook management (check X_CONSUMER_KEY and X_CONSUMER_SECRET)', admin);
      if (area === 'activity') return await activity(admin, config, command, arg, io);
      return await webhook(admin, config, command, arg, io, flag === '--activity');
    }
    if (area === 'poll' && command === 'check') return await pollCheck(client, config, env, io);
    throw new UsageError(`unknown command: ${argv.join(' ')}`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`x: ${err.message}\n\n${USAGE}`);
      return 64;
    }
    if (err instanceof ConfigError) {
      io.err(`x: ${err.message}`);
      return 78;
    }
    throw err;
  }
}

async function webhook(
  admin: XWebhookAdmin,
  config: XConfig,
  command: string | undefined,
  arg: string | undefined,
  io: CliIo,
  byActivityApi: boolean,
): Promise<number> {
  switch (command) {
    case 'register': {
      const url = requireArg(arg, 'the public https URL of /webhooks/x');
      checkWebhookUrl(url, config);
      const created = await admin.register(url);
      if (!created.ok) return fail(io, 'X did not register the webhook (it must answer the CRC check at that URL)', created);
      const id = field(created.body, 'id');
      io.out(`registered webhook ${id} for ${url}`);
      if (byActivityApi) return await subscribeActivity(admin, config, id, url, io);
      const subscribed = await admin.subscribe(id);
      if (!subscribed.ok)
        return fail(
          io,
          `webhook ${id} is registered but the account could not be subscribed; retry with: npm run x -- webhook subscribe ${id}`,
          subscribed,
        );
      io.out(`subscribed account ${config.accountId}: DMs and mentions now arrive at ${url}`);
      return 0;
    }
    case 'list': {
      const list = await admin.list();
      if (!list.ok) return fail(io, 'X did not list the webhooks', list);
      const hooks = isRecord(list.body) && Array.isArray(list.body.data) ? (list.body.data as unknown[]) : [];
      if (hooks.length === 0) io.out('no webhooks registered for this app');
      for (const hook of hooks) {
        if (isRecord(hook))
          io.out(`${String(hook.id)}  ${String(hook.url)}  ${hook.valid === true ? 'valid' : 'INVALID (run: webhook validate ID)'}`);
      }
      return 0;
    }
    case 'validate': {
      const id = requireArg(arg, 'the webhook id (see: webhook list)');
      const res = await admin.validate(id);
      if (!res.ok) return fail(io, `X could not re-validate webhook ${id}`, res);
      io.out(`X re-ran the CRC check for webhook ${id}; see "webhook list" for the result`);
      return 0;
    }
    case 'subscribe': {
      const id = requireArg(arg, 'the webhook id (see: webhook list)');
      const res = await admin.subscribe(id);
      if (!res.ok) return fail(io, `X did not subscribe account ${config.accountId} to webhook ${id}`, res);
      io.out(`subscribed account ${config.accountId} to webhook ${id}`);
      return 0;
    }
    case 'delete': {
      const id = requireArg(arg, 'the webhook id (see: webhook list)');
      const res = await admin.remove(id);
      if (!res.ok) return fail(io, `X did not delete webhook ${id}`, res);
      io.out(`deleted webhook ${id}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown webhook command: ${command ?? '(none)'}`);
  }
}

async function activity(
  admin: XWebhookAdmin,
  config: XConfig,
  command: string | undefined,
  arg: string | undefined,
  io: CliIo,
): Promise<number> {
  switch (command) {
    case 'subscribe':
      return await subscribeActivity(admin, config, requireArg(arg, 'the webhook id (see: webhook list)'), undefined, io);
    case 'list': {
      const list = await admin.activityList();
      if (!list.ok) return fail(io, 'X did not list the X Activity API subscriptions', list);
      const subs = isRecord(list.body) && Array.isArray(list.body.data) ? (list.body.data as unknown[]) : [];
      if (subs.length === 0) io.out('no X Activity API subscriptions for this app');
      for (const sub of subs) {
        if (!isRecord(sub)) continue;
        const user = isRecord(sub.filter) ? String(sub.filter.user_id) : '?';
        io.out(`${String(sub.subscription_id)}  ${String(sub.event_type)}  user ${user}  webhook ${String(sub.webhook_id ?? '-')}`);
      }
      return 0;
    }
    case 'delete': {
      const id = requireArg(arg, 'the subscription id (see: activity list)');
      const res = await admin.activityRemove(id);
      if (!res.ok) return fail(io, `X did not delete subscription ${id}`, res);
      io.out(`deleted X Activity API subscription ${id}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown activity command: ${command ?? '(none)'}`);
  }
}

/** Subscribes the account's DMs and mentions, one X Activity API subscription per event type. */
async function subscribeActivity(
  admin: XWebhookAdmin,
  config: XConfig,
  webhookId: string,
  url: string | undefined,
  io: CliIo,
): Promise<number> {
  for (const eventType of X_ACTIVITY_EVENT_TYPES) {
    const res = await admin.activitySubscribe(webhookId, eventType, config.accountId);
    if (!res.ok)
      return fail(
        io,
        `X did not subscribe ${eventType} of account ${config.accountId} to webhook ${webhookId} (private events need user context)`,
        res,
      );
    io.out(`subscribed ${eventType} of account ${config.accountId}: subscription ${field(res.body, 'subscription_id')}`);
  }
  io.out(`DMs and mentions now arrive by the X Activity API${url ? ` at ${url}` : ` at webhook ${webhookId}`}`);
  return 0;
}

/** Reads once what the poller would read, storing nothing; prints counts, never message text. */
async function pollCheck(client: XClient, config: XConfig, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const core = loadConfig(env);
  const store = openDatabaseHandle(core.databasePath);
  try {
    const cursors = conversationRepos(store.sql).cursors(X_CHANNEL_ID);
    const dmCursor = await cursors.get('dm_newest_id');
    const mentionCursor = await cursors.get('mentions_newest_id');
    io.out(`mode: ${config.mode}${config.mode === 'poll' ? `, every ${config.pollIntervalMs / 1000} s` : ' (set X_MODE=poll to poll)'}`);
    io.out(`account: ${config.accountId}`);
    io.out(`GET /2/dm_events                 read after DM event ${dmCursor ?? '(none yet: only messages written after the first start)'}`);
    io.out(
      `GET /2/users/${config.accountId}/mentions  since_id ${mentionCursor ?? '(none yet: only posts written after the first start)'}`,
    );
    const dms = await client.readDmEvents({});
    if (!dms.ok) return fail(io, 'GET /2/dm_events failed (DM reads need user context and an access level with DM endpoints)', dms);
    const dmPage = parseDmEventsPage(dms.body, config.accountId);
    const newDms = dmPage.events.filter((e) => dmCursor === undefined || BigInt(e.eventId.slice(3)) > BigInt(dmCursor));
    io.out(
      `dm_events: ${dmPage.events.length} patient messages on the first page, ${newDms.length} newer than the cursor; rate limit remaining ${dms.rate.remaining ?? '?'}`,
    );
    const mentions = await client.readMentions({ userId: config.accountId, ...(mentionCursor ? { sinceId: mentionCursor } : {}) });
    if (!mentions.ok) return fail(io, `GET /2/users/${config.accountId}/mentions failed`, mentions);
    const page = parseMentionsPage(mentions.body, config.accountId);
    const notAddressed = page.events.filter((e) => e.notAddressed).length;
    io.out(
      `mentions: ${page.events.length} new (${notAddressed} only tagging the account among others); rate limit remaining ${mentions.rate.remaining ?? '?'}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

function checkWebhookUrl(url: string, config: XConfig): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL: ${url}`);
  }
  if (!parsed.pathname.endsWith('/webhooks/x'))
    throw new UsageError('the URL must end with /webhooks/x, the path Frontdesk serves the X webhook on');
  // X calls only https URLs without a port; a local fake X (tests) may use plain http.
  if (config.apiBase === 'https://api.x.com' && (parsed.protocol !== 'https:' || parsed.port !== '')) {
    throw new UsageError('X only calls https:// URLs without a port, e.g. https://frontdesk.example.org/webhooks/x');
  }
}

function requireArg(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

function field(body: unknown, name: string): string {
  const data = isRecord(body) && isRecord(body.data) ? body.data : undefined;
  return data && typeof data[name] === 'string' ? (data[name] as string) : '?';
}

function fail(io: CliIo, what: string, result: Extract<XRead, { ok: false }>): number {
  io.err(`x: ${what}: ${result.reason}`);
  return 1;
}

if (require.main === module) {
  void (async () => {
    (await import('dotenv')).config({ quiet: true });
    const code = await runXCli(process.argv.slice(2), process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    process.exitCode = code;
  })().catch((err: unknown) => {
    process.stderr.write(`x: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
