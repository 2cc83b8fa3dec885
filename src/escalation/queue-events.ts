import type { Request, Response } from 'express';
import type { Logger } from '../platform/logger';
import type { Principal } from '../staff/identity/principal';

interface Client {
  res: Response;
  principal: Principal;
  /** Still allowed to listen? (session not revoked, not idle-expired, user not disabled) */
  stillValid: () => boolean;
}

export interface QueueEventsOptions {
  /** The rows one principal may see, as the stream sends them. */
  snapshot: (principal: Principal) => unknown;
  /** Cheap value that changes whenever the queue or a thread changes (polled while anyone listens). */
  changeToken: () => string;
  log: Logger;
  pollMs?: number;
  heartbeatMs?: number;
}

/**
 * The live queue: server-sent events. Each listener gets its own role-filtered snapshot when
 * anything changes: at once after a staff action (`notify()`), and within `pollMs` when the bot or
 * the outbox changed the store (it polls a change token only while someone listens).
 */
export class QueueEvents {
  private readonly clients = new Set<Client>();
  private poller: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastToken = '';
  private stopped = false;

  constructor(private readonly options: QueueEventsOptions) {}

  subscribe(req: Request, res: Response, principal: Principal, stillValid: () => boolean): void {
    if (this.stopped) {
      res.status(503).end();
      return;
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
    this.send(client);
    req.on('close', () => {
      this.clients.delete(client);
      if (this.clients.size === 0) this.stopTimers();
    });
    this.startTimers();
  }

  /** Push fresh snapshots to every listener now. */
  notify(): void {
    if (this.clients.size === 0) return;
    this.lastToken = this.options.changeToken();
    for (const client of this.clients) this.send(client);
  }

  /** Ends every stream (server shutdown: an open stream would otherwise hold the server open). */
  stop(): void {
    this.stopped = true;
    this.stopTimers();
    for (const client of this.clients) client.res.end();
    this.clients.clear();
  }

  get listeners(): number {
    return this.clients.size;
  }

  private send(client: Client): void {
    try {
      const data = JSON.stringify(this.options.snapshot(client.principal));
      client.res.write(`event: queue\ndata: ${data}\n\n`);
    } catch (err) {
      this.options.log.error({ error: (err as Error).name }, 'staff stream: snapshot failed');
    }
  }

  private startTimers(): void {
    if (this.poller) return;
    this.lastToken = this.options.changeToken();
    this.poller = setInterval(() => {
      const token = this.options.changeToken();
      if (token !== this.lastToken) this.notify();
    }, this.options.pollMs ?? 1000);
    this.poller.unref();
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) {
        if (!client.stillValid()) {
          client.res.write('event: session\ndata: {"state":"ended"}\n\n');
          client.res.end();
          this.clients.delete(client);
        } else {
          client.res.write(': keep-alive\n\n');
        }
      }
      if (this.clients.size === 0) this.stopTimers();
    }, this.options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  private stopTimers(): void {
    if (this.poller) clearInterval(this.poller);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.poller = undefined;
    this.heartbeat = undefined;
  }
}
