import { detectClinical } from './clinical-detector';
import type { IntentDefinition } from './intent-data';
import { IntentModel, type ModelKind, type TrainingDoc } from './intent-model';
import { normalizeText } from './normalize-text';
import { detectRedFlag } from './red-flags';
import { DEFAULT_POLICY, decideRoute, type PolicyOptions } from './routing-policy';
import { features } from './tokenize';
import type { Route, Router, TriageDecision } from './types';

/** The patient says it is an emergency: believe them (no red-flag family to name). */
const EXPLICIT_EMERGENCY =
  /^(?:emergency|sos)(?: please| help)?$|\b(?:this is an emergency|it is an emergency|medical emergency|(?:call|calling|called|dial) 911|need an ambulance|send an ambulance|call an ambulance|get an ambulance)\b/;

/** Longer messages are judged on their beginning; keeps every rule linear and fast. */
const MAX_CHARS = 4000;

/** The router: red flags, clinical rules and a natural classifier composed by the policy. */
export class TriageRouter implements Router {
  private readonly routes: Map<string, Route>;

  constructor(
    readonly model: IntentModel,
    definitions: readonly Pick<IntentDefinition, 'intent' | 'route'>[],
    private readonly policy: PolicyOptions = DEFAULT_POLICY,
  ) {
    this.routes = new Map(definitions.map((d) => [d.intent, d.route]));
  }

  route(text: string): TriageDecision {
    const normalized = normalizeText(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
    const redFlag = detectRedFlag(normalized);
    if (!redFlag && EXPLICIT_EMERGENCY.test(normalized)) {
      return { intent: 'emergency', route: 'emergency', confidence: 1, decidedBy: 'explicit-emergency' };
    }
    const clinical = redFlag ? undefined : detectClinical(normalized);
    const decided = redFlag !== undefined || clinical !== undefined;
    const feats = decided ? [] : features(normalized);
    const ranking = decided ? [] : this.model.classify(feats);
    const top = ranking[0];
    return decideRoute(
      {
        redFlag,
        clinical,
        ranking,
        coverage: decided ? 1 : this.model.coverage(feats),
        support: top ? this.model.support(feats, top.intent) : undefined,
        familiarity: decided ? undefined : this.model.familiarity(feats),
        supportedWords: top ? this.model.supportedWords(feats, top.intent) : 0,
      },
      (intent) => this.routes.get(intent),
      this.policy,
    );
  }
}

/** The classifier's training set: every example of every intent, as features. */
export function trainingDocs(definitions: readonly IntentDefinition[]): TrainingDoc[] {
  return definitions.flatMap((d) => d.examples.map((e) => ({ intent: d.intent, features: features(normalizeText(e)) })));
}

export function trainRouter(
  definitions: readonly IntentDefinition[],
  kind: ModelKind,
  policy: PolicyOptions = DEFAULT_POLICY,
): TriageRouter {
  return new TriageRouter(IntentModel.train(kind, trainingDocs(definitions)), definitions, policy);
}
