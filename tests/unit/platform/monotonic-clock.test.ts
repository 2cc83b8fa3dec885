import { MonotonicClock } from '../../../src/platform/monotonic-clock';
import { createLogger } from '../../../src/platform/logger';
import { Writable } from 'node:stream';

function setup() {
  let wall = Date.parse('2026-11-03T15:00:00Z');
  let mono = 1000;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const clock = new MonotonicClock({ wall: () => wall, monotonic: () => mono, log: createLogger('info', sink) });
  return {
    clock,
    lines,
    pass(ms: number) {
      wall += ms;
      mono += ms;
    },
    step(ms: number) {
      wall += ms;
    },
  };
}

describe('MonotonicClock', () => {
  it('when the wall clock steps back an hour, then the time goes on from where it was and the step is logged once', async () => {
    const t = setup();
    const start = t.clock.now();
    t.pass(2000);
    t.step(-3_600_000);
    expect(t.clock.now()).toBe(start + 2000);
    t.pass(500);
    expect(t.clock.now()).toBe(start + 2500);
    await new Promise((r) => setImmediate(r));
    const steps = t.lines.filter((l) => l.includes('system clock stepped back'));
    expect(steps).toHaveLength(1);
    expect(JSON.parse(steps[0] as string)).toMatchObject({ steppedSeconds: -3600 });
    expect(t.clock.offsetMs).toBe(-3_600_000);
  });

  it('when the wall clock steps forward, then no wait is cut short, and drift below a second is not a step', async () => {
    const t = setup();
    const start = t.clock.now();
    t.step(400);
    t.clock.now();
    t.step(3_600_000);
    t.pass(100);
    expect(t.clock.now()).toBe(start + 100);
    await new Promise((r) => setImmediate(r));
    expect(t.lines.filter((l) => l.includes('stepped'))).toHaveLength(1);
    expect(t.lines.join('\n')).toContain('stepped forward');
  });
});
