import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadIntentDefinitions } from '../../triage/intent-data';
import { DEFAULT_MODEL_KIND, loadRouter } from '../../triage/load-router';
import { LiveRouter } from '../../triage/live-router';
import type { PracticeExample } from '../../triage/practice-examples';

/** Practice examples per retrain: one label, a month of a small practice's labels, a busy year's. */
const SIZES = [1, 30, 300];
/** Messages routed per second while the model retrains, as a busy inbox would. */
const TRAFFIC_PER_SECOND = 200;

/**
 * npm run bench -- retrain
 * Retrains the live router with 1, 30 and 300 accepted examples while messages keep being routed,
 * and measures what the event loop feels: its longest stall and p99 delay (perf_hooks
 * monitorEventLoopDelay at 1 ms resolution), the time to swap the new model in, and the retrain's
 * wall time. The examples are the shipped intents' own phrasings with a word added, so nothing
 * about a patient is read.
 */
export async function retrainBench(): Promise<void> {
  const definitions = loadIntentDefinitions().filter((d) => d.route !== 'emergency' && d.examples.length > 0);
  const pool: PracticeExample[] = definitions.flatMap((d) => d.examples.map((text) => ({ intent: d.intent, text: `${text} please` })));
  const texts = definitions.flatMap((d) => d.examples);
  const live = new LiveRouter(loadRouter(), { kind: DEFAULT_MODEL_KIND });
  process.stdout.write(`retrain with traffic (${TRAFFIC_PER_SECOND} messages/s routed meanwhile):\n`);
  for (const [round, size] of SIZES.entries()) {
    const examples = Array.from({ length: size }, (_, i) => pool[(i * 7) % pool.length] as PracticeExample);
    let routed = 0;
    const traffic = setInterval(() => {
      for (let i = 0; i < TRAFFIC_PER_SECOND / 50; i += 1) live.route(texts[routed++ % texts.length] as string);
    }, 20);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = process.hrtime.bigint();
    await live.retrain(`bench-${round}`, examples);
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    // The swap is the retrain's last, synchronous step: the monitor records the stall it caused
    // only when its next timer fires, so it keeps running a little past the retrain.
    await new Promise((resolve) => setTimeout(resolve, 100));
    delay.disable();
    clearInterval(traffic);
    const status = live.model();
    process.stdout.write(
      `  ${String(size).padStart(3)} examples: retrain ${(wallMs / 1000).toFixed(2)} s, longest event-loop stall ` +
        `${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms, swap ${status.lastSwapMs.toFixed(0)} ms, ` +
        `${routed} messages routed meanwhile, examples right ${(status.examplesRight * 100).toFixed(0)}%\n`,
    );
  }
}
