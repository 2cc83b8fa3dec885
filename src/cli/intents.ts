/**
 * npm run --silent intents [-- --with-labels]
 * Prints [{"intent","route","examples":[...]}]: exactly the examples the classifier trains on.
 * --with-labels adds "practiceExamples" to each intent: the practice's accepted labels from the
 * configured database, which the running server trains on too.
 */
import { loadIntentDefinitions } from '../triage/intent-data';
import { trainableExamples } from '../triage/practice-examples';
import { examplesFromDatabase } from './accepted-examples';

async function main(): Promise<void> {
  const definitions = loadIntentDefinitions();
  const withLabels = process.argv.slice(2).includes('--with-labels');
  const practice = withLabels ? trainableExamples((await examplesFromDatabase()).examples, definitions) : [];
  const out = definitions.map(({ intent, route, examples }) => ({
    intent,
    route,
    examples,
    ...(withLabels ? { practiceExamples: practice.filter((e) => e.intent === intent).map((e) => e.text) } : {}),
  }));
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`intents: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
