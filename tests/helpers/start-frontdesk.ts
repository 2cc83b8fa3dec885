import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { CHANNELS } from '../../src/channels';
import type { ChannelDefinition } from '../../src/conversation/channel';
import { loadConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { startServer, type RunningServer } from '../../src/app';
import { isPostgresStore, type PostgresStore, type SqliteStore, type Store } from '../../src/create-store';
import { lowerHashCostForTests } from '../../src/staff/identity/passwords';
import { closeWhenFileEnds } from './close-when-file-ends';
import { startFakeGraph, type FakeGraph } from './fake-graph';
import { signMessenger } from './sign';

// Staff accounts in server tests are throwaway: cheaper scrypt saves seconds per file. The
// production cost is asserted by the password unit tests, which do not load this helper.
lowerHashCostForTests();

export const APP_SECRET = 'test-app-secret-not-real';
export const VERIFY_TOKEN = 'test-verify-token';
export const STAFF_TOKEN = 'test-staff-token-0123456789abcdef';

/** Captures every log line the server writes, to check what reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface Frontdesk<S extends Store = SqliteStore> {
  server: RunningServer<S>;
  graph: FakeGraph;
  logs: LogCapture;
  dbPath: string;
  dir: string;
  /** DATABASE_URL, when the server runs on PostgreSQL. */
  databaseUrl?: string;
  /** Posts a body to the Messenger webhook, signed with the app secret unless told otherwise. */
  postMessenger(body: Buffer | string | object, opts?: { signature?: string | null; contentType?: string }): Promise<Response>;
  staff(pathname: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface SetupOptions {
  env?: Record<string, string>;
  dir?: string;
  graph?: FakeGraph;
  startWorkers?: boolean;
  now?: () => number;
  /** The channel list; the production list by default. */
  channels?: readonly ChannelDefinition[];
  /** How long a background worker may fail before /readyz says so (the server's default otherwise). */
  workerFailingAfterMs?: number;
  /** Without `now`: the wall clock the server's monotonic time starts from (a test steps it). */
  wallClock?: () => number;
  /** How often live queues poll the store (100 ms unless a test needs to see what else wakes them). */
  livePollMs?: number;
}

/** Starts the real server on SQLite (a file in `dir`) with a fake Graph server on loopback. */
export async function startFrontdesk(options: SetupOptions = {}): Promise<Frontdesk> {
  const fd = await startOn(options);
  const { store } = fd.server;
  if (isPostgresStore(store)) throw new Error('startFrontdesk runs on SQLite; use startFrontdeskOnPostgres');
  return { ...fd, server: { ...fd.server, store } };
}

/**
 * Starts the real server on PostgreSQL at `databaseUrl` (a test database of its own) with a fake
 * Graph server on loopback; the job queue's timings are short so a dead instance is noticed in ~1 s.
 */
export async function startFrontdeskOnPostgres(options: SetupOptions & { databaseUrl: string }): Promise<Frontdesk<PostgresStore>> {
  const fd = await startOn({ ...options, env: { DATABASE_URL: options.databaseUrl, PGPOOL_MAX: '8', ...options.env } });
  const { store } = fd.server;
  if (!isPostgresStore(store)) throw new Error('DATABASE_URL did not select PostgreSQL');
  return { ...fd, databaseUrl: options.databaseUrl, server: { ...fd.server, store } };
}

/** Starts the real server on port 0 with the store the environment names and a fake Graph server on loopback. */
async function startOn(options: SetupOptions): Promise<Frontdesk<SqliteStore | PostgresStore>> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-'));
  const dbPath = path.join(dir, 'frontdesk.db');
  const graph = options.graph ?? (await startFakeGraph());
  const logs = new LogCapture();
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: dbPath,
      MESSENGER_APP_SECRET: APP_SECRET,
      MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
      MESSENGER_PAGE_ACCESS_TOKEN: 'test-page-token',
      GRAPH_API_BASE: graph.baseUrl,
      STAFF_API_TOKEN: STAFF_TOKEN,
      OUTBOX_RETRY_BASE_MS: '25',
      ...options.env,
    },
    options.channels ?? CHANNELS,
  );
  const starting = startServer(config, {
    log: createLogger('info', logs),
    // Consoles under test see the bot's changes within 100 ms rather than a second.
    livePollMs: options.livePollMs ?? 100,
    ...(options.now ? { now: options.now } : {}),
    ...(options.startWorkers === false ? { startWorkers: false } : {}),
    ...(options.workerFailingAfterMs !== undefined ? { workerFailingAfterMs: options.workerFailingAfterMs } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    // Workers never poll within a test: new jobs wake them through NOTIFY, jobs due later through
    // their instance's wake-ups, and a dead instance's jobs through the survivor's announcement.
    jobQueue: { heartbeatMs: 200, deadAfterMs: 1500, pollIntervalMs: 600_000 },
  });
  // Registered before the server is up, so a file that ends while it starts still closes it.
  const close = closeWhenFileEnds(async () => {
    await (await starting.catch(() => undefined))?.close();
    if (!options.graph) await graph.close();
  });
  const server = await starting;
  return {
    server,
    graph,
    logs,
    dbPath,
    dir,
    postMessenger(body, opts = {}) {
      const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
      const signature = opts.signature === undefined ? signMessenger(raw, APP_SECRET) : opts.signature;
      if (signature !== null) headers['x-hub-signature-256'] = signature;
      return fetch(`${server.url}/webhooks/messenger`, { method: 'POST', headers, body: raw });
    },
    staff(pathname, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${STAFF_TOKEN}` };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${server.url}${pathname}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    },
    close,
  };
}

export function readFixture(name: string): Buffer {
  return fs.readFileSync(path.join(__dirname, '..', 'fixtures', name));
}

/** A Messenger text-message payload from one patient, for tests that need fresh ids or times. */
export function messengerText(opts: { psid: string; mid: string; text: string; timestamp?: number }): object {
  return {
    object: 'page',
    entry: [
      {
        id: '100000000000001',
        time: opts.timestamp ?? Date.now(),
        messaging: [
          {
            sender: { id: opts.psid },
            recipient: { id: '100000000000001' },
            timestamp: opts.timestamp ?? Date.now(),
            message: { mid: opts.mid, text: opts.text },
          },
        ],
      },
    ],
  };
}
