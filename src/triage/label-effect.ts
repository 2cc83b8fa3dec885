import type { IntentDefinition } from './intent-data';
import { IntentModel, type ModelKind } from './intent-model';
import { trainableExamples, trainWithExamples, type PracticeExample } from './practice-examples';
import type { TriageRouter } from './triage-router';

/** One example in this many is held out of training to measure what the others taught. */
const HELD_OUT_EVERY = 5;

export interface LabelEffect {
  examples: number;
  heldOut: number;
  /** Held-out examples routed to their labelled intent by the model without practice examples. */
  before: number;
  /** ... and by the model trained with the other examples. */
  after: number;
  /** Share of all accepted examples the model trained with all of them routes to their intent. */
  allRight: number;
  /** The router trained with every example, as the server runs it. */
  router: TriageRouter;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function withExamples(base: TriageRouter, definitions: readonly IntentDefinition[], examples: readonly PracticeExample[], kind: ModelKind) {
  const models = trainWithExamples(definitions, examples, kind);
  return base.withModels(IntentModel.restore(models.english), models.spanish && IntentModel.restore(models.spanish));
}

const right = (router: TriageRouter, examples: readonly PracticeExample[]) =>
  examples.filter((e) => router.route(e.text).intent === e.intent).length;

/**
 * What the practice's examples do: the held-out split (a fixed fifth, by a hash of the text) is
 * routed by the model without them and by the model trained with the rest.
 */
export function labelEffect(
  base: TriageRouter,
  definitions: readonly IntentDefinition[],
  examples: readonly PracticeExample[],
  kind: ModelKind,
): LabelEffect {
  const usable = trainableExamples(examples, definitions);
  const heldOut = usable.filter((e) => hash(e.text) % HELD_OUT_EVERY === 0);
  const train = usable.filter((e) => hash(e.text) % HELD_OUT_EVERY !== 0);
  const after = withExamples(base, definitions, train, kind);
  const router = withExamples(base, definitions, usable, kind);
  return {
    examples: usable.length,
    heldOut: heldOut.length,
    before: right(base, heldOut),
    after: right(after, heldOut),
    allRight: usable.length === 0 ? 1 : right(router, usable) / usable.length,
    router,
  };
}
