import type { Logger } from '../../platform/logger';
import type { WorkerHealth } from '../../platform/worker-health';
import type { ChannelCursorRepo } from '../../conversation/channel-cursor-repo';
import type { XClient, XRead } from './x-client';
import { parseDmEventsPage, parseMentionsPage, type XV2Page } from './parse-v2';
import { isNewer, maxId, type XInboundEvent } from './x-event';

export interface XPollerOptions {
  client: Pick<XClient, 'readDmEvents' | 'readMentions'>;
  cursors: ChannelCursorRepo;
  accountId: string;
  intervalMs: number;
  /** Durable before moving on: stores the events in the inbox; returns how many were new. */
  ingest: (events: readonly XInboundEvent[]) => Promise<number>;
  log: Logger;
  now?: () => number;
  /** Pages read per stream per round; far above a practice's traffic. */
  maxPages?: number;
  /**
   * Where rounds report how they went (worker `x-poll`: /readyz, /metrics): a round that throws (the
   * store refused the events) or whose reads fail for a reason other than a rate limit is a failure.
   */
  health?: WorkerHealth;
}

/** The poller's name among the server's background workers. */
export const X_POLL_WORKER = 'x-poll';

interface Stream {
  name: 'dm' | 'mentions';
  cursorName: string;
  /** Do not call this endpoint before this time (rate limit). */
  waitUntil: number;
  lastFailure?: string;
  read(input: { cursor: string | undefined; paginationToken: string | undefined }): Promise<XRead>;
  parse(body: unknown): XV2Page;
}

const PAGE_SIZE = 100;
/** Clock skew allowance for "written after start" before the first cursor exists. */
const START_GRACE_MS = 2 * 60_000;

/**
 * Reads X DMs (`GET /2/dm_events`) and mentions (`GET /2/users/:id/mentions`) on an interval, for
 * accounts without webhook access. The newest id seen per stream is kept in SQLite and moves only
 * after the events are in the inbox, so a restart neither misses nor repeats a message (the inbox
 * also deduplicates on the event id). Rate limits are honoured per endpoint: no call before
 * `x-rate-limit-reset` once `x-rate-limit-remaining` is 0 or after a 429.
 *
 * Before the first message is ever seen there is no cursor: then only messages written after this
 * process started (give or take a clock-skew allowance) are taken, so switching polling on does
 * not answer a month of old DMs.
 */
export class XPoller {
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly streams: Stream[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** A read of this round failed (not a rate limit). */
  private readFailed = false;

  constructor(private readonly options: XPollerOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now() - START_GRACE_MS;
    const { client, accountId } = options;
    this.streams = [
      {
        name: 'dm',
        cursorName: 'dm_newest_id',
        waitUntil: 0,
        // dm_events has no since_id: pages run newest to oldest until one reaches the cursor.
        read: ({ paginationToken }) => client.readDmEvents({ maxResults: PAGE_SIZE, ...(paginationToken ? { paginationToken } : {}) }),
        parse: (body) => parseDmEventsPage(body, accountId),
      },
      {
        name: 'mentions',
        cursorName: 'mentions_newest_id',
        waitUntil: 0,
        read: ({ cursor, paginationToken }) =>
          client.readMentions({
            userId: accountId,
            maxResults: PAGE_SIZE,
            ...(cursor ? { sinceId: cursor } : {}),
            ...(paginationToken ? { paginationToken } : {}),
          }),
        parse: (body) => parseMentionsPage(body, accountId),
      },
    ];
  }

  start(): void {
    if (this.stopped || this.running || this.timer) return;
    this.schedule(0);
  }

  /** Stops scheduling and waits for the round in flight, so nothing is half-stored at exit. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round over both streams (also used by tests and the CLI). */
  async pollOnce(): Promise<void> {
    for (const stream of this.streams) {
      if (this.stopped) return;
      if (this.now() < stream.waitUntil) continue;
      await this.pollStream(stream);
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.readFailed = false;
      this.running = this.pollOnce()
        .then(() => {
          if (this.readFailed) this.options.health?.failed(X_POLL_WORKER);
          else this.options.health?.ok(X_POLL_WORKER);
        })
        .catch((err: unknown) => {
          this.options.health?.failed(X_POLL_WORKER);
          this.options.log.error({ error: (err as Error).name, code: (err as { code?: unknown }).code }, 'x poll: round failed');
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.nextDelay());
        });
    }, delayMs);
    this.timer.unref();
  }

  /** The interval, or sooner/later to wake exactly when a rate-limited endpoint may be called again. */
  private nextDelay(): number {
    const now = this.now();
    const waits = this.streams.map((s) => Math.max(s.waitUntil - now, 0)).filter((w) => w > 0);
    const ready = this.streams.some((s) => s.waitUntil <= now);
    const soonest = waits.length > 0 ? Math.min(...waits) : this.options.intervalMs;
    return ready ? this.options.intervalMs : Math.max(soonest, 10);
  }

  private async pollStream(stream: Stream): Promise<void> {
    const { cursors, log } = this.options;
    const cursor = await cursors.get(stream.cursorName);
    const found: XInboundEvent[] = [];
    let newest = cursor;
    let token: string | undefined;
    const maxPages = cursor === undefined ? 1 : (this.options.maxPages ?? 10);
    let complete = false;

    for (let page = 0; page < maxPages; page += 1) {
      const result = await stream.read({ cursor, paginationToken: token });
      if (!result.ok) {
        if (result.retryAfter !== undefined) stream.waitUntil = result.retryAfter;
        else this.readFailed = true;
        if (stream.lastFailure !== result.reason)
          log.warn({ stream: stream.name, status: result.httpStatus, code: result.code, reason: result.reason }, 'x poll: read failed');
        stream.lastFailure = result.reason;
        return; // nothing stored, cursor unchanged: the next round reads the same again
      }
      stream.lastFailure = undefined;
      if (result.rate.remaining === 0 && result.rate.resetAt !== undefined) stream.waitUntil = result.rate.resetAt;

      const parsed = stream.parse(result.body);
      for (const event of parsed.events) {
        const id = event.eventId.slice(event.eventId.indexOf(':') + 1);
        const wanted = cursor === undefined ? event.timestamp >= this.startedAt : isNewer(id, cursor);
        if (wanted) found.push(event);
      }
      for (const id of parsed.ids) newest = maxId(newest, id);
      const reachedCursor = cursor !== undefined && parsed.ids.some((id) => !isNewer(id, cursor));
      token = parsed.nextToken;
      if (reachedCursor || token === undefined || cursor === undefined) {
        complete = true;
        break;
      }
      if (this.now() < stream.waitUntil) break; // out of calls for this window; resume from the cursor later
    }
    if (!complete && cursor !== undefined) {
      // Not every page was read: keep the cursor so the rest is fetched next round (the inbox drops repeats).
      log.warn({ stream: stream.name }, 'x poll: more new messages than one round reads; continuing next round');
      newest = cursor;
    }

    // Oldest first, so one patient's messages are processed in the order they were written.
    found.sort((a, b) => (BigInt(idOf(a)) < BigInt(idOf(b)) ? -1 : 1));
    const added = found.length > 0 ? await this.options.ingest(found) : 0;
    if (newest !== undefined && newest !== cursor) await cursors.set(stream.cursorName, newest, this.now());
    if (found.length > 0) log.info({ stream: stream.name, events: found.length, added }, 'x poll: stored');
  }
}

function idOf(event: XInboundEvent): string {
  return event.eventId.slice(event.eventId.indexOf(':') + 1);
}
