/**
 * npm run bench                 the classifier (below)
 * npm run bench -- webhook      the pipeline under load (bench/webhook-bench.ts)
 * npm run bench -- kill         kill -9 under load, 10 times (bench/kill-bench.ts)
 * npm run bench -- outage       Graph down for 5 minutes, then healthy (bench/outage-bench.ts)
 * npm run bench -- lock         an external write lock for 10 s under load (bench/fault-bench.ts)
 * npm run bench -- disk-full    the disk full for 10 s under load, on a tmpfs (bench/fault-bench.ts)
 * npm run bench -- cluster      two instances on PostgreSQL, one killed with SIGKILL (bench/cluster-bench.ts)
 * npm run bench -- retrain      the event loop while the model retrains with 1, 30, 300 examples (bench/retrain-bench.ts)
 *
 * Model-ready time at start (cold training, then loading the cache) and routing throughput
 * on one core, over the project's held-out messages and the intents' own examples.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEvalRows } from '../triage/eval-rows';
import { loadIntentDefinitions } from '../triage/intent-data';
import { MODEL_KINDS, type ModelKind } from '../triage/intent-model';
import { loadHealthLexicon, readOrDeriveHealthLexicon } from '../triage/lexicon/load-health-lexicon';
import { DEFAULT_MODEL_KIND, loadRouter } from '../triage/load-router';

const HELDOUT = path.resolve(__dirname, '../../tests/fixtures/triage/heldout.jsonl');

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function main(): void {
  const arg = process.argv.indexOf('--model');
  const kind = (arg >= 0 ? process.argv[arg + 1] : DEFAULT_MODEL_KIND) as ModelKind;
  if (!MODEL_KINDS.includes(kind)) throw new Error(`--model must be one of ${MODEL_KINDS.join(', ')}`);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'frontdesk-bench-'));
  try {
    // The WordNet lexicon: derived once per WordNet version (npm run build does it), then read from the cache.
    let start = process.hrtime.bigint();
    readOrDeriveHealthLexicon(cacheDir);
    const lexiconCold = ms(start);
    start = process.hrtime.bigint();
    readOrDeriveHealthLexicon(cacheDir);
    const lexiconCached = ms(start);
    loadHealthLexicon(); // the router's own copy, so the times below are the model's
    start = process.hrtime.bigint();
    loadRouter({ cacheDir, modelKind: kind });
    const cold = ms(start);
    start = process.hrtime.bigint();
    const router = loadRouter({ cacheDir, modelKind: kind });
    const cached = ms(start);
    if (router.modelSource !== 'cache') throw new Error('the second load did not come from the cache');

    const texts = [...readEvalRows(HELDOUT).map((r) => r.text), ...loadIntentDefinitions().flatMap((d) => d.examples)];
    for (const t of texts) router.route(t); // warm-up (JIT)
    const rounds = Math.max(1, Math.ceil(50_000 / texts.length));
    start = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const t of texts) router.route(t);
    const elapsed = ms(start);
    const n = rounds * texts.length;
    const avgChars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
    // Forum-style posts: 600-800 characters each, made by joining held-out messages.
    const long: string[] = [];
    for (let i = 0; i < texts.length; i += 1) {
      let post = '';
      for (let j = i; post.length < 600; j = (j + 1) % texts.length) post += `${texts[j]}. `;
      long.push(post.slice(0, 800));
    }
    const longRounds = Math.max(1, Math.ceil(10_000 / long.length));
    start = process.hrtime.bigint();
    for (let r = 0; r < longRounds; r++) for (const t of long) router.route(t);
    const longElapsed = ms(start);
    const longN = longRounds * long.length;
    process.stdout.write(
      [
        `model ${kind}`,
        `health lexicon, cold (derive from WordNet): ${lexiconCold.toFixed(0)} ms`,
        `health lexicon, cached load:               ${lexiconCached.toFixed(0)} ms`,
        `model ready, cold (train + write cache): ${cold.toFixed(0)} ms`,
        `model ready, cached load:                ${cached.toFixed(0)} ms`,
        `routed ${n} messages (avg ${avgChars.toFixed(0)} chars) in ${elapsed.toFixed(0)} ms on one core: ${Math.round((n / elapsed) * 1000)} messages/s`,
        `routed ${longN} long posts (600-800 chars) in ${longElapsed.toFixed(0)} ms on one core: ${Math.round((longN / longElapsed) * 1000)} messages/s`,
      ].join('\n') + '\n',
    );
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const suites: Record<string, () => Promise<void>> = {
  webhook: async () => (await import('./bench/webhook-bench')).webhookBench(),
  kill: async () => (await import('./bench/kill-bench')).killBench(),
  outage: async () => (await import('./bench/outage-bench')).outageBench(),
  lock: async () => (await import('./bench/fault-bench')).faultBench('lock'),
  'disk-full': async () => (await import('./bench/fault-bench')).faultBench('disk-full'),
  cluster: async () => (await import('./bench/cluster-bench')).clusterBench(),
  retrain: async () => (await import('./bench/retrain-bench')).retrainBench(),
};
const HELP = `Usage: npm run bench [-- <suite>] [-- --model <kind>]

Benchmarks, run on an otherwise idle machine (figures depend on what else runs).

  (none)      the classifier: model-ready time (cold and cached) and messages routed per second
              on one core; --model ${MODEL_KINDS.join('|')} picks the model (default ${DEFAULT_MODEL_KIND})
  webhook     the whole pipeline under load against a fake Graph at 150 ms: acknowledgement times,
              patients answered per second, reply latency, the 911 reply behind 1,000 queued messages
  kill        kill -9 under load, 10 times: acknowledged messages lost, replies lost or doubled
  outage      Graph down for 5 minutes, then healthy: nothing lost, the backlog drained in order
  lock        an external write lock on the database for 10 s under load
  disk-full   the disk full for 10 s under load (on a tmpfs)
  cluster     two instances on one PostgreSQL behind a balancer, one killed with SIGKILL mid-run
  retrain     the model retrained with 1, 30 and 300 practice examples while messages are routed:
              the event loop's longest stall and p99, the swap, the retrain's time

The pipeline suites start the built server: run \`npm run build\` first. webhook runs on a fresh
SQLite file, or on PostgreSQL when DATABASE_URL names an empty database (PGPOOL_MAX is passed on);
cluster uses DATABASE_URL likewise, or starts a throwaway PostgreSQL from Debian's binaries.
`;

const arg = process.argv[2];
if (arg === '--help' || arg === '-h') {
  process.stdout.write(HELP);
  process.exit(0);
}
const suite = arg !== undefined && arg !== '--model' ? suites[arg] : undefined;
if (arg !== undefined && arg !== '--model' && !suite) {
  process.stderr.write(`bench: unknown suite "${arg}"\n\n${HELP}`);
  process.exit(2);
}

(suite ? suite() : Promise.resolve().then(main)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
