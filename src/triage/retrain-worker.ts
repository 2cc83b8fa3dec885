import { parentPort, workerData } from 'node:worker_threads';
import { loadIntentDefinitions } from './intent-data';
import type { ModelKind } from './intent-model';
import { trainWithExamples, type PracticeExample } from './practice-examples';

/** What the retraining worker is given: where the shipped intents are, the classifier, the examples. */
export interface RetrainJob {
  intentsDir: string;
  kind: ModelKind;
  examples: PracticeExample[];
}

/**
 * The worker thread that retrains the classifiers: reading the intents, turning every example into
 * features and training take a few hundred milliseconds, which the server's event loop never waits
 * for. It posts the serialised models back and ends.
 */
function run(job: RetrainJob): void {
  const models = trainWithExamples(loadIntentDefinitions(job.intentsDir), job.examples, job.kind);
  parentPort?.postMessage(models);
}

if (parentPort && workerData) run(workerData as RetrainJob);
