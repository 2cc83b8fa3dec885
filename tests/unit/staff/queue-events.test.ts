import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import pino from 'pino';
import { QueueEvents } from '../../../src/escalation/queue-events';
import type { Principal } from '../../../src/escalation/access';

/** A stream response whose reader may stop reading: writes then pile up in its buffer. */
class Listener extends Writable {
  reading = true;
  received = '';
  ended = false;
  destroyedByServer = false;
  private stalled: Array<() => void> = [];
  constructor() {
    super({ highWaterMark: 16 * 1024 });
    this.on('finish', () => (this.ended = true));
  }
  writeHead(): this {
    return this;
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    if (!this.reading) {
      this.stalled.push(done);
      return;
    }
    this.received += chunk.toString('utf8');
    done();
  }
  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.destroyedByServer = true;
    for (const done of this.stalled) done();
    cb(err);
  }
  frames(): number {
    return this.received.split('event: queue').length - 1;
  }
}

function principal(actor: string, role: Principal['role']): Principal {
  return { kind: 'user', actor, userId: null, role, name: actor, via: 'session' } as unknown as Principal;
}

function setup(options: { maxBufferedBytes?: number } = {}) {
  let computed = 0;
  const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, text: 'x'.repeat(200) }));
  const events = new QueueEvents({
    snapshot: async () => {
      computed += 1;
      return { items: rows };
    },
    groupOf: async (p) => p.role,
    changeToken: async () => 'same',
    log: pino({ level: 'silent' }),
    coalesceMs: 1,
    ...options,
  });
  const listen = (p: Principal): Listener => {
    const res = new Listener();
    events.subscribe(new EventEmitter() as unknown as Request, res as unknown as Response, p, async () => true);
    return res;
  };
  return { events, listen, computed: () => computed };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('Live queue fan-out', () => {
  test('when 200 listeners in two roles wait for a change, then the snapshot is computed once per role and every listener gets it', async () => {
    const s = setup();
    const listeners = Array.from({ length: 200 }, (_, i) => s.listen(principal(`user:${i}`, i % 2 === 0 ? 'clinician' : 'agent')));
    await tick();
    const before = s.computed();
    s.events.notify();
    await tick(20);
    expect(s.computed() - before).toBe(2);
    expect(listeners.every((l) => l.frames() === 2)).toBe(true);
    s.events.stop();
  });

  test('when changes come in a burst, then listeners get one snapshot for the burst', async () => {
    const s = setup();
    const listener = s.listen(principal('user:1', 'clinician'));
    for (let i = 0; i < 50; i += 1) s.events.notify();
    await tick(20);
    expect(listener.frames()).toBe(2); // the first on connect, one for the burst
    s.events.stop();
  });

  test('when a listener stops reading, then it is dropped once its buffer passes the bound and the others keep receiving', async () => {
    const s = setup({ maxBufferedBytes: 200_000 });
    const stalled = s.listen(principal('user:1', 'clinician'));
    const healthy = s.listen(principal('user:2', 'clinician'));
    stalled.reading = false;
    for (let i = 0; i < 20 && !stalled.destroyedByServer; i += 1) {
      s.events.notify();
      await tick(5);
    }
    expect(stalled.destroyedByServer).toBe(true);
    expect(s.events.listeners).toBe(1);
    expect(healthy.frames()).toBeGreaterThan(3);
    s.events.stop();
  });

  test('when one account opens more streams than allowed, then its oldest are closed', async () => {
    const s = setup();
    const streams = Array.from({ length: 7 }, () => s.listen(principal('user:9', 'clinician')));
    expect(s.events.listeners).toBe(5);
    await tick();
    expect(streams.slice(0, 2).every((l) => l.ended || l.destroyedByServer)).toBe(true);
    expect(streams.slice(2).every((l) => !l.ended && !l.destroyedByServer)).toBe(true);
    s.events.stop();
  });
});
