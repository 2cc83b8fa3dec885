import { detectClinical } from './clinical-detector';
import { detectCrisis } from './crisis-detector';
import type { CrisisModel } from './crisis-model';
import { HealthGate } from './health-gate';
import { loadHealthLexicon } from './lexicon/load-health-lexicon';
import type { IntentDefinition } from './intent-data';
import { IntentModel, type ModelKind, type TrainingDoc } from './intent-model';
import { normalizeSpanish } from './normalize-spanish';
import { normalizeText } from './normalize-text';
import { detectRedFlag, type RedFlagHit } from './red-flags';
import { detectRequestShape, type RequestShape } from './request-shape';
import { DEFAULT_POLICY, decideRoute, UNKNOWN_INTENT, type PolicyOptions } from './routing-policy';
import { hasSpanishWords, isClearlyEnglish, readLanguage, SPANISH_EXPLICIT } from './spanish';
import { detectSocialTalk } from './social-talk';
import { checkSpanishHealth } from './spanish-health';
import { features } from './tokenize';
import type { Language, Route, Router, TriageDecision } from './types';

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

/** English words in a Spanish message: the English clinical rules read it too ("tengo un rash, can i take advil"). */
const ENGLISH_WORDS = /\b(?:i|my|the|is|can|do|what|how|take|taking|pain|have|with|should)\b/;

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
  const windows = textWindows(text);
  if (firstHit(windows, (n) => (detectRedFlag(n) !== undefined || EXPLICIT_EMERGENCY.test(n) ? true : undefined)) === true) return true;
  if (!hasSpanishWords(text)) return false;
  return windows.some((w) => {
    const n = normalizeSpanish(w);
    return detectRedFlag(n, 'es') !== undefined || SPANISH_EXPLICIT.test(n);
  });
}

/** The red flag of the first window that has one, read in a language (over that language's normalisation). */
function spanishRedFlag(windows: readonly string[]): RedFlagHit | undefined {
  for (const window of windows) {
    const hit = detectRedFlag(normalizeSpanish(window), 'es');
    if (hit !== undefined) return hit;
  }
  return undefined;
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
    /** Trained on the Spanish and English examples: reads Spanish messages (and their English words). */
    readonly spanishModel?: IntentModel,
  ) {
    this.routes = new Map(definitions.map((d) => [d.intent, d.route]));
  }

  /** The same rules, policy and gates over other classifiers: a retrained model swapped in. */
  withModels(model: IntentModel, spanishModel?: IntentModel): TriageRouter {
    const definitions = [...this.routes].map(([intent, route]) => ({ intent, route }));
    return new TriageRouter(model, definitions, this.policy, this.gate, this.crisisModel, spanishModel);
  }

  /**
   * The decision in the message's own language: the same rules and policy for every language.
   * `conversationLanguage` is what the conversation was written in so far: in a Spanish
   * conversation a message that is not clearly English ("horario?", "sí", a name) is read as Spanish.
   */
  route(text: string, conversationLanguage?: Language): TriageDecision {
    const windows = textWindows(text);
    const language = readLanguage(text);
    if (language.spanish || (conversationLanguage === 'es' && !isClearlyEnglish(text))) return this.triageSpanish(windows);
    const normalized = normalizeText(windows[0] ?? '');
    const rest = windows.slice(1);
    const redFlag =
      detectRedFlag(normalized) ??
      firstHit(rest, detectRedFlag) ??
      // Spanish words in an English message: "my mom tiene dolor de pecho"
      (language.spanishWords ? spanishRedFlag(windows) : undefined) ??
      // a crisis told across a whole post: every sentence is read together
      detectCrisis(rest.length === 0 ? normalized : normalizeText(text.slice(0, 20_000)));
    if (!redFlag && (EXPLICIT_EMERGENCY.test(normalized) || firstHit(rest, (n) => (EXPLICIT_EMERGENCY.test(n) ? true : undefined)))) {
      return { intent: 'emergency', route: 'emergency', confidence: 1, decidedBy: 'explicit-emergency', language: 'en' };
    }
    const request = redFlag || rest.length > 0 ? undefined : detectRequestShape(normalized);
    if (request) return { ...requestDecision(request), language: 'en' };
    const clinical = redFlag ? undefined : (detectClinical(normalized) ?? firstHit(rest, detectClinical));
    const decided = redFlag !== undefined || clinical !== undefined;
    const social = decided || rest.length > 0 ? undefined : detectSocialTalk(normalized);
    if (social) return { intent: social.intent, route: 'answer', confidence: 1, decidedBy: `social-talk:${social.kind}`, language: 'en' };
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
        supportOf: (intent) => this.model.support(feats, intent) ?? 0,
        onTopic: (intent) => this.model.onTopic(feats, intent),
      },
      (intent) => this.routes.get(intent),
      this.policy,
    );
    const heard = this.healthGate(decision, normalized, rest);
    return { ...(this.crisisInDistress(heard, normalized) ?? heard), language: 'en' };
  }

  /**
   * A Spanish message: Spanish red flags, then the English ones (patients mix the two), the
   * clinical rules, the classifier trained on both languages, the same policy, and a health gate
   * over Spanish words for the body, symptoms, medicines and distress.
   */
  private triageSpanish(windows: readonly string[]): TriageDecision {
    const language: Language = 'es';
    const normalized = normalizeSpanish(windows[0] ?? '');
    const english = normalizeText(windows[0] ?? '');
    const redFlag = spanishRedFlag(windows) ?? firstHit(windows, detectRedFlag);
    if (!redFlag && windows.some((w) => SPANISH_EXPLICIT.test(normalizeSpanish(w)) || EXPLICIT_EMERGENCY.test(normalizeText(w)))) {
      return { intent: 'emergency', route: 'emergency', confidence: 1, decidedBy: 'explicit-emergency', language };
    }
    const request = redFlag || windows.length > 1 ? undefined : detectRequestShape(normalized, 'es');
    if (request) return { ...requestDecision(request), language };
    const clinical = redFlag
      ? undefined
      : (detectClinical(normalized, 'es') ?? (ENGLISH_WORDS.test(english) ? detectClinical(english) : undefined));
    const model = this.spanishModel;
    const decided = redFlag !== undefined || clinical !== undefined || model === undefined;
    const feats = decided ? [] : features(normalized);
    const ranking = decided || !model ? [] : model.classify(feats);
    const top = ranking[0];
    const decision = decideRoute(
      {
        redFlag,
        clinical,
        ranking,
        coverage: decided || !model ? 1 : model.coverage(feats),
        support: top && model ? model.support(feats, top.intent) : undefined,
        familiarity: decided || !model ? undefined : model.familiarity(feats),
        supportedWords: top && model ? model.supportedWords(feats, top.intent) : 0,
        outOfScope: top && model ? model.contrast(feats, top.intent, OUT_OF_SCOPE_INTENT) : undefined,
        supportOf: (intent) => model?.support(feats, intent) ?? 0,
      },
      (intent) => this.routes.get(intent),
      this.policy,
    );
    if (decision.intent === UNKNOWN_INTENT && model === undefined) {
      // no Spanish classifier: a person reads it
      return { intent: 'spanish', route: 'human', confidence: 1, decidedBy: 'language:es', language };
    }
    const unsure = (decision.route === 'answer' || decision.route === 'request') && decision.confidence < UNSURE_FRONT_DESK;
    if (decision.route === 'fallback' || unsure) {
      const health = checkSpanishHealth(normalized);
      if (health)
        return {
          intent: health.intent,
          route: 'clinical',
          confidence: decision.confidence,
          decidedBy: `health-gate:${health.reason}`,
          language,
        };
    }
    return { ...decision, language };
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

/** A request recognised by its shape: a refill or an appointment, decided by the rule. */
function requestDecision(request: RequestShape): TriageDecision {
  return { intent: request.intent, route: 'request', confidence: 1, decidedBy: `request-shape:${request.rule}` };
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

/**
 * The Spanish classifier's training set: the Spanish examples (normalizeSpanish) and the English
 * ones (normalizeText), since patients mix the two. None when no intent has Spanish examples.
 */
export function spanishTrainingDocs(definitions: readonly IntentDefinition[]): TrainingDoc[] {
  if (definitions.every((d) => d.spanishExamples.length === 0)) return [];
  return [
    ...trainingDocs(definitions),
    ...definitions.flatMap((d) => d.spanishExamples.map((e) => ({ intent: d.intent, features: features(normalizeSpanish(e)) }))),
  ];
}

export function trainRouter(
  definitions: readonly IntentDefinition[],
  kind: ModelKind,
  policy: PolicyOptions = DEFAULT_POLICY,
): TriageRouter {
  const spanish = spanishTrainingDocs(definitions);
  return new TriageRouter(
    IntentModel.train(kind, trainingDocs(definitions)),
    definitions,
    policy,
    undefined,
    undefined,
    spanish.length > 0 ? IntentModel.train(kind, spanish) : undefined,
  );
}
