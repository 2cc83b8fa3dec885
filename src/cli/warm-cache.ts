/**
 * Run by `npm run build` after compiling: trains (or finds) the triage model for the built code and
 * keeps the parsed intents, so the first `npm start` after a build or an upgrade does not train.
 * The model's cache key covers the code that turns text into features, and compiled code differs
 * from the TypeScript that `npm run` tools execute, so the built server needs a model of its own.
 */
import { loadKnowledgeBase } from '../faq/knowledge-base';
import { loadPracticeProfile } from '../practice/practice-profile';
import { loadRouter } from '../triage/load-router';

const started = process.hrtime.bigint();
const router = loadRouter();
loadKnowledgeBase();
loadPracticeProfile();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`triage model ${router.modelSource === 'cache' ? 'already cached' : 'trained and cached'} in ${ms.toFixed(0)} ms\n`);
