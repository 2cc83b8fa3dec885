import type { Request, Response } from 'express';
import type { Logger } from '../platform/logger';
import type { Principal } from './access';

interface Client {
  res: Response;
  principal: Principal;
  /** Still allowed to listen? (session not revoked, not idle-expired, user not disabled) */
  stillValid: () => boolean;
}

export interface QueueEventsOptions {
  /** The rows one principal may see, as the stream sends them. */
  snapshot: (principal: Principal) => unknown;
  /**
   * Listeners in the same group see the same rows (their current role): one snapshot per group and
   * change, shared by all of them.
   */
  groupOf: (principal: Principal) => string;
  /** Cheap value that changes whenever the queue or a thread changes (polled while anyone listens). */
  changeToken: () => string;
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

  constructor(private readonly options: QueueEventsOptions) {
    this.settings = {
      pollMs: options.pollMs ?? DEFAULTS.pollMs,
      heartbeatMs: options.heartbeatMs ?? DEFAULTS.heartbeatMs,
      coalesceMs: options.coalesceMs ?? DEFAULTS.coalesceMs,
      maxStreamsPerAccount: options.maxStreamsPerAccount ?? DEFAULTS.maxStreamsPerAccount,
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes,
    };
  }

  subscribe(req: Request, res: Response, principal: Principal, stillValid: () => boolean): void {
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

  /** Something changed: every listener gets fresh rows shortly (changes in a burst are sent once). */
  notify(): void {
    if (this.clients.size === 0 || this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastToken = this.options.changeToken();
      this.version += 1;
      this.broadcast([...this.clients]);
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
    const frames = new Map<string, string | undefined>();
    for (const client of clients) {
      if (!this.clients.has(client)) continue;
      if (client.res.writableLength > this.settings.maxBufferedBytes) {
        this.drop(client);
        continue;
      }
      const group = this.options.groupOf(client.principal);
      let frame = frames.get(group);
      if (!frames.has(group)) {
        frame = this.frame(client.principal);
        frames.set(group, frame);
      }
      if (frame === undefined) continue;
      client.res.write(frame);
    }
  }

  private frame(principal: Principal): string | undefined {
    try {
      const snapshot = this.options.snapshot(principal);
      const body = typeof snapshot === 'object' && snapshot !== null ? { ...snapshot, version: this.version } : snapshot;
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
    this.lastToken = this.options.changeToken();
    this.poller = setInterval(() => {
      const token = this.options.changeToken();
      if (token !== this.lastToken) this.notify();
    }, this.settings.pollMs);
    this.poller.unref();
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) {
        if (client.res.writableLength > this.settings.maxBufferedBytes) this.drop(client);
        else if (!client.stillValid()) this.drop(client, 'event: session\ndata: {"state":"ended"}\n\n');
        else client.res.write(': keep-alive\n\n');
      }
    }, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopTimers(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.poller = undefined;
    this.heartbeat = undefined;
  }
}
