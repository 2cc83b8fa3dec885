import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const APP_SECRET = 'bench-app-secret-not-real';
export const STAFF_TOKEN = 'bench-staff-token-0123456789abcdef';

export interface Child {
  proc: ChildProcess;
  url: string;
}

/** Starts a TypeScript helper (tsx) that prints its URL on its first stdout line. */
export function startHelper(file: string, env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, file)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ proc, url: line.trim() });
    });
    proc.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** The environment Frontdesk runs with in the benchmarks, as an operator would set it. */
export function frontdeskEnv(graphUrl: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'frontdesk.db'),
    LOG_LEVEL: 'warn',
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_VERIFY_TOKEN: 'bench-verify-token',
    MESSENGER_PAGE_ACCESS_TOKEN: 'bench-page-token',
    GRAPH_API_BASE: graphUrl,
    STAFF_API_TOKEN: STAFF_TOKEN,
    ...extra,
  };
}

/** Starts the built server (`node dist/main.js`) configured only by its environment. */
export async function startFrontdesk(env: Record<string, string>): Promise<Child> {
  const main = path.join(ROOT, 'dist', 'main.js');
  if (!fs.existsSync(main)) throw new Error('dist/main.js is missing: run `npm run build` first');
  const proc = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (c: Buffer) => {
      out += c.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)"[^\n]*frontdesk listening/.exec(out);
      if (match?.[1]) {
        proc.stdout?.off('data', onData);
        proc.stdout?.resume(); // keep draining its logs
        resolve({ proc, url: match[1] });
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`frontdesk exited with ${code}: ${out.slice(-500)}`)));
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-bench-'));
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

export async function stop(child: Child | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.proc.once('exit', () => resolve());
    child.proc.kill(signal);
  });
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A numeric `--name N` option of the bench command line, or `fallback`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
