import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYamlCached } from '../platform/cached-yaml';
import { ROUTES, type Route } from './types';
import { isRecord } from '../platform/values';

/** One intents/*.yaml file: an intent, its route, training examples and (answers) its reply. */
export interface IntentDefinition {
  intent: string;
  route: Route;
  examples: string[];
  /** Spanish examples (`examples_es`), written the way Spanish-speaking patients type. */
  spanishExamples: string[];
  title?: string;
  answer?: string;
  /** The title and the answer in Spanish (`title_es`, `answer_es`), when the practice wrote them. */
  spanishTitle?: string;
  spanishAnswer?: string;
  related: string[];
  file: string;
}

export class IntentDataError extends Error {
  readonly code = 'INTENT_DATA_INVALID';
}

export const DEFAULT_INTENTS_DIR = path.resolve(__dirname, '../../intents');

/** Reads every *.yaml / *.yml file of the intents directory, sorted by file name. */
export function loadIntentDefinitions(intentsDir: string = DEFAULT_INTENTS_DIR): IntentDefinition[] {
  const files = readdirSync(intentsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  if (files.length === 0) throw new IntentDataError(`no intent files (*.yaml) in ${intentsDir}`);
  const seen = new Set<string>();
  const definitions: IntentDefinition[] = [];
  for (const file of files) {
    const def = parseIntentFile(file, readFileSync(path.join(intentsDir, file), 'utf8'));
    if (def === undefined) continue;
    if (seen.has(def.intent)) throw new IntentDataError(`${file}: intent "${def.intent}" is defined twice`);
    seen.add(def.intent);
    definitions.push(def);
  }
  return definitions;
}

/**
 * Parses one intent file. Other data may share the directory (the practice profile): a file
 * whose top-level `kind` is anything but `intent` is not an intent and gives undefined.
 */
export function parseIntentFile(file: string, source: string): IntentDefinition | undefined {
  const data: unknown = parseYamlCached(source);
  if (!isRecord(data)) throw new IntentDataError(`${file}: expected a mapping with intent, route, examples`);
  const {
    kind,
    intent,
    route,
    examples,
    title,
    answer,
    related,
    examples_es: spanishExamples,
    title_es: spanishTitle,
    answer_es: spanishAnswer,
  } = data;
  if (kind !== undefined && kind !== 'intent') return undefined;
  if (typeof intent !== 'string' || intent.length === 0) throw new IntentDataError(`${file}: "intent" must be a non-empty string`);
  if (!isRoute(route)) throw new IntentDataError(`${file}: "route" must be one of ${ROUTES.join(', ')}`);
  if (!isStringArray(examples) || examples.length === 0) throw new IntentDataError(`${file}: "examples" must be a list of strings`);
  if (title !== undefined && (typeof title !== 'string' || title.length > 20)) {
    throw new IntentDataError(`${file}: "title" must be a string of at most 20 characters (quick-reply limit)`);
  }
  if (answer !== undefined && typeof answer !== 'string') throw new IntentDataError(`${file}: "answer" must be a string`);
  if (spanishTitle !== undefined && (typeof spanishTitle !== 'string' || spanishTitle.length > 20)) {
    throw new IntentDataError(`${file}: "title_es" must be a string of at most 20 characters (quick-reply limit)`);
  }
  if (spanishAnswer !== undefined && typeof spanishAnswer !== 'string') throw new IntentDataError(`${file}: "answer_es" must be a string`);
  if ((spanishAnswer === undefined) !== (spanishTitle === undefined)) {
    throw new IntentDataError(`${file}: "answer_es" and "title_es" go together: give both or neither`);
  }
  if (spanishExamples !== undefined && !isStringArray(spanishExamples)) {
    throw new IntentDataError(`${file}: "examples_es" must be a list of strings`);
  }
  if (related !== undefined && !isStringArray(related)) throw new IntentDataError(`${file}: "related" must be a list of intents`);
  if (route === 'answer' && (answer === undefined || title === undefined)) {
    throw new IntentDataError(`${file}: an answer-route intent needs "title" and "answer"`);
  }
  return {
    intent,
    route,
    examples,
    spanishExamples: spanishExamples ?? [],
    ...(title !== undefined ? { title } : {}),
    ...(answer !== undefined ? { answer: answer.trim() } : {}),
    ...(typeof spanishTitle === 'string' ? { spanishTitle } : {}),
    ...(typeof spanishAnswer === 'string' ? { spanishAnswer: spanishAnswer.trim() } : {}),
    related: related ?? [],
    file,
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isRoute(value: unknown): value is Route {
  return typeof value === 'string' && (ROUTES as readonly string[]).includes(value);
}
