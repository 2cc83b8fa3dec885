/**
 * npm run eval [-- FILE] [--model bayes|logreg] [--cv K] [--no-misses] [--with-labels | --labels FILE]
 * Scores the router on JSON-lines rows {"text","route","accept"?} (default: the project's
 * held-out file), or runs K-fold cross-validation over intents/ with --cv K. With the practice's
 * accepted examples (--with-labels: from the configured database; --labels: a JSON-lines file of
 * {"text","intent"}), the router is the one trained with them, as the server runs it, and the
 * report adds their effect on a held-out fifth of them. Example text is never printed.
 */
import path from 'node:path';
import { evaluateByLanguage, formatLanguageReports } from '../triage/eval-by-language';
import { formatReport, evaluate, type EvalRow } from '../triage/eval-metrics';
import { readEvalRows } from '../triage/eval-rows';
import { loadIntentDefinitions, type IntentDefinition } from '../triage/intent-data';
import { MODEL_KINDS, type ModelKind } from '../triage/intent-model';
import { DEFAULT_MODEL_KIND, loadRouter } from '../triage/load-router';
import { trainRouter } from '../triage/triage-router';
import { deliveredDecision } from '../faq/delivered-decision';
import { loadKnowledgeBase } from '../faq/knowledge-base';
import type { TriageDecision } from '../triage/types';
import { labelEffect } from '../triage/label-effect';
import { BASE_MODEL_VERSION } from '../triage/live-router';
import { examplesFromDatabase, examplesFromFile, type AcceptedExamples } from './accepted-examples';

const DEFAULT_FILE = path.resolve(__dirname, '../../tests/fixtures/triage/heldout.jsonl');

interface Args {
  file: string;
  model: ModelKind;
  cv?: number;
  misses: boolean;
  labels?: { from: 'database' } | { from: 'file'; file: string };
}

function parseArgs(argv: string[]): Args {
  const args: Args = { file: DEFAULT_FILE, model: DEFAULT_MODEL_KIND, misses: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--cv') args.cv = Number(argv[++i]);
    else if (arg === '--model') {
      const kind = argv[++i] ?? '';
      if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new Error(`--model must be one of ${MODEL_KINDS.join(', ')}`);
      args.model = kind as ModelKind;
    } else if (arg === '--no-misses') args.misses = false;
    else if (arg === '--with-labels') args.labels = { from: 'database' };
    else if (arg === '--labels') args.labels = { from: 'file', file: path.resolve(argv[++i] ?? '') };
    else args.file = path.resolve(arg);
  }
  if (args.cv !== undefined && (!Number.isInteger(args.cv) || args.cv < 2))
    throw new Error('--cv needs a whole number of folds, at least 2');
  return args;
}

function crossValidate(definitions: IntentDefinition[], folds: number, model: ModelKind, misses: boolean): string {
  // Each example gets a fold from a hash of its text: deterministic, so runs are comparable.
  const foldOf = (intent: string, text: string): number => hash(`${intent}\u0000${text}`) % folds;
  const rows: EvalRow[] = [];
  const predictions: TriageDecision[] = [];
  let intentHits = 0;
  for (let fold = 0; fold < folds; fold++) {
    const train = definitions.map((d) => ({ ...d, examples: d.examples.filter((t) => foldOf(d.intent, t) !== fold) }));
    const router = trainRouter(train, model);
    for (const d of definitions) {
      for (const text of d.examples.filter((t) => foldOf(d.intent, t) === fold)) {
        const decision = router.route(text);
        rows.push({ text: `[${d.intent}] ${text}`, route: d.route });
        predictions.push(decision);
        if (decision.intent === d.intent) intentHits += 1;
      }
    }
  }
  const report = evaluate(rows, predictions);
  const accuracy = `intent accuracy     ${((intentHits / rows.length) * 100).toFixed(1)}% (${intentHits}/${rows.length})`;
  return `${formatReport(`${folds}-fold cross-validation over intents/ (${model})`, report, misses)}\n${accuracy}`;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const pct = (a: number, b: number): string => `${b === 0 ? 'n/a' : `${((a / b) * 100).toFixed(1)}%`} (${a}/${b})`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.cv !== undefined) {
    process.stdout.write(`${crossValidate(loadIntentDefinitions(), args.cv, args.model, args.misses)}\n`);
    return;
  }
  const rows = readEvalRows(args.file);
  const base = loadRouter({ modelKind: args.model });
  let router: Pick<typeof base, 'route'> = base;
  let modelSource: string = base.modelSource;
  const accepted: AcceptedExamples | undefined =
    args.labels === undefined ? undefined : args.labels.from === 'file' ? examplesFromFile(args.labels.file) : await examplesFromDatabase();
  if (accepted === undefined || accepted.examples.length === 0) {
    process.stdout.write(`model version       ${BASE_MODEL_VERSION} (no practice examples)\n`);
  } else {
    const effect = labelEffect(base, loadIntentDefinitions(), accepted.examples, args.model);
    router = effect.router;
    modelSource = `trained with ${effect.examples} practice examples`;
    process.stdout.write(
      [
        `model version       ${accepted.version} (${effect.examples} practice examples)`,
        `examples right      ${pct(Math.round(effect.allRight * effect.examples), effect.examples)} routed to their labelled intent`,
        `labels' effect      held-out ${effect.heldOut} of ${effect.examples}: before ${pct(effect.before, effect.heldOut)} -> after ${pct(effect.after, effect.heldOut)}`,
        '',
      ].join('\n'),
    );
  }
  const started = process.hrtime.bigint();
  // Scored as delivered: an answer the practice has not written in the message's language goes to
  // a person, as the bot does it.
  const kb = loadKnowledgeBase();
  const predictions = rows.map((row) => deliveredDecision(router.route(row.text), kb));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const report = evaluate(rows, predictions);
  process.stdout.write(
    `${formatReport(`${path.relative(process.cwd(), args.file) || args.file} (${args.model}, model from ${modelSource})`, report, args.misses)}\n`,
  );
  process.stdout.write(`\nby language, as delivered:${formatLanguageReports(evaluateByLanguage(rows, predictions))}\n`);
  process.stdout.write(`routed ${rows.length} rows in ${ms.toFixed(0)} ms\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
