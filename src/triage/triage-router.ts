import { detectClinical } from './clinical-detector';
import { detectCrisis } from './crisis-detector';
import type { CrisisModel } from './crisis-model';
import { HealthGate } from './health-gate';
import { loadHealthLexicon } from './lexicon/load-health-lexicon';
import type { IntentDefinition } from './intent-data';
import { IntentModel, type ModelKind, type TrainingDoc } from './intent-model';
import { normalizeText } from './normalize-text';
import { detectRedFlag, type RedFlagHit } from './red-flags';
import { DEFAULT_POLICY, decideRoute, type PolicyOptions } from './routing-policy';
import { detectSpanishRedFlag, isSpanish, isSpanishExplicitEmergency } from './spanish';
import { features } from './tokenize';
import type { Route, Router, TriageDecision } from './types';

/** The patient says it is an emergency: believe them (no red-flag family to name). */
const EXPLICIT_EMERGENCY =
  /^(?:emergency|sos)(?: please| help)?$|\b(?:this is an emergency|it is an emergency|medical emergency|(?:call|calling|called|dial) 911|need an ambulance|send an ambulance|call an ambulance|get an ambulance)\b/;

/**
 * Rules and the classifier read a message in windows of this many characters, so each stays linear
 * and fast. The safety rules (red flags, clinical) read every window of a long message, overlapping
 * so a phrase cut at a boundary is still seen whole: a crisis mentioned at the end of a long post must
 * not be missed. The classifier reads the first window.
 */
const WINDOW_CHARS = 4000;
const WINDOW_OVERLAP = 400;

let healthGate: HealthGate | undefined;

/** One gate per process over the cached WordNet lexicon: building it costs tens of milliseconds. */
function sharedHealthGate(): HealthGate {
  healthGate ??= new HealthGate(loadHealthLexicon());
  return healthGate;
}

/** The intent whose examples are everyday requests that are not for a medical practice. */
const OUT_OF_SCOPE_INTENT = 'out_of_scope';

/** Below this classifier score an answer or a request is not confident enough to beat health content. */
const UNSURE_FRONT_DESK = 0.7;

/** The windows of `text`, the first one first; a short message is its own single window. */
export function textWindows(text: string): string[] {
  if (text.length <= WINDOW_CHARS) return [text];
  const windows: string[] = [];
  for (let start = 0; start < text.length; start += WINDOW_CHARS - WINDOW_OVERLAP) {
    windows.push(text.slice(start, start + WINDOW_CHARS));
    if (start + WINDOW_CHARS >= text.length) break;
  }
  return windows;
}

/** The first hit of `detect` over the windows, reading each window once. */
function firstHit<T>(windows: readonly string[], detect: (normalized: string) => T | undefined): T | undefined {
  for (const window of windows) {
    const hit = detect(normalizeText(window));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * The emergency pre-scan at ingest: the red-flag and explicit-emergency rules alone, no classifier,
 * so an urgent message is marked before it is queued. The full route is decided in the turn.
 */
export function looksUrgent(text: string): boolean {
  return firstHit(textWindows(text), (n) => (detectRedFlag(n) !== undefined || EXPLICIT_EMERGENCY.test(n) ? true : undefined)) === true;
}

/** The router: red flags, clinical rules and a natural classifier composed by the policy. */
export class TriageRouter implements Router {
  private readonly routes: Map<string, Route>;

  constructor(
    readonly model: IntentModel,
    definitions: readonly Pick<IntentDefinition, 'intent' | 'route'>[],
    private readonly policy: PolicyOptions = DEFAULT_POLICY,
    private readonly gate: HealthGate = sharedHealthGate(),
    private readonly crisisModel?: CrisisModel,
  ) {
    this.routes = new Map(definitions.map((d) => [d.intent, d.route]));
  }

  route(text: string): TriageDecision {
    const windows = textWindows(text);
    const normalized = normalizeText(windows[0] ?? '');
    const rest = windows.slice(1);
    if (isSpanish(text)) return routeSpanish(text, detectRedFlag(normalized) ?? firstHit(rest, detectRedFlag));
    const redFlag =
      detectRedFlag(normalized) ??
      firstHit(rest, detectRedFlag) ??
      // a crisis told across a whole post: every sentence is read together
      detectCrisis(rest.length === 0 ? normalized : normalizeText(text.slice(0, 20_000)));
    if (!redFlag && (EXPLICIT_EMERGENCY.test(normalized) || firstHit(rest, (n) => (EXPLICIT_EMERGENCY.test(n) ? true : undefined)))) {
      return { intent: 'emergency', route: 'emergency', confidence: 1, decidedBy: 'explicit-emergency' };
    }
    const clinical = redFlag ? undefined : (detectClinical(normalized) ?? firstHit(rest, detectClinical));
    const decided = redFlag !== undefined || clinical !== undefined;
    const feats = decided ? [] : features(normalized);
    const ranking = decided ? [] : this.model.classify(feats);
    const top = ranking[0];
    const decision = decideRoute(
      {
        redFlag,
        clinical,
        ranking,
        coverage: decided ? 1 : this.model.coverage(feats),
        support: top ? this.model.support(feats, top.intent) : undefined,
        familiarity: decided ? undefined : this.model.familiarity(feats),
        supportedWords: top ? this.model.supportedWords(feats, top.intent) : 0,
        outOfScope: top ? this.model.contrast(feats, top.intent, OUT_OF_SCOPE_INTENT) : undefined,
      },
      (intent) => this.routes.get(intent),
      this.policy,
    );
    const heard = this.healthGate(decision, normalized, rest);
    return this.crisisInDistress(heard, normalized) ?? heard;
  }

  /**
   * Not about the practice, but about health: a clinician answers, never "didn't understand". A
   * front-desk answer or request the classifier is unsure of gives way to health content too.
   */
  private healthGate(decision: TriageDecision, normalized: string, rest: readonly string[]): TriageDecision {
    const unsure = (decision.route === 'answer' || decision.route === 'request') && decision.confidence < UNSURE_FRONT_DESK;
    if (decision.route !== 'fallback' && !unsure) return decision;
    const health = this.gate.check(normalized) ?? firstHit(rest, (n) => this.gate.check(n));
    if (!health) return decision;
    return { intent: health.intent, route: 'clinical', confidence: decision.confidence, decidedBy: `health-gate:${health.reason}` };
  }

  /**
   * A personal post in distress that the crisis model reads as a crisis: the emergency route with
   * the crisis line.
   */
  private crisisInDistress(decision: TriageDecision, text: string): TriageDecision | undefined {
    // only a post already heard as distress: a question about a symptom or a medicine never is
    if (!this.crisisModel || decision.intent !== 'mental_health') return undefined;
    if (text.length < PERSONAL_POST_CHARS) return undefined;
    if (text.split(' ').filter((w) => w === 'i' || w === 'me' || w === 'my' || w === 'myself').length < PERSONAL_POST_PRONOUNS)
      return undefined;
    const score = this.crisisModel.score(text);
    if (score <= CRISIS_MODEL_THRESHOLD) return undefined;
    return {
      intent: 'emergency',
      route: 'emergency',
      confidence: 1,
      decidedBy: `crisis-model:${score.toFixed(1)}`,
      redFlag: { family: 'self-harm', crisisLine: true, rule: 'crisis-model' },
    };
  }
}

/**
 * A Spanish message: its emergencies get the emergency route (the reply is in Spanish); anything
 * else goes to a person, who can answer in Spanish, rather than to an English "didn't understand".
 */
function routeSpanish(text: string, englishRedFlag: RedFlagHit | undefined): TriageDecision {
  const redFlag = detectSpanishRedFlag(text) ?? englishRedFlag;
  if (redFlag) {
    const { family, crisisLine, rule } = redFlag;
    return {
      intent: 'emergency',
      route: 'emergency',
      confidence: 1,
      decidedBy: `red-flag:${family}`,
      redFlag: { family, crisisLine, rule },
      language: 'es',
    };
  }
  if (isSpanishExplicitEmergency(text)) {
    return { intent: 'emergency', route: 'emergency', confidence: 1, decidedBy: 'explicit-emergency', language: 'es' };
  }
  return { intent: 'spanish', route: 'human', confidence: 1, decidedBy: 'language:es', language: 'es' };
}

/** A post this long, with this many "i / me / my", is someone writing about themselves. */
const PERSONAL_POST_CHARS = 60;
const PERSONAL_POST_PRONOUNS = 2;
/** Log-odds of crisis over depression above which a post in distress gets the crisis reply. */
const CRISIS_MODEL_THRESHOLD = 1.5;

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
