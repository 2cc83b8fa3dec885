import path from 'node:path';
import { DEFAULT_INTENTS_DIR, type IntentDefinition, loadIntentDefinitions } from './intent-data';
import { createHash } from 'node:crypto';
import { CACHE_DIR, readCacheFile, writeCacheFile } from '../platform/cache-file';
import { DEFAULT_SMOOTHING, IntentModel, type ModelKind, type SerializedModel, type TrainingDoc } from './intent-model';
import { CrisisModel } from './crisis-model';
import { normalizeText, normalizeWith } from './normalize-text';
import { normalizeSpanish } from './normalize-spanish';
import { DEFAULT_POLICY } from './routing-policy';
import { features } from './tokenize';
import { spanishTrainingDocs, TriageRouter, trainingDocs } from './triage-router';
import type { Router } from './types';

export interface LoadRouterOptions {
  /** Default: `<repo>/intents`. */
  intentsDir?: string;
  /** Where the trained model is cached. Default: `<repo>/.cache`. */
  cacheDir?: string;
  /** Default: the classifier chosen by measurement (see README). */
  modelKind?: ModelKind;
}

export const DEFAULT_MODEL_KIND: ModelKind = 'bayes';
/** Bump when training changes in code in a way the key below does not see. */
const FEATURE_VERSION = 'f2';

/** The cached model depends on the intents and on how text becomes features. */
function codeKey(): string {
  return createHash('sha256')
    .update(`${FEATURE_VERSION}|${DEFAULT_SMOOTHING}|${normalizeWith.toString()}|${normalizeSpanish.toString()}|${features.toString()}`)
    .update(JSON.stringify(features(normalizeText("Can't get my appt, pls call me at 8am? Dr. Patel's rx"))))
    .digest('hex')
    .slice(0, 8);
}

export interface LoadedRouter extends Router {
  readonly modelSource: 'cache' | 'trained';
}

/** Loads the router synchronously: the cached model when intents/ is unchanged, else trains. */
export function loadRouter(opts: LoadRouterOptions = {}): TriageRouter & LoadedRouter {
  const intentsDir = opts.intentsDir ?? DEFAULT_INTENTS_DIR;
  const cacheDir = opts.cacheDir ?? CACHE_DIR;
  const kind = opts.modelKind ?? DEFAULT_MODEL_KIND;
  const definitions = loadIntentDefinitions(intentsDir);
  const key = `${kind}-${codeKey()}-${trainingKey(definitions)}`;
  const english = cachedOrTrained(path.join(cacheDir, `triage-${key}.json`), kind, () => trainingDocs(definitions));
  const spanishDocs = spanishTrainingDocs(definitions);
  const spanish =
    spanishDocs.length > 0 ? cachedOrTrained(path.join(cacheDir, `triage-es-${key}.json`), kind, () => spanishDocs) : undefined;
  const modelSource = english.source === 'cache' && (spanish === undefined || spanish.source === 'cache') ? 'cache' : 'trained';
  const router = new TriageRouter(english.model, definitions, DEFAULT_POLICY, undefined, CrisisModel.load(intentsDir), spanish?.model);
  // The parts set up on first use (health lexicon, spelling index, language detection, the JIT) are
  // set up now, so the first patient after a start does not wait for them, nor do the webhooks
  // acknowledged while their turn runs.
  for (const text of WARM_UP) router.route(text);
  return Object.assign(router, { modelSource } as const);
}

const WARM_UP = [
  'what time do you open on saturday',
  'my knee has been swollen since i fell yesterday, can i take ibuprfen for it',
  'necesito una cita para mi hijo',
  'i have not been sleeping. everything feels pointless. i wrote letters to my family.',
];

/** The model cached in `file`, or one trained on `docs()` and written there. */
function cachedOrTrained(file: string, kind: ModelKind, docs: () => TrainingDoc[]): { model: IntentModel; source: 'cache' | 'trained' } {
  const cached = readCachedModel(file, kind);
  if (cached) return { model: cached, source: 'cache' };
  const model = IntentModel.train(kind, docs());
  writeCacheFile(file, JSON.stringify(model.serialize()));
  return { model, source: 'trained' };
}

/** Hash of what the classifiers train on (intents, routes, examples): answer texts do not count. */
function trainingKey(definitions: readonly IntentDefinition[]): string {
  const data = definitions.map(({ intent, route, examples, spanishExamples }) => [intent, route, examples, spanishExamples]);
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}

function readCachedModel(file: string, kind: ModelKind): IntentModel | undefined {
  const text = readCacheFile(file);
  if (text === undefined) return undefined; // no cache yet: train instead
  try {
    const data = JSON.parse(text) as SerializedModel;
    return data.kind === kind ? IntentModel.restore(data) : undefined;
  } catch {
    return undefined; // damaged: train instead
  }
}
