import type { Request, Response } from 'express';
import type { Logger } from '../platform/logger';
import type { Principal } from './access';

interface Client {
  res: Response;
  principal: Principal;
  /** Still allowed to listen? (session not revoked, not idle-expired, user not disabled) */
  stillValid: () => Promise<boolean>;
}

export interface QueueEventsOptions {
  /** The rows one principal may see, as the stream sends them. */
  snapshot: (principal: Principal) => Promise<unknown>;
  /**
   * Listeners in the same group see the same rows (their current role): one snapshot per group and
   * change, shared by all of them.
   */
  groupOf: (principal: Principal) => Promise<string>;
  /** Cheap value that changes whenever the queue or a thread changes (polled while anyone listens). */
  changeToken: () => Promise<string>;
  log: Logger;
  pollMs?: number;
  heartbeatMs?: number;
  /** Changes closer together than this are sent as one. */
  coalesceMs?: number;
  /** Open streams one staff account may hold; a new one closes its oldest. */
  maxStreamsPerAccount?: number;
  /** A listener whose unsent bytes pass this has stopped reading: it is dropped. */
  maxBufferedBytes?: number;
}

const DEFAULTS = { pollMs: 1000, heartbeatMs: 15_000, coalesceMs: 50, maxStreamsPerAccount: 5, maxBufferedBytes: 1 << 20 };

/**
 * The live queue: server-sent events. On a change (at once after a staff action, `notify()`; within
 * `pollMs` when the bot or the outbox changed the store) the snapshot is computed once per group of
 * listeners who may see the same rows, serialised once, and written to each; bursts of changes are
 * coalesced. A listener that stops reading is dropped once its buffer passes a bound, so memory
 * stays flat however many listeners stall; each staff account holds a bounded number of streams.
 */
export class QueueEvents {
  private readonly clients = new Set<Client>();
  private readonly settings: typeof DEFAULTS;
  private poller: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private lastToken = '';
  private version = 0;
  private stopped = false;
  /** Broadcasts are written one after another, so a listener never gets an older frame after a newer one. */
  private sending: Promise<void> = Promise.resolve();
  private polling = false;
  private recheck = false;

  constructor(private readonly options: QueueEventsOptions) {
    this.settings = {
      pollMs: options.pollMs ?? DEFAULTS.pollMs,
      heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
      coalesceMs: options.coalesceMs ?? DEFAULTS.coalesceMs,
      maxStreamsPerAccount: options.maxStreamsPerAccount ?? DEFAULTS.maxStreamsPerAccount,
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    };
  }

  subscribe(req: Request, res: Response, principal: Principal, stillValid: () => Promise<boolean>): void {
    if (this.stopped) {
      res.status(503).end();
      return;
    }
    const mine = [...this.clients].filter((c) => c.principal.actor === principal.actor);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.settings.maxStreamsPerAccount + 1))) {
      this.drop(old, 'event: session\ndata: {"state":"replaced"}\n\n');
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx: do not buffer the stream
    });
    res.write('retry: 3000\n\n');
    const client: Client = { res, principal, stillValid };
    this.clients.add(client);
    this.broadcast([client]);
    const gone = () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stopTimers();
    };
    req.on('close', gone);
    res.on('error', gone);
    this.startTimers();
  }

  /**
   * Another instance says something changed: the change token is checked now rather than at the
   * next poll, so listeners here get fresh rows only if what they see moved.
   */
  changedElsewhere(): void {
    if (this.clients.size === 0 || this.stopped) return;
    void this.checkForChange(true);
  }

  /** Something changed: every listener gets fresh rows shortly (changes in a burst are sent once). */
  notify(): void {
    if (this.clients.size === 0 || this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.options
        .changeToken()
        .then((token) => {
          this.lastToken = token;
          this.version += 1;
          this.broadcast([...this.clients]);
        })
        .catch((err: unknown) => this.options.log.error({ error: (err as Error).name }, 'staff stream: change check failed'));
    }, this.settings.coalesceMs);
    this.pending.unref();
  }

  /** Ends every stream (server shutdown: an open stream would otherwise hold the server open). */
  stop(): void {
    this.stopped = true;
    this.stopTimers();
    if (this.pending) clearTimeout(this.pending);
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  get listeners(): number {
    return this.clients.size;
  }

  private broadcast(clients: readonly Client[]): void {
    const version = this.version;
    this.sending = this.sending.then(() => this.write(clients, version));
  }

  private async write(clients: readonly Client[], version: number): Promise<void> {
    const frames = new Map<string, Promise<string | undefined>>();
    for (const client of clients) {
      if (!this.clients.has(client)) continue;
      if (client.res.writableLength > this.settings.maxBufferedBytes) {
        this.drop(client);
        continue;
      }
      let group: string;
      try {
        group = await this.options.groupOf(client.principal);
      } catch (err) {
        this.options.log.error({ error: (err as Error).name }, 'staff stream: snapshot failed');
        continue;
      }
      let frame = frames.get(group);
      if (!frame) {
        frame = this.frame(client.principal, version);
        frames.set(group, frame);
      }
      const text = await frame;
      if (text === undefined || !this.clients.has(client)) continue;
      client.res.write(text);
    }
  }

  private async frame(principal: Principal, version: number): Promise<string | undefined> {
    try {
      const snapshot = await this.options.snapshot(principal);
      const body = typeof snapshot === 'object' && snapshot !== null ? { ...snapshot, version } : snapshot;
      return `event: queue\ndata: ${JSON.stringify(body)}\n\n`;
    } catch (err) {
      this.options.log.error({ error: (err as Error).name }, 'staff stream: snapshot failed');
      return undefined;
    }
  }

  private drop(client: Client, farewell?: string): void {
    this.clients.delete(client);
    if (farewell && client.res.writableLength === 0) client.res.end(farewell);
    else client.res.destroy();
    if (this.clients.size === 0) this.stopTimers();
  }

  private startTimers(): void {
    if (this.poller) return;
    void this.checkForChange(false);
    this.poller = setInterval(() => void this.checkForChange(true), this.settings.pollMs);
    this.poller.unref();
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) {
        if (client.res.writableLength > this.settings.maxBufferedBytes) this.drop(client);
        else void this.keepAlive(client);
      }
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Polls the change token (one poll at a time); `notify` when it moved, or only remembers it. */
  private async checkForChange(notify: boolean): Promise<void> {
    if (this.polling) {
      // The check in progress may have read the token before this change: look once more after it.
      this.recheck ||= notify;
      return;
    }
    this.polling = true;
    try {
      const token = await this.options.changeToken();
      if (!notify) this.lastToken = token;
      else if (token !== this.lastToken) this.notify();
    } catch (err) {
      this.options.log.error({ error: (err as Error).name }, 'staff stream: change check failed');
    } finally {
      this.polling = false;
      if (this.recheck) {
        this.recheck = false;
        void this.checkForChange(true);
      }
    }
  }

  private async keepAlive(client: Client): Promise<void> {
    let valid: boolean;
    try {
      valid = await client.stillValid();
    } catch {
      valid = false;
    }
    if (!this.clients.has(client)) return;
    if (!valid) this.drop(client, 'event: session\ndata: {"state":"ended"}\n\n');
    else client.res.write(': keep-alive\n\n');
  }

  private stopTimers(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.poller = undefined;
    this.heartbeat = undefined;
  }
}
