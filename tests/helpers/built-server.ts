import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { closeWhenFileEnds } from './close-when-file-ends';
import { ensureBuilt } from './ensure-built';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

/** Only what a real deployment would set: no inherited FRONTDESK/MESSENGER variables. */
export function freeEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: os.tmpdir(), ...extra };
}

/**
 * A port for a spawned server (which cannot report a port 0 back): below Linux's ephemeral range
 * (32768 and up), where the OS hands out ports for outgoing connections and `listen(0)` servers.
 */
export function randomPort(): number {
  return 20000 + Math.floor(Math.random() * 12000);
}

/**
 * A cold start (model and lexicon read from disk, the router warmed) takes about a second on an idle
 * machine, but far longer on a 2-core CI machine running browser suites beside it.
 */
export async function waitForReady(url: string, child: ChildProcess, timeoutMs = 45_000, stderr = (): string => ''): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; its stderr ends: ${stderr().slice(-500)}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) throw new Error(`server did not become ready in ${timeoutMs} ms; its stderr ends: ${stderr().slice(-500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface BuiltServer {
  child: ChildProcess;
  url: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node dist/main.js` in `dir` with `env` as its whole environment, until /readyz answers.
 * Without PORT in `env`, a random port is picked. Its stdout is piped and left unread.
 */
export async function startBuilt(dir: string, env: Record<string, string>): Promise<BuiltServer> {
  ensureBuilt();
  const port = env.PORT ?? String(randomPort());
  const child = spawn(process.execPath, [MAIN], { cwd: dir, env: freeEnv({ PORT: port, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  // A server that never became ready, or outlived a failed test, is killed when the file ends.
  closeWhenFileEnds(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1';
  const server = { child, url: `http://${host}:${port}`, stderr: () => stderr, exited };
  await waitForReady(server.url, child, 45_000, server.stderr);
  return server;
}

/**
 * Runs `node dist/main.js` in `dir` with `env` as its whole environment, for a start-up that is
 * expected to fail, and resolves with its exit code and stderr. `user` runs it as that account
 * (through runuser, when the tests run as root).
 */
export async function runBuiltToExit(
  dir: string,
  env: Record<string, string>,
  options: { user?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stderr: string }> {
  ensureBuilt();
  const command = options.user ? ['runuser', '-u', options.user, '--', process.execPath, MAIN] : [process.execPath, MAIN];
  const [file = process.execPath, ...args] = command;
  const child = spawn(file, args, { cwd: dir, env: freeEnv({ PORT: String(randomPort()), ...env }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close' comes once stderr is read to its end, after 'exit'.
  const closed = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  const kill = closeWhenFileEnds(async () => {
    // runuser passes SIGTERM on to the server; a SIGKILL would end runuser alone.
    if (child.exitCode === null && child.signalCode === null) child.kill(options.user ? 'SIGTERM' : 'SIGKILL');
    await closed;
  });
  const timer = setTimeout(() => void kill(), options.timeoutMs ?? 45_000);
  const code = await closed;
  clearTimeout(timer);
  return { code, stderr };
}
