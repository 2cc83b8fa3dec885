import { parentPort, workerData } from 'node:worker_threads';
import { CrisisModel } from './crisis-model';
import { loadIntentDefinitions } from './intent-data';
import { IntentModel, type ModelKind } from './intent-model';
import { trainWithExamples, type PracticeExample } from './practice-examples';
import { DEFAULT_POLICY } from './routing-policy';
import { TriageRouter } from './triage-router';

/** What the retraining worker is given: where the shipped intents are, the classifier, the examples. */
export interface RetrainJob {
  intentsDir: string;
  kind: ModelKind;
  examples: PracticeExample[];
}

/**
 * What the worker posts back: the models as JSON text (one string crosses to the main thread as a
 * copy of its bytes; an object graph would be rebuilt there object by object), and how many
 * examples the router built on them gets right.
 */
export interface RetrainResult {
  models: { english: string; spanish?: string };
  right: number;
}

/**
 * The worker thread that retrains the classifiers: reading the intents, turning every example into
 * features, training, and routing every example through the new router to count those it gets right
 * take from a few hundred milliseconds up, which the server's event loop never waits for. It posts
 * the serialised models back and ends.
 */
function run(job: RetrainJob): void {
  const definitions = loadIntentDefinitions(job.intentsDir);
  const models = trainWithExamples(definitions, job.examples, job.kind);
  // natural's restore writes into what it restores: the posted models stay plain data
  const { english, spanish } = structuredClone(models);
  const router = new TriageRouter(
    IntentModel.restore(english),
    definitions,
    DEFAULT_POLICY,
    undefined,
    CrisisModel.load(job.intentsDir),
    spanish && IntentModel.restore(spanish),
  );
  const right = job.examples.filter((e) => router.route(e.text).intent === e.intent).length;
  const posted = { english: JSON.stringify(models.english), ...(models.spanish ? { spanish: JSON.stringify(models.spanish) } : {}) };
  parentPort?.postMessage({ models: posted, right } satisfies RetrainResult);
}

if (parentPort && workerData) run(workerData as RetrainJob);
