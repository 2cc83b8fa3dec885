/**
 * npm run bench -- cluster [--patients 100] [--messages 2] [--delay 150] [--kill-after 100] [--backlog 1000]
 *
 * Two Frontdesk instances (the built server) on one PostgreSQL database behind a small round-robin
 * balancer, the fake Graph answering after --delay ms. Patients write through the balancer (each
 * sends its next message once the last was acknowledged, and retries while nothing answers, as
 * Meta does); after --kill-after acknowledged messages one instance is killed with SIGKILL and
 * started again. Reports acknowledged messages lost, replies lost, out of order, duplicates,
 * answered patients per second, how long the killed instance's work took to come back, and the 911
 * reply time behind a backlog of --backlog messages. DATABASE_URL names an empty database to use;
 * without it a throwaway PostgreSQL server is started from Debian's binaries.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { readPostgresConfig } from '../../platform/postgres-config';
import { PostgresPool } from '../../store/postgres/postgres-pool';
import { PostgresBenchRepo } from './bench-repo';
import { signed } from './kill-bench';
import { compareDeliveries, countMissing, type Delivered, type DeliveryReport } from './delivery-check';
import { arg, frontdeskEnv, percentile, sleep, STAFF_TOKEN, startFrontdesk, startHelper, stop, tempDir, type Child } from './processes';
import { createDatabase, findPostgresBin, startCluster, stopCluster } from './throwaway-postgres';

const SCRIPT = [
  'what time do you open on saturday',
  'do you take aetna insurance',
  'where are you located',
  'how do I get my records',
  'thanks',
];

export interface ClusterRunOptions {
  patients: number;
  messagesPerPatient: number;
  delayMs: number;
  /** Kill one instance once this many messages were acknowledged. */
  killAfter: number;
  /** Ordinary messages queued before the emergency (0: no backlog phase). */
  backlog: number;
  databaseUrl: string;
  log?: (line: string) => void;
}

export interface ClusterReport {
  acknowledged: number;
  lostInbound: number;
  deliveries: DeliveryReport;
  /** Patients whose every message was answered, per second, from the first message to the last reply. */
  patientsPerSecond: number;
  /** From the kill until every message acknowledged before it was turned and every reply sent. */
  recoveredAfterMs: number;
  /** From the emergency's webhook to its 911 reply at the fake Graph, behind the backlog. */
  emergencyReplyMs: number | undefined;
  backlogPendingAtEmergency: number;
  /** From a clinical message's 200 by one instance to its item in the other instance's staff queue (median of 5). */
  crossInstanceQueueMs: number;
}

/**
 * A small balancer: each request goes to the next instance in turn; one that refuses the connection
 * is skipped (as a proxy's passive health check would), and 502 comes back only when none answers.
 */
async function startBalancer(backends: () => string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const urls = backends();
      const attempt = (tries: number): void => {
        if (tries >= urls.length) {
          res.writeHead(502).end();
          return;
        }
        const target = new URL(req.url ?? '/', urls[(next++ + tries) % urls.length]);
        const out = http.request(target, { method: req.method, headers: req.headers }, (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        });
        out.on('error', () => (res.headersSent ? res.destroy() : attempt(tries + 1)));
        out.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A clinical question posted to the first instance, until the second's staff API lists its item: the median of 5. */
async function timeToOtherQueue(instances: ReadonlyArray<Child | undefined>): Promise<number> {
  const [a, b] = instances;
  if (!a || !b) return NaN;
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const psid = `76${String(i).padStart(6, '0')}`;
    const m = signed(psid, `m_cross_${i}`, 'I have had a rash on my arm for three days, should I be worried?');
    const res = await fetch(`${a.url}/webhooks/messenger`, { method: 'POST', ...m });
    const acknowledgedAt = Date.now();
    if (res.status !== 200) continue;
    for (let tries = 0; tries < 2000; tries += 1) {
      const list = await fetch(`${b.url}/api/escalations?status=open`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
      const body = (await list.json()) as { items?: Array<{ patientName?: string | null; conversationId?: number; channel?: string }> };
      if ((body.items?.length ?? 0) > i) break;
      await sleep(10);
    }
    times.push(Date.now() - acknowledgedAt);
  }
  return percentile(times, 50);
}

/** The two-instance run: exported so the test suite runs it at small scale. */
export async function runCluster(options: ClusterRunOptions): Promise<ClusterReport> {
  const log = options.log ?? (() => undefined);
  const graph = await startHelper('fake-graph-process.ts', { FAKE_GRAPH_DELAY_MS: String(options.delayMs) });
  const received: Array<Delivered & { at: number }> = [];
  graph.proc.on('message', (m: { psid: string; text: string; at: number }) => received.push(m));
  const env = frontdeskEnv(graph.url, tempDir(), { DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn' });
  const instances: Array<Child | undefined> = [await startFrontdesk(env), await startFrontdesk(env)];
  const balancer = await startBalancer(() => instances.flatMap((i) => (i ? [i.url] : [])));
  const config = readPostgresConfig({ DATABASE_URL: options.databaseUrl });
  if (!config) throw new Error('DATABASE_URL is not a PostgreSQL URL');
  const pool = await PostgresPool.open(config);
  const repo = new PostgresBenchRepo(pool);
  try {
    const acknowledged = new Set<string>();
    const started = Date.now();
    let killedAt = 0;
    let restart: Promise<void> | undefined;
    const patient = async (n: number) => {
      const psid = `78${String(n).padStart(6, '0')}`;
      for (let i = 0; i < options.messagesPerPatient; i += 1) {
        const mid = `m_cluster_${psid}_${i}`;
        const message = signed(psid, mid, SCRIPT[(n + i) % SCRIPT.length] as string);
        for (;;) {
          try {
            const res = await fetch(`${balancer.url}/webhooks/messenger`, {
              method: 'POST',
              ...message,
              signal: AbortSignal.timeout(15_000),
            });
            if (res.status === 200) {
              acknowledged.add(mid);
              break;
            }
          } catch {
            // no answer: Meta would deliver again
          }
          await sleep(100);
        }
        if (killedAt === 0 && acknowledged.size >= options.killAfter) {
          killedAt = Date.now();
          const victim = instances[0];
          instances[0] = undefined;
          restart = (async () => {
            await stop(victim, 'SIGKILL');
            log(`killed one instance (SIGKILL) after ${acknowledged.size} acknowledged messages, ${received.length} replies received`);
            await sleep(1000);
            instances[0] = await startFrontdesk(env);
            log('started it again');
          })();
        }
        await sleep(100 + Math.random() * 200);
      }
    };
    await Promise.all(Array.from({ length: options.patients }, (_, n) => patient(n)));
    await restart;
    const until = Date.now() + 5 * 60_000;
    while ((await repo.countUnfinished()) > 0 && Date.now() < until) await sleep(100);
    const settledAt = Date.now();
    await sleep(500); // the fake Graph's reports of the last sends
    const lastReply = Math.max(...received.map((r) => r.at));
    const lostInbound = await countMissing(repo, acknowledged);
    const deliveries = await compareDeliveries(repo, received);

    const crossInstanceQueueMs = await timeToOtherQueue(instances);

    let emergencyReplyMs: number | undefined;
    let backlogPendingAtEmergency = 0;
    if (options.backlog > 0) {
      const before = received.length;
      await Promise.all(
        Array.from({ length: 20 }, async (_, worker) => {
          for (let i = worker; i < options.backlog; i += 20) {
            const m = signed(`79${String(i).padStart(6, '0')}`, `m_backlog_${i}`, 'what are your hours on saturday');
            await fetch(`${balancer.url}/webhooks/messenger`, { method: 'POST', ...m });
          }
        }),
      );
      const emergency = signed('79999999', 'm_backlog_emergency', 'my chest hurts really bad and my left arm is numb');
      const sentAt = Date.now();
      await fetch(`${balancer.url}/webhooks/messenger`, { method: 'POST', ...emergency });
      backlogPendingAtEmergency = options.backlog - new Set(received.slice(before).map((r) => r.psid)).size;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const reply = received.find((r) => r.psid === '79999999' && /911/.test(r.text));
        if (reply) {
          emergencyReplyMs = reply.at - sentAt;
          break;
        }
        if (Date.now() > deadline) break;
        await sleep(5);
      }
      const drained = Date.now() + 5 * 60_000;
      while ((await repo.countUnfinished()) > 0 && Date.now() < drained) await sleep(200);
    }
    return {
      acknowledged: acknowledged.size,
      lostInbound,
      deliveries,
      patientsPerSecond: options.patients / ((lastReply - started) / 1000),
      recoveredAfterMs: killedAt === 0 ? 0 : settledAt - killedAt,
      emergencyReplyMs,
      backlogPendingAtEmergency,
      crossInstanceQueueMs,
    };
  } finally {
    await pool.close();
    await balancer.close();
    await Promise.all(instances.map((i) => stop(i)));
    await stop(graph);
  }
}

export async function clusterBench(): Promise<void> {
  const patients = arg('patients', 100);
  const messagesPerPatient = arg('messages', 2);
  const delayMs = arg('delay', 150);
  const killAfter = arg('kill-after', Math.round((patients * messagesPerPatient) / 2));
  const backlog = arg('backlog', 1000);
  let cluster: { binDir: string; dir: string } | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const binDir = findPostgresBin();
    if (!binDir) throw new Error('set DATABASE_URL to an empty database, or install PostgreSQL (apt-get install -y postgresql)');
    const parent = tempDir();
    // The server runs as the postgres account (initdb refuses root): it must reach its folder.
    fs.chmodSync(parent, 0o711);
    const dir = path.join(parent, 'cluster');
    const server = await startCluster(binDir, dir);
    cluster = { binDir, dir };
    databaseUrl = (await createDatabase(server, 'frontdesk_bench')).url;
    process.stdout.write(`throwaway PostgreSQL on 127.0.0.1:${server.port} (fsync off)\n`);
  }
  try {
    const print = (line: string) => process.stdout.write(`${line}\n`);
    print(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; fake Graph ${delayMs} ms`);
    const r = await runCluster({ patients, messagesPerPatient, delayMs, killAfter, backlog, databaseUrl, log: print });
    const d = r.deliveries;
    const ok = r.lostInbound === 0 && d.lost === 0 && d.outOfOrder === 0 && d.maxDuplicatesPerPatient <= 1;
    print(
      `two instances on PostgreSQL, ${patients} patients x ${messagesPerPatient} messages through a round-robin balancer, one instance SIGKILLed after ${killAfter}:`,
    );
    print(`  acknowledged messages: ${r.acknowledged}, lost: ${r.lostInbound}`);
    print(`  replies written: ${d.written}, received by Graph: ${d.received}, lost: ${d.lost}, out of order: ${d.outOfOrder}`);
    print(
      `  duplicates: ${d.duplicates} (at most ${d.maxDuplicatesPerPatient} for one patient; allowed: the sends in flight at the kill, one per patient)`,
    );
    print(
      `  ${r.patientsPerSecond.toFixed(1)} patients answered/s; all work of the killed instance done ${(r.recoveredAfterMs / 1000).toFixed(1)} s after the kill`,
    );
    print(
      `  a clinical message acknowledged by one instance is in the other's staff queue after ${Math.round(r.crossInstanceQueueMs)} ms (median of 5)`,
    );
    if (backlog > 0) {
      print(
        `  emergency behind ${backlog} queued messages (${r.backlogPendingAtEmergency} unanswered when it arrived): 911 reply at Graph after ${r.emergencyReplyMs === undefined ? 'NEVER (30 s)' : `${r.emergencyReplyMs} ms`}`,
      );
    }
    print(ok ? '  PASS' : '  FAIL');
    if (!ok) process.exitCode = 1;
  } finally {
    if (cluster) await stopCluster(cluster.binDir, cluster.dir);
  }
}
