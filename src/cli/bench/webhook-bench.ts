/**
 * npm run bench -- webhook [--rate 100] [--seconds 10] [--listeners 200] [--backlog 1000] [--delay 150]
 *
 * A bare express server that only checks the signature, and Frontdesk started from its built
 * entry point through its environment, measured in the same run with autocannon against a fake
 * Graph that answers after --delay ms: a fixed offered rate (with staff listeners on the live
 * queue), flat out, and an emergency behind a backlog of ordinary messages. With DATABASE_URL
 * set (an empty database), Frontdesk runs on PostgreSQL instead of a fresh SQLite file.
 */
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  arg,
  APP_SECRET,
  ROOT,
  frontdeskEnv,
  percentile,
  rssMb,
  sleep,
  startFrontdesk,
  startHelper,
  stop,
  tempDir,
  type Child,
} from './processes';
import { webhookBody, type Load, type LoadOptions } from './webhook-load';

const ADMIN = { email: 'bench-admin@bench.invalid', password: 'bench admin password not for real use 42' };

/** Adds an admin account with the staff CLI, as an operator would, before the server starts. */
function addAdmin(env: Record<string, string>, email: string, password: string): void {
  const out = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/staff.ts'), 'add', '--email', email, '--role', 'admin'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      input: `${password}\n`,
      encoding: 'utf8',
    },
  );
  if (out.status !== 0) throw new Error(`staff add failed: ${out.stderr}`);
}

/**
 * Runs autocannon in a process of its own, so its clock is not slowed by this process collecting
 * the fake Graph's reports; each new patient's send time comes back in `sentAt`.
 */
function load(url: string, opts: LoadOptions, sentAt?: Map<string, number>): Promise<Load> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'load-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, LOAD_URL: url, LOAD_OPTIONS: JSON.stringify(opts) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', (m: { result: Load; sentAt: Array<[string, number]> }) => {
      for (const [psid, at] of m.sentAt) sentAt?.set(psid, at);
      resolve(m.result);
    });
    proc.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
  });
}

interface Replies {
  first: Map<string, number>;
  emergencyAt: number | undefined;
}

function listenReplies(graph: Child): Replies {
  const replies: Replies = { first: new Map(), emergencyAt: undefined };
  graph.proc.on('message', (m: { psid: string; text: string; at: number }) => {
    if (!replies.first.has(m.psid)) replies.first.set(m.psid, m.at);
    if (replies.emergencyAt === undefined && /Call 911 now/.test(m.text)) replies.emergencyAt = m.at;
  });
  return replies;
}

async function waitAnswered(sentAt: Map<string, number>, replies: Replies, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && [...sentAt.keys()].some((p) => !replies.first.has(p))) await sleep(200);
}

function latencies(sentAt: Map<string, number>, replies: Replies): { answered: number; p50: number; p99: number; lastAt: number } {
  const values: number[] = [];
  let lastAt = 0;
  for (const [psid, at] of sentAt) {
    const reply = replies.first.get(psid);
    if (reply === undefined) continue;
    values.push(reply - at);
    lastAt = Math.max(lastAt, reply);
  }
  return { answered: values.length, p50: percentile(values, 50), p99: percentile(values, 99), lastAt };
}

const ms = (v: number) => `${Math.round(v)} ms`;

export async function webhookBench(): Promise<void> {
  const rate = arg('rate', 100);
  const seconds = arg('seconds', 10);
  const listeners = arg('listeners', 200);
  const backlog = arg('backlog', 1000);
  const delay = arg('delay', 150);
  const concurrency = arg('outbox-concurrency', 64);
  const lines: string[] = [
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}; fake Graph ${delay} ms; OUTBOX_CONCURRENCY=${concurrency}`,
  ];
  const print = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  process.stdout.write(`${lines[0]}\n`);

  let graph: Child | undefined;
  let bare: Child | undefined;
  let fd: Child | undefined;
  try {
    graph = await startHelper('fake-graph-process.ts', { FAKE_GRAPH_DELAY_MS: String(delay) });
    const replies = listenReplies(graph);

    bare = await startHelper('bare-webhook-process.ts', { MESSENGER_APP_SECRET: APP_SECRET });
    const bareFlat = await load(bare.url, { seconds, connections: 50 });
    print(
      `bare express + signature, flat out: ${Math.round(bareFlat.requests.average)} req/s, ack p50 ${bareFlat.latency.p50} ms p99 ${bareFlat.latency.p99} ms, non-2xx ${bareFlat.non2xx}`,
    );
    await stop(bare);

    // 1. Fixed offered rate, with staff listeners on the live queue.
    const databaseUrl = process.env.DATABASE_URL;
    const env = frontdeskEnv(graph.url, tempDir(), {
      OUTBOX_CONCURRENCY: String(concurrency),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, ...(process.env.PGPOOL_MAX ? { PGPOOL_MAX: process.env.PGPOOL_MAX } : {}) } : {}),
    });
    print(`store: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (a fresh file)'}`);
    addAdmin(env, ADMIN.email, ADMIN.password);
    fd = await startFrontdesk(env);
    // The consoles run in their own process, as browsers would, not in the load generator's.
    const consoles = await startHelper('listeners-process.ts', {
      FRONTDESK_URL: fd.url,
      LISTENER_COUNT: String(listeners),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const streamsOpen = Number(consoles.url.split(' ')[1] ?? 0);
    await sleep(500);
    const fixedSent = new Map<string, number>();
    let peakRss = rssMb(fd.proc.pid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(fd?.proc.pid))), 250);
    const fixed = await load(fd.url, { seconds, rate, connections: 20 }, fixedSent);
    await waitAnswered(fixedSent, replies, 60_000);
    const f = latencies(fixedSent, replies);
    print(
      `frontdesk, ${rate} new patients/s offered for ${seconds} s, ${streamsOpen} live-queue listeners: ${fixed.requestsSent} sent, ${f.answered} answered, ` +
        `reply latency p50 ${ms(f.p50)} p99 ${ms(f.p99)}; ack p50 ${fixed.latency.p50} ms p99 ${fixed.latency.p99} ms; non-2xx ${fixed.non2xx}, errors ${fixed.errors}`,
    );
    await stop(consoles);

    // 2. Flat out.
    const flatSent = new Map<string, number>();
    const flatStart = Date.now();
    const flat = await load(fd.url, { seconds, connections: 50 }, flatSent);
    await waitAnswered(flatSent, replies, 120_000);
    const fl = latencies(flatSent, replies);
    const answeredPerSecond = fl.answered / ((fl.lastAt - flatStart) / 1000);
    print(
      `frontdesk, flat out for ${seconds} s: ingest ${Math.round(flat.requests.average)} req/s (bare: ${Math.round(bareFlat.requests.average)}), ack p50 ${flat.latency.p50} ms p99 ${flat.latency.p99} ms, non-2xx ${flat.non2xx}; ` +
        `${fl.answered}/${flatSent.size} answered, ${Math.round(answeredPerSecond)} patients answered/s end to end, reply latency p50 ${ms(fl.p50)} p99 ${ms(fl.p99)}`,
    );

    // 3. An emergency behind a backlog of ordinary messages.
    const backlogSent = new Map<string, number>();
    await load(fd.url, { seconds: 60, connections: 50, amount: backlog }, backlogSent);
    const emergency = webhookBody('my chest hurts really bad and my left arm is numb');
    const emergencySentAt = Date.now();
    replies.emergencyAt = undefined;
    const res = await fetch(`${fd.url}/webhooks/messenger`, { method: 'POST', headers: emergency.headers, body: emergency.body });
    const pendingWhenSent = [...backlogSent.keys()].filter((p) => !replies.first.has(p)).length;
    const until = Date.now() + 30_000;
    while (replies.emergencyAt === undefined && Date.now() < until) await sleep(5);
    print(
      `emergency behind a backlog of ${backlog} ordinary messages (${pendingWhenSent} still unanswered when it arrived): webhook ${res.status}, 911 reply reached Graph after ` +
        `${replies.emergencyAt === undefined ? 'NEVER (30 s)' : ms(replies.emergencyAt - emergencySentAt)}`,
    );
    await waitAnswered(backlogSent, replies, 120_000);
    clearInterval(sampler);
    print(`frontdesk RSS: peak ${peakRss} MB, after the run ${rssMb(fd.proc.pid)} MB`);
  } finally {
    await stop(fd);
    await stop(bare);
    await stop(graph);
  }
}
