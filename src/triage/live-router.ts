import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_INTENTS_DIR } from './intent-data';
import { IntentModel, type ModelKind, type SerializedModel } from './intent-model';
import type { PracticeExample } from './practice-examples';
import type { RetrainJob, RetrainResult } from './retrain-worker';
import type { TriageRouter } from './triage-router';
import type { Language, Router, TriageDecision } from './types';

/** The model version of a router trained on the shipped intents alone. */
export const BASE_MODEL_VERSION = 'intents';

export interface ModelStatus {
  /** The version of the practice's examples the running model was trained with. */
  version: string;
  /** How many accepted examples it was trained with. */
  examples: number;
  /** The share of those examples the running router routes to their labelled intent (1 with none). */
  examplesRight: number;
  /** How many times the model was swapped since start. */
  retrains: number;
  /** The longest the last swap held the event loop at once (reading or restoring one model, ms). */
  lastSwapMs: number;
}

/**
 * The router the bot holds: it routes with the current model and is retrained without a restart.
 * A retrain runs in a worker thread; the new router is built from its models and swapped in with
 * one assignment, so a message is routed by the old model or by the new one, never by a mix.
 */
export class LiveRouter implements Router {
  private current: TriageRouter;
  private status: ModelStatus;
  private running: Promise<void> | undefined;

  constructor(
    initial: TriageRouter,
    private readonly options: { intentsDir?: string; kind: ModelKind },
  ) {
    this.current = initial;
    this.status = { version: BASE_MODEL_VERSION, examples: 0, examplesRight: 1, retrains: 0, lastSwapMs: 0 };
  }

  route(text: string, conversationLanguage?: Language): TriageDecision {
    return this.current.route(text, conversationLanguage);
  }

  get version(): string {
    return this.status.version;
  }

  model(): Readonly<ModelStatus> {
    return this.status;
  }

  /** Whether a retrain is under way. */
  get training(): boolean {
    return this.running !== undefined;
  }

  /**
   * Trains on the shipped intents plus `examples` off the event loop and swaps the result in,
   * labelled `version`. One retrain at a time: a call during one waits for it, then trains.
   */
  async retrain(version: string, examples: readonly PracticeExample[]): Promise<void> {
    while (this.running) await this.running;
    if (version === this.status.version) return;
    const run = this.trainAndSwap(version, [...examples]);
    this.running = run;
    try {
      await run;
    } finally {
      this.running = undefined;
    }
  }

  private async trainAndSwap(version: string, examples: PracticeExample[]): Promise<void> {
    const { models, right } = await trainInWorker({
      intentsDir: this.options.intentsDir ?? DEFAULT_INTENTS_DIR,
      kind: this.options.kind,
      examples,
    });
    // Each model is read and restored in its own turn of the event loop, so messages keep being
    // routed (by the old model) between the steps; the swap itself is one assignment.
    let lastSwapMs = 0;
    const step = async <T>(run: () => T): Promise<T> => {
      await new Promise((resolve) => setImmediate(resolve));
      const started = process.hrtime.bigint();
      const result = run();
      lastSwapMs = Math.max(lastSwapMs, Number(process.hrtime.bigint() - started) / 1e6);
      return result;
    };
    const restore = async (json: string): Promise<IntentModel> => {
      const serialized = await step(() => JSON.parse(json) as SerializedModel);
      return await step(() => IntentModel.restore(serialized));
    };
    const english = await restore(models.english);
    const spanish = models.spanish === undefined ? undefined : await restore(models.spanish);
    const next = await step(() => this.current.withModels(english, spanish));
    this.current = next;
    this.status = {
      version,
      examples: examples.length,
      examplesRight: examples.length === 0 ? 1 : right / examples.length,
      retrains: this.status.retrains + 1,
      lastSwapMs,
    };
  }
}

/**
 * Runs retrain-worker in a worker thread. From the compiled server it is the .js file beside this
 * one; from the TypeScript sources (tsx, jest) the worker registers tsx first.
 */
function trainInWorker(job: RetrainJob): Promise<RetrainResult> {
  const file = path.join(__dirname, `retrain-worker${path.extname(__filename)}`);
  const worker = file.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, {
        eval: true,
        workerData: job,
      })
    : new Worker(file, { workerData: job });
  return new Promise<RetrainResult>((resolve, reject) => {
    worker.once('message', (result: RetrainResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the retraining worker exited with code ${code}`));
    });
  }).finally(() => void worker.terminate());
}
