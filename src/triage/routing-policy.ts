import type { ClinicalSignal } from './clinical-detector';
import type { IntentScore } from './intent-model';
import type { RedFlagHit } from './red-flags';
import { SOCIAL_INTENTS } from './social-talk';
import type { Route, TriageDecision } from './types';

export interface PolicyInput {
  redFlag: RedFlagHit | undefined;
  clinical: ClinicalSignal | undefined;
  /** Classifier ranking, best first (empty when a rule already decided). */
  ranking: readonly IntentScore[];
  /** Share of the message's features known to the classifier. */
  coverage: number;
  /** Share of the message's content words seen in the top intent's examples (undefined: none). */
  support?: number | undefined;
  /** Share of the message's content words known to any intent (undefined: none). */
  familiarity?: number | undefined;
  /** How many of the message's content words occur in the top intent's examples. */
  supportedWords?: number | undefined;
  /**
   * The content words measured against the out-of-scope examples: `own` are the top intent's and
   * not theirs, `foreign` only theirs (no practice intent uses them).
   */
  outOfScope?: { own: number; foreign: number } | undefined;
  /** Whether the message uses a topic word of an intent (see IntentModel.onTopic). */
  onTopic?: ((intent: string) => boolean) | undefined;
  /** Share of the message's content words seen in another intent's examples (the runners-up). */
  supportOf?: ((intent: string) => number) | undefined;
}

export interface PolicyOptions {
  /** Below this classifier score the route is `fallback`. */
  threshold: number;
  /** When the top two intents are closer than this, the route is `fallback`. */
  margin: number;
  /** When less than this share of the message is known vocabulary, the route is `fallback`. */
  minCoverage: number;
  /** When less than this share of the content words belongs to the top intent: `fallback`. */
  minSupport: number;
  /**
   * Content-word support the classifier needs to call an emergency on its own. The red-flag
   * rules are the emergency detector; the classifier only backs them up, so it must be sure.
   */
  emergencySupport: number;
}

export const DEFAULT_POLICY: PolicyOptions = {
  threshold: 0.5,
  margin: 0.1,
  minCoverage: 0.3,
  minSupport: 0.5,
  emergencySupport: 0.75,
};

export const UNKNOWN_INTENT = 'unknown';

/**
 * Safety first, in this order, and nothing later can undo an earlier step:
 * red flags -> clinical rules -> classifier -> confidence / margin / coverage -> fallback.
 */
export function decideRoute(
  input: PolicyInput,
  routeOf: (intent: string) => Route | undefined,
  options: PolicyOptions = DEFAULT_POLICY,
): TriageDecision {
  if (input.redFlag) {
    const { family, crisisLine, rule } = input.redFlag;
    return {
      intent: 'emergency',
      route: 'emergency',
      confidence: 1,
      decidedBy: `red-flag:${family}`,
      redFlag: { family, crisisLine, rule },
    };
  }
  if (input.clinical) {
    return {
      intent: input.clinical.intent,
      route: 'clinical',
      confidence: 1,
      decidedBy: `clinical-rule:${input.clinical.rule}`,
    };
  }
  const [top, second] = input.ranking;
  const route = top ? routeOf(top.intent) : undefined;
  if (!top || route === undefined) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence: 0, decidedBy: 'no-classifier-match' };
  }
  const confidence = round(top.score);
  if (input.coverage < options.minCoverage) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'low-coverage', candidate: top.intent };
  }
  // Off-topic: none of the content words belongs to the intent, or fewer than minSupport of
  // them do while much of the message is vocabulary the practice's intents never use.
  const offTopic =
    input.support !== undefined && (input.support === 0 || (input.support < options.minSupport && (input.familiarity ?? 0) < 0.75));
  if (offTopic) {
    // The classifier's favourite shares no word with the message, but a runner-up holds most of
    // them ("me pasa la direccion": location, not refill): the words decide, when the runner-up is
    // a front-desk reading the classifier did not rule out.
    const runnerUp = input.support === 0 ? supportedRunnerUp(input, routeOf, options) : undefined;
    if (runnerUp) return runnerUp;
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'off-topic', candidate: top.intent };
  }
  // "set a timer for me" is no appointment: a front-desk intent chosen on words that everyday
  // assistant requests use too, beside a word only those requests use, is out of scope.
  const frontDesk = route === 'answer' || route === 'request';
  if (frontDesk && input.outOfScope && input.outOfScope.own === 0 && input.outOfScope.foreign > 0) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'out-of-scope-words', candidate: top.intent };
  }
  // "review my resume" is no lab-results question: a front-desk intent claims a message only
  // when the message names the intent's topic; otherwise it is out of scope (and the health gate
  // still hears any health content in it).
  if (frontDesk && !SOCIAL_INTENTS.has(top.intent) && input.onTopic && !input.onTopic(top.intent)) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'off-topic-intent', candidate: top.intent };
  }
  if (route === 'emergency' && ((input.support ?? 0) < options.emergencySupport || (input.supportedWords ?? 0) < 2)) {
    // Sounds like an emergency but no red-flag rule fired (often history: "had a heart
    // attack in 2019"): a clinician should see it, the 911 reply would be wrong.
    return { intent: 'symptom', route: 'clinical', confidence, decidedBy: 'weak-emergency', candidate: top.intent };
  }
  if (top.score < options.threshold) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'low-confidence', candidate: top.intent };
  }
  if (second && top.score - second.score < options.margin) {
    return { intent: UNKNOWN_INTENT, route: 'fallback', confidence, decidedBy: 'low-margin', candidate: top.intent };
  }
  return { intent: top.intent, route, confidence, decidedBy: `classifier:${top.intent}` };
}

/** Least classifier score a runner-up needs to be read instead of an unsupported favourite. */
const RUNNER_UP_MIN_SCORE = 0.15;

function supportedRunnerUp(
  input: PolicyInput,
  routeOf: (intent: string) => Route | undefined,
  options: PolicyOptions,
): TriageDecision | undefined {
  for (const candidate of input.ranking.slice(1, 3)) {
    const route = routeOf(candidate.intent);
    if (route !== 'answer' && route !== 'request') continue;
    if (candidate.score < RUNNER_UP_MIN_SCORE || (input.supportOf?.(candidate.intent) ?? 0) < options.minSupport) continue;
    return { intent: candidate.intent, route, confidence: round(candidate.score), decidedBy: `supported-runner-up:${candidate.intent}` };
  }
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
