import { Writable } from 'node:stream';
import { logDestination } from '../../../src/platform/log-destination';

function setup(behaviour: 'broken' | 'stalled') {
  const written: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      if (behaviour === 'broken') done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      else written.push(chunk.toString()); // never calls done: a reader that stopped reading
    },
  });
  return { destination: logDestination(stream), stream, written };
}

describe('logDestination', () => {
  test('when the reader went away (EPIPE), then logging stops without an error reaching the process, and flush calls back at once', async () => {
    const { destination, stream } = setup('broken');
    destination.write('{"msg":"one"}\n');
    await new Promise((r) => setImmediate(r));
    destination.write('{"msg":"two"}\n');
    expect(await new Promise((resolve) => destination.flush(() => resolve('flushed')))).toBe('flushed');
    expect(stream.destroyed).toBe(true);
  });

  test('when the reader stopped reading, then what waits for it stays bounded and later lines are dropped', () => {
    const { destination, stream } = setup('stalled');
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 20_000; i += 1) destination.write(line);
    expect(stream.writableLength).toBeLessThanOrEqual(8 * 1024 * 1024 + line.length);
  });
});
