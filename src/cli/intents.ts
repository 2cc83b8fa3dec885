/**
 * npm run --silent intents
 * Prints [{"intent","route","examples":[...]}]: exactly the examples the classifier trains on.
 */
import { loadIntentDefinitions } from '../triage/intent-data';

const out = loadIntentDefinitions().map(({ intent, route, examples }) => ({ intent, route, examples }));
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
