import type { IntentDefinition } from './intent-data';
import { IntentModel, type ModelKind, type SerializedModel, type TrainingDoc } from './intent-model';
import { normalizeSpanish } from './normalize-spanish';
import { normalizeText } from './normalize-text';
import { readLanguage } from './spanish';
import { features } from './tokenize';
import { spanishTrainingDocs, trainingDocs } from './triage-router';
import type { Route } from './types';

/** A patient message staff labelled with its intent and an admin accepted: the practice's own example. */
export interface PracticeExample {
  intent: string;
  text: string;
}

/**
 * Emergencies come from the red-flag rules, never from data: an example is never trained as an
 * emergency, and only intents of the shipped definitions are trained.
 */
export function trainableExamples(
  examples: readonly PracticeExample[],
  definitions: readonly Pick<IntentDefinition, 'intent' | 'route'>[],
): PracticeExample[] {
  const routes = new Map<string, Route>(definitions.map((d) => [d.intent, d.route]));
  return examples.filter((e) => routes.has(e.intent) && routes.get(e.intent) !== 'emergency' && e.text.trim() !== '');
}

function exampleDocs(examples: readonly PracticeExample[], normalize: (text: string) => string): TrainingDoc[] {
  return examples.map((e) => ({ intent: e.intent, features: features(normalize(e.text)) }));
}

export interface TrainedModels {
  english: SerializedModel;
  spanish?: SerializedModel;
}

/**
 * The classifiers trained on the shipped examples plus the practice's own: English messages by
 * normalizeText, Spanish ones by normalizeSpanish in the Spanish model. Pure and synchronous: it
 * runs off the event loop (see retrain-worker.ts).
 */
export function trainWithExamples(
  definitions: readonly IntentDefinition[],
  examples: readonly PracticeExample[],
  kind: ModelKind,
): TrainedModels {
  const usable = trainableExamples(examples, definitions);
  const english = IntentModel.train(kind, [...trainingDocs(definitions), ...exampleDocs(usable, normalizeText)]);
  const spanishBase = spanishTrainingDocs(definitions);
  if (spanishBase.length === 0) return { english: english.serialize() };
  const spanishDocs = exampleDocs(usable, (text) => (readLanguage(text).spanish ? normalizeSpanish(text) : normalizeText(text)));
  return { english: english.serialize(), spanish: IntentModel.train(kind, [...spanishBase, ...spanishDocs]).serialize() };
}
