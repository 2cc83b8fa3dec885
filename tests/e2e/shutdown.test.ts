import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuilt, type BuiltServer } from '../helpers/built-server';

/** Enough log lines (each request's line names its long path) to fill the pipe to a reader that stopped reading. */
async function logLines(url: string, count = 150): Promise<void> {
  const longPath = `/not-a-page/${'x'.repeat(4000)}`;
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}${longPath}`).then((res) => res.arrayBuffer())));
  }
}

async function exitWithin(
  server: BuiltServer,
  ms: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  const outcome = await Promise.race([server.exited, late]);
  clearTimeout(timer);
  if (outcome === 'still running') server.child.kill('SIGKILL');
  return outcome;
}

async function setup(): Promise<BuiltServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-shutdown-'));
  const server = await startBuilt(dir, { DATABASE_PATH: path.join(dir, 'frontdesk.db') });
  server.child.stdout?.pause();
  return server;
}

describe('Shutdown when nobody reads the logs any more', () => {
  test('when the log reader stopped reading and then went away (its pipes closed), then SIGTERM still ends the server at once', async () => {
    const server = await setup();
    await logLines(server.url);
    server.child.stdout?.destroy();
    server.child.stderr?.destroy();
    await logLines(server.url, 10);

    server.child.kill('SIGTERM');

    expect(await exitWithin(server, 5_000)).toEqual({ code: 0, signal: null });
  }, 60_000);

  test('when the log reader stopped reading but keeps its pipe open, then SIGTERM ends the server within the flush deadline', async () => {
    const server = await setup();
    await logLines(server.url);

    server.child.kill('SIGTERM');

    expect(await exitWithin(server, 5_000)).toEqual({ code: 0, signal: null });
  }, 60_000);
});
