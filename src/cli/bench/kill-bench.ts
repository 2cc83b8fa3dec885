/**
 * npm run bench -- kill [--kills 10] [--patients 40] [--delay 150]
 *
 * Starts the built server, keeps patients writing (each sends its next message once the last one
 * was acknowledged, and retries while the server is down, as Meta does), kills the server with
 * SIGKILL at a random moment, restarts it on the same database, `--kills` times; then lets it
 * finish and checks: no acknowledged message lost, no reply lost, none out of order, at most one
 * duplicate per kill.
 */
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { SqliteBenchRepo } from './bench-repo';
import { checkDeliveries, missingAcknowledged, type Delivered } from './delivery-check';
import { arg, APP_SECRET, frontdeskEnv, sleep, startFrontdesk, startHelper, stop, tempDir, type Child } from './processes';

const SCRIPT = [
  'hi',
  'what time do you open on saturday',
  'do you take aetna insurance',
  'where are you located',
  'how do I get my records',
  'thanks',
];

/** A signed Messenger delivery of one text message. */
export function signed(psid: string, mid: string, text: string): { body: string; headers: Record<string, string> } {
  const now = Date.now();
  const body = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: '100000000000001',
        time: now,
        messaging: [{ sender: { id: psid }, recipient: { id: '100000000000001' }, timestamp: now, message: { mid, text } }],
      },
    ],
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
    },
  };
}

export interface PatientWriterOptions {
  psid: string;
  /** Event ids are `${midPrefix}_${psid}_${n}`. */
  midPrefix: string;
  /** What the patient writes, in turn, round and round. */
  script: readonly string[];
  /** The server's URL; undefined while it is down. */
  url(): string | undefined;
  /** False once the run ends: the patient stops (a message not yet acknowledged is given up). */
  writing(): boolean;
  acknowledged: Set<string>;
  /** Wait before delivering again after a refusal or a reset. */
  retryMs: number;
  /** Told of each answer (its status; undefined for a reset or no server) and how long it took. */
  onAnswer?(status: number | undefined, ms: number): void;
}

/**
 * One patient as Meta delivers them: each message is delivered until it is answered 200 (again
 * after a 5xx, a reset or while the server is down), and the next is written a moment after.
 */
export async function writePatient(options: PatientWriterOptions): Promise<void> {
  const { psid, script } = options;
  for (let i = 0; options.writing(); i += 1) {
    const mid = `${options.midPrefix}_${psid}_${i}`;
    const message = signed(psid, mid, script[i % script.length] as string);
    for (;;) {
      const url = options.url();
      const started = performance.now();
      let status: number | undefined;
      try {
        if (url) {
          const res = await fetch(`${url}/webhooks/messenger`, { method: 'POST', ...message, signal: AbortSignal.timeout(15_000) });
          await res.arrayBuffer();
          status = res.status;
        }
      } catch {
        // down or killed mid-request: Meta would deliver again
      }
      options.onAnswer?.(status, performance.now() - started);
      if (status === 200) {
        options.acknowledged.add(mid);
        break;
      }
      if (!options.writing()) return;
      await sleep(options.retryMs);
    }
    await sleep(200 + Math.random() * 300);
  }
}

/** `count` patients writing (psids `${psidPrefix}000000`, `…001`, …), each as `writePatient`. */
export function writePatients(count: number, psidPrefix: string, options: Omit<PatientWriterOptions, 'psid'>): Array<Promise<void>> {
  return Array.from({ length: count }, (_, n) => writePatient({ ...options, psid: `${psidPrefix}${String(n).padStart(6, '0')}` }));
}

/** Waits (at most `timeoutMs`) until the server's inbox and outbox hold nothing unfinished. */
export async function waitUntilFinished(dbPath: string, timeoutMs: number): Promise<void> {
  const db = new Database(dbPath, { readonly: true });
  const repo = new SqliteBenchRepo(db);
  const until = Date.now() + timeoutMs;
  while ((await repo.countUnfinished()) > 0 && Date.now() < until) await sleep(250);
  await sleep(500); // the fake Graph's reports of the last sends
  db.close();
}

/** The fake Graph in its own process, answering after `delayMs`, and what it received. */
export async function startGraph(delayMs: number): Promise<{ graph: Child; received: Delivered[] }> {
  const graph = await startHelper('fake-graph-process.ts', { FAKE_GRAPH_DELAY_MS: String(delayMs) });
  const received: Delivered[] = [];
  graph.proc.on('message', (m: { psid: string; text: string }) => received.push({ psid: m.psid, text: m.text }));
  return { graph, received };
}

export async function killBench(): Promise<void> {
  const kills = arg('kills', 10);
  const patients = arg('patients', 40);
  const delay = arg('delay', 150);
  const dir = tempDir();
  const { graph, received } = await startGraph(delay);
  const env = frontdeskEnv(graph.url, dir);
  let server: Child | undefined = await startFrontdesk(env);
  const acknowledged = new Set<string>();
  let writing = true;

  const writers = writePatients(patients, '77', {
    midPrefix: 'm_kill',
    script: SCRIPT,
    url: () => server?.url,
    writing: () => writing,
    acknowledged,
    retryMs: 100,
  });

  for (let k = 1; k <= kills; k += 1) {
    await sleep(2000 + Math.random() * 3000);
    const victim = server;
    server = undefined;
    await stop(victim, 'SIGKILL');
    process.stdout.write(`kill ${k}: ${acknowledged.size} messages acknowledged so far, ${received.length} replies received\n`);
    server = await startFrontdesk(env);
  }
  writing = false;
  await Promise.all(writers);
  // Let the last server finish everything, then stop it cleanly.
  const dbPath = path.join(dir, 'frontdesk.db');
  await waitUntilFinished(dbPath, 5 * 60_000);
  await stop(server);
  await stop(graph);

  const lostInbound = await missingAcknowledged(dbPath, acknowledged);
  const report = await checkDeliveries(dbPath, received);
  const ok = lostInbound === 0 && report.lost === 0 && report.outOfOrder === 0 && report.maxDuplicatesPerPatient <= kills;
  process.stdout.write(
    [
      `kill -9 under load, ${kills} times, ${patients} patients writing, fake Graph ${delay} ms:`,
      `  acknowledged messages: ${acknowledged.size}, lost: ${lostInbound}`,
      `  replies written: ${report.written}, received by Graph: ${report.received}, lost: ${report.lost}, out of order: ${report.outOfOrder}`,
      `  duplicates: ${report.duplicates} in all (${(report.duplicates / kills).toFixed(1)} per kill: the sends in flight, up to OUTBOX_CONCURRENCY), at most ${report.maxDuplicatesPerPatient} for one patient (allowed: one per kill)`,
      ok ? '  PASS' : '  FAIL',
    ].join('\n') + '\n',
  );
  if (!ok) process.exitCode = 1;
}
