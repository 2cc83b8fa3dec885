/**
 * npm run bench -- lock [--seconds 10] [--patients 40] [--delay 150]
 * npm run bench -- disk-full [--seconds 10] [--patients 40] [--delay 150]
 *
 * Starts the built server, keeps patients writing (each sends its next message once the last one
 * was acknowledged, and delivers again after a 503 or a reset, as Meta does), then for `--seconds`
 * either holds the database's write lock from another process (`lock`) or fills the disk under the
 * database (`disk-full`: a small tmpfs, so it needs the right to mount one). Reports how /healthz
 * answered meanwhile, what the webhooks answered, and afterwards: every acknowledged message
 * answered, no reply lost, none out of order, the server never gone.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkDeliveries, missingAcknowledged } from './delivery-check';
import { startGraph, waitUntilFinished, writePatients } from './kill-bench';
import { arg, frontdeskEnv, percentile, sleep, startFrontdesk, stop, tempDir, type Child } from './processes';

const SCRIPT = ['what time do you open on saturday', 'do you take aetna insurance', 'where are you located', 'thanks'];

interface Fault {
  name: string;
  begin(): void;
  end(): void;
}

/** Another process holding SQLite's write lock (BEGIN IMMEDIATE) on the server's database. */
function lockFault(dbPath: string): Fault {
  let other: Database.Database | undefined;
  return {
    name: 'an external write lock',
    begin() {
      other = new Database(dbPath);
      other.exec('BEGIN IMMEDIATE');
    },
    end() {
      other?.exec('ROLLBACK');
      other?.close();
    },
  };
}

/** Writes `file` until the file system under it has no space left (the last bytes too). */
export function fillDisk(file: string): void {
  const fd = fs.openSync(file, 'a');
  try {
    for (const size of [1 << 20, 64 << 10, 512]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A tmpfs under the database whose space a filler file uses up. */
function diskFault(dir: string): Fault {
  const filler = path.join(dir, 'filler');
  return {
    name: 'a full disk',
    begin: () => fillDisk(filler),
    end() {
      fs.rmSync(filler, { force: true });
    },
  };
}

export async function faultBench(kind: 'lock' | 'disk-full'): Promise<void> {
  const seconds = arg('seconds', 10);
  const patients = arg('patients', 40);
  const delay = arg('delay', 150);
  const dir = tempDir();
  if (kind === 'disk-full') {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { stdio: 'pipe' });
    } catch {
      throw new Error('disk-full needs to mount a small tmpfs (run as root, or where mounting is allowed)');
    }
  }
  const dbPath = path.join(dir, 'frontdesk.db');
  const { graph, received } = await startGraph(delay);
  const env = frontdeskEnv(graph.url, dir);
  const server: Child = await startFrontdesk(env);
  let exited = false;
  server.proc.once('exit', () => (exited = true));
  const acknowledged = new Set<string>();
  const answers = { ok: 0, refused: 0, other: 0, resets: 0 };
  const ackMs: number[] = [];
  let writing = true;

  const writers = writePatients(patients, '78', {
    midPrefix: 'm_fault',
    script: SCRIPT,
    url: () => server.url,
    writing: () => writing,
    acknowledged,
    retryMs: 250,
    onAnswer(status, ms) {
      ackMs.push(ms);
      if (status === 200) answers.ok += 1;
      else if (status === 503) answers.refused += 1;
      else if (status === undefined) answers.resets += 1;
      else answers.other += 1;
    },
  });

  const probe = async (forMs: number): Promise<{ times: number[]; failures: number }> => {
    const times: number[] = [];
    let failures = 0;
    const until = performance.now() + forMs;
    while (performance.now() < until) {
      const started = performance.now();
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        if (res.status !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      times.push(performance.now() - started);
      await sleep(100);
    }
    return { times, failures };
  };
  // The same load without the fault, for comparison.
  const baseline = (await probe(3000)).times;
  const fault = kind === 'lock' ? lockFault(dbPath) : diskFault(dir);
  const before = { ...answers };
  const acksBefore = ackMs.length;
  fault.begin();
  const { times: health, failures: healthFailures } = await probe(seconds * 1000);
  const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string; databaseProblem?: string };
  fault.end();
  const during = { ok: answers.ok - before.ok, refused: answers.refused - before.refused, other: answers.other - before.other };
  const duringResets = answers.resets - before.resets;
  const ackDuring = ackMs.slice(acksBefore);
  await sleep(3000);
  writing = false;
  await Promise.all(writers);

  await waitUntilFinished(dbPath, 3 * 60_000);
  const alive = !exited;
  await stop(server);
  await stop(graph);

  const lostInbound = await missingAcknowledged(dbPath, acknowledged);
  const report = await checkDeliveries(dbPath, received);
  if (kind === 'disk-full') execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  fs.rmSync(dir, { recursive: true, force: true });
  const ok =
    alive &&
    healthFailures === 0 &&
    percentile(health, 100) < 1000 &&
    lostInbound === 0 &&
    report.lost === 0 &&
    report.outOfOrder === 0 &&
    answers.other === 0;
  process.stdout.write(
    [
      `${fault.name} for ${seconds} s, ${patients} patients writing, fake Graph ${delay} ms:`,
      `  server alive throughout: ${alive ? 'yes' : 'NO'}`,
      `  /healthz before the fault (same load): p50 ${percentile(baseline, 50).toFixed(1)} ms, p99 ${percentile(baseline, 99).toFixed(1)} ms, max ${percentile(baseline, 100).toFixed(1)} ms`,
      `  /healthz during the fault: ${health.length} probes, ${healthFailures} failed, p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, max ${percentile(health, 100).toFixed(1)} ms`,
      `  /readyz at the end of the fault: ${ready.status}${ready.databaseProblem ? ` (${ready.databaseProblem})` : ''}`,
      `  webhooks during the fault: ${during.ok} answered 200, ${during.refused} answered 503, ${during.other} other, ${duringResets} resets`,
      `  webhook answer time before the fault: p50 ${percentile(ackMs.slice(0, acksBefore), 50).toFixed(0)} ms, max ${percentile(ackMs.slice(0, acksBefore), 100).toFixed(0)} ms; during it: p50 ${percentile(ackDuring, 50).toFixed(0)} ms, max ${percentile(ackDuring, 100).toFixed(0)} ms`,
      `  acknowledged messages: ${acknowledged.size}, lost: ${lostInbound}`,
      `  replies written: ${report.written}, received by Graph: ${report.received}, lost: ${report.lost}, out of order: ${report.outOfOrder}, duplicates: ${report.duplicates}`,
      ok ? '  PASS' : '  FAIL',
    ].join('\n') + '\n',
  );
  if (!ok) process.exitCode = 1;
}
