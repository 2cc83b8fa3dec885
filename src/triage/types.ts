/** The route contract: tools, tests and the bot rely on these names; add, never rename. */
export const ROUTES = ['answer', 'request', 'clinical', 'emergency', 'human', 'fallback'] as const;
export type Route = (typeof ROUTES)[number];

/** The routes that put a thread in front of staff, most urgent first. */
export const ESCALATION_ROUTES = ['emergency', 'clinical', 'request', 'human'] as const satisfies readonly Route[];
export type EscalationRoute = (typeof ESCALATION_ROUTES)[number];

/** The languages the router reads: rules, phrasings and training examples exist in each. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Families of red-flag emergencies; `crisisLine` families also get 988. */
export type RedFlagFamily =
  | 'cardiac'
  | 'stroke'
  | 'breathing'
  | 'anaphylaxis'
  | 'bleeding'
  | 'overdose'
  | 'seizure'
  | 'unresponsive'
  | 'choking'
  | 'head-injury'
  | 'pregnancy'
  | 'infant-fever'
  | 'self-harm'
  | 'violence'
  | 'trauma'
  | 'environmental'
  | 'diabetic'
  | 'severe-pain';

/** One routing decision, with the reasoning visible: which rule or intent decided. */
export interface TriageDecision {
  intent: string;
  route: Route;
  /** 0..1; 1 for a rule that decided. */
  confidence: number;
  /** e.g. "red-flag:cardiac", "clinical-rule:medication-dose", "classifier", "low-confidence". */
  decidedBy: string;
  redFlag?: { family: RedFlagFamily; crisisLine: boolean; /** id of the rule that fired */ rule?: string };
  /** On a fallback: the intent the classifier leaned to, too weakly to act on. */
  candidate?: string;
  /** The language the message was read in. */
  language?: Language;
}

export interface Router {
  /** `conversationLanguage`: the language the conversation was written in so far, if known. */
  route(text: string, conversationLanguage?: Language): TriageDecision;
}
