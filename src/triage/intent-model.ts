import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { isContentFeature } from './tokenize';

export const DEFAULT_SMOOTHING = 0.02;

export type ModelKind = 'bayes' | 'logreg';
export const MODEL_KINDS: readonly ModelKind[] = ['bayes', 'logreg'];

export interface TrainingDoc {
  intent: string;
  features: string[];
}

export interface IntentScore {
  intent: string;
  /** 0..1: the Bayes posterior, or the logistic one-vs-rest probability. */
  score: number;
}

/** What the cache stores: natural's own serialisation of the trained classifier. */
export interface SerializedModel {
  kind: ModelKind;
  natural: Record<string, unknown>;
}

/**
 * An intent classifier trained with natural. Scoring reads natural's trained parameters
 * directly: natural's Bayes multiplies raw probabilities (underflowing to 0 on long
 * messages) and maps each observation over the whole vocabulary (O(vocabulary) per
 * message); here the same model is scored in log space over the message's own features.
 */
export class IntentModel {
  private readonly index: Map<string, number>;
  private readonly labels: string[];
  private readonly scorer: (ids: number[]) => number[];
  /** Content stems seen in each intent's examples. */
  private readonly vocabulary: Map<string, Set<string>>;
  /** How many intents' examples each content stem occurs in. */
  private readonly intentsPerWord = new Map<string, number>();
  /** Each intent's topic: the content stems its examples use far more often than examples in general. */
  private readonly topics: Map<string, Set<string>>;

  private constructor(
    readonly kind: ModelKind,
    private readonly classifier: BayesClassifier | LogisticRegressionClassifier,
  ) {
    this.index = new Map(Object.keys(classifier.features).map((f, i) => [f, i]));
    this.vocabulary = new Map();
    for (const doc of classifier.docs as unknown as Array<{ label: string; text: string[] }>) {
      const words = this.vocabulary.get(doc.label) ?? new Set<string>();
      for (const feature of doc.text) if (isContentFeature(feature)) words.add(feature);
      this.vocabulary.set(doc.label, words);
    }
    for (const words of this.vocabulary.values()) for (const w of words) this.intentsPerWord.set(w, (this.intentsPerWord.get(w) ?? 0) + 1);
    this.topics = topicWords(classifier.docs as unknown as Array<{ label: string; text: string[] }>);
    if (kind === 'bayes') {
      const bayes = (classifier as BayesClassifier).classifier;
      this.labels = Object.keys(bayes.classFeatures);
      this.scorer = bayesScorer(this.labels, bayes);
    } else {
      const logreg = readLogReg(classifier.classifier);
      this.labels = logreg.labels;
      this.scorer = (ids) => logreg.theta.map((theta) => sigmoid(ids.reduce((sum, id) => sum + (theta[id] ?? 0), 0)));
    }
  }

  /**
   * natural's Bayes gives an unseen feature the count `smoothing` against 1 + smoothing for a
   * feature seen once; its default of 1 flattens every posterior, so a smaller one is used.
   */
  static train(kind: ModelKind, docs: readonly TrainingDoc[], smoothing = DEFAULT_SMOOTHING): IntentModel {
    const classifier = kind === 'bayes' ? new BayesClassifier(PorterStemmer, smoothing) : new LogisticRegressionClassifier(PorterStemmer);
    const usable = kind === 'logreg' ? pruneForLogReg(docs) : docs;
    for (const doc of usable) classifier.addDocument(doc.features, doc.intent);
    if (classifier instanceof BayesClassifier) trainBayesSparse(classifier);
    else classifier.train();
    return new IntentModel(kind, classifier);
  }

  static restore(serialized: SerializedModel): IntentModel {
    const classifier =
      serialized.kind === 'bayes' ? BayesClassifier.restore(serialized.natural) : LogisticRegressionClassifier.restore(serialized.natural);
    return new IntentModel(serialized.kind, classifier);
  }

  serialize(): SerializedModel {
    return { kind: this.kind, natural: JSON.parse(JSON.stringify(this.classifier)) as Record<string, unknown> };
  }

  /** Share of the message's features that the model has seen in training. */
  coverage(features: readonly string[]): number {
    if (features.length === 0) return 0;
    return features.filter((f) => this.index.has(f)).length / features.length;
  }

  /**
   * Share of the message's content words (not function words, not bigrams) that occur in
   * the intent's own examples; undefined when the message has no content word. "how long
   * do brownies bake" scores 0 for faq/lab-results-timing: only its function words match.
   */
  support(features: readonly string[], intent: string): number | undefined {
    const content = features.filter(isContentFeature);
    if (content.length === 0) return undefined;
    const known = this.vocabulary.get(intent);
    return content.filter((f) => known?.has(f) === true).length / content.length;
  }

  /** How many of the message's content words occur in the intent's examples. */
  supportedWords(features: readonly string[], intent: string): number {
    const known = this.vocabulary.get(intent);
    return features.filter((f) => isContentFeature(f) && known?.has(f) === true).length;
  }

  /**
   * The message's content words measured against a contrast intent: `own` counts those the
   * intent's examples use and the contrast's do not, `foreign` those only the contrast uses.
   */
  contrast(features: readonly string[], intent: string, against: string): { own: number; foreign: number } {
    const mine = this.vocabulary.get(intent);
    const theirs = this.vocabulary.get(against);
    let own = 0;
    let foreign = 0;
    for (const f of features) {
      if (!isContentFeature(f) || !theirs) continue;
      if (mine?.has(f) === true && !theirs.has(f)) own += 1;
      else if (theirs.has(f) && this.intentsPerWord.get(f) === 1) foreign += 1;
    }
    return { own, foreign };
  }

  /**
   * Whether the message names the intent's topic: one of its words is a topic word of the
   * intent (see topicWords). "what zelda games are available" shares "available" with
   * appointments, but no word that is about appointments.
   */
  onTopic(features: readonly string[], intent: string): boolean {
    const topic = this.topics.get(intent);
    return topic !== undefined && features.some((f) => topic.has(f));
  }

  /** The intent's topic words (for reports and tests). */
  topicOf(intent: string): readonly string[] {
    return [...(this.topics.get(intent) ?? [])];
  }

  /** Share of the message's content words seen in any intent's examples. */
  familiarity(features: readonly string[]): number | undefined {
    const content = features.filter(isContentFeature);
    if (content.length === 0) return undefined;
    return content.filter((f) => this.index.has(f)).length / content.length;
  }

  /** Intents best first. */
  classify(features: readonly string[]): IntentScore[] {
    const ids: number[] = [];
    for (const feature of features) {
      const id = this.index.get(feature);
      if (id !== undefined) ids.push(id);
    }
    const scores = this.scorer(ids);
    return this.labels.map((intent, i) => ({ intent, score: scores[i] ?? 0 })).sort((a, b) => b.score - a.score);
  }
}

interface BayesParameters {
  classFeatures: Record<string, Record<number, number>>;
  classTotals: Record<string, number>;
  totalExamples: number;
  smoothing: number;
}

function bayesScorer(labels: string[], p: BayesParameters): (ids: number[]) => number[] {
  return (ids) => {
    const logs = labels.map((label) => {
      const counts = p.classFeatures[label] ?? {};
      const total = p.classTotals[label] ?? 1;
      let log = Math.log(total / p.totalExamples);
      for (const id of ids) log += Math.log((counts[id] ?? p.smoothing) / total);
      return log;
    });
    const max = Math.max(...logs);
    const exps = logs.map((l) => Math.exp(l - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / sum);
  };
}

interface LogRegParameters {
  labels: string[];
  theta: number[][];
}

/** natural keeps the weights as sylvester vectors: `{ elements: number[] }` once serialised. */
function readLogReg(apparatus: unknown): LogRegParameters {
  const value = apparatus as { classifications?: unknown; theta?: unknown };
  if (!Array.isArray(value.classifications) || !Array.isArray(value.theta)) {
    throw new Error('logistic regression model is not trained (no theta): retrain it');
  }
  const theta = value.theta.map((t: unknown) => {
    const elements = (t as { elements?: unknown }).elements;
    if (!Array.isArray(elements)) throw new Error('logistic regression weights are malformed: retrain it');
    return elements.map(Number);
  });
  return { labels: value.classifications.map(String), theta };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * natural's logistic regression trains by dense batch gradient descent over a docs x features
 * matrix, once per intent: with every unigram and bigram it does not finish in an hour. It
 * gets the unigrams seen in at least LOGREG_MIN_DF examples.
 */
const LOGREG_MIN_DF = 3;

function pruneForLogReg(docs: readonly TrainingDoc[]): TrainingDoc[] {
  const df = new Map<string, number>();
  for (const doc of docs) for (const f of doc.features) if (!f.includes('_')) df.set(f, (df.get(f) ?? 0) + 1);
  return docs
    .map((doc) => ({ intent: doc.intent, features: doc.features.filter((f) => (df.get(f) ?? 0) >= LOGREG_MIN_DF) }))
    .filter((doc) => doc.features.length > 0);
}

/**
 * Same counts as natural's BayesClassifier.train(), which first turns every document into a
 * dense 0/1 vector over the whole vocabulary (O(documents x vocabulary), over a second for
 * the intents): the apparatus model underneath also takes sparse observations
 * ({position: featureIndex}), so each document costs only its own features.
 */
function trainBayesSparse(classifier: BayesClassifier): void {
  const index = new Map(Object.keys(classifier.features).map((f, i) => [f, i]));
  const docs = classifier.docs as unknown as Array<{ label: string; text: string[] }>;
  for (const doc of docs) {
    const sparse: Record<string, number> = {};
    doc.text.forEach((feature, position) => {
      const id = index.get(feature);
      if (id !== undefined) sparse[String(position)] = id;
    });
    const model = classifier.classifier;
    model.addExample(sparse, doc.label);
    // apparatus counts examples only on its dense path
    model.totalExamples += 1;
    model.classTotals[doc.label] = (model.classTotals[doc.label] ?? 1) + 1;
  }
  classifier.lastAdded = docs.length;
  classifier.classifier.train();
  // apparatus's sparse path assigns an undeclared `value`, which lands on globalThis
  delete (globalThis as { value?: unknown }).value;
}

/** Examples of an intent a stem must occur in to be one of its topic words. */
const TOPIC_MIN_EXAMPLES = 2;
/** How many times more often the intent's examples use the stem than all examples do. */
const TOPIC_MIN_LIFT = 4;

/**
 * The topic words of every intent: content stems (and stem bigrams) that occur in at least
 * TOPIC_MIN_EXAMPLES of the intent's examples (or only in its examples: a plan's name),
 * TOPIC_MIN_LIFT times more often there than in all examples. Words every intent uses ("how much", "need") belong to no topic.
 */
function topicWords(docs: ReadonlyArray<{ label: string; text: string[] }>): Map<string, Set<string>> {
  const perIntent = new Map<string, Map<string, number>>();
  const examples = new Map<string, number>();
  const total = new Map<string, number>();
  for (const doc of docs) {
    const counts = perIntent.get(doc.label) ?? new Map<string, number>();
    perIntent.set(doc.label, counts);
    examples.set(doc.label, (examples.get(doc.label) ?? 0) + 1);
    for (const feature of new Set(doc.text)) {
      if (!isTopicFeature(feature)) continue;
      counts.set(feature, (counts.get(feature) ?? 0) + 1);
      total.set(feature, (total.get(feature) ?? 0) + 1);
    }
  }
  const topics = new Map<string, Set<string>>();
  for (const [intent, counts] of perIntent) {
    const size = examples.get(intent) ?? 1;
    const topic = new Set<string>();
    for (const [feature, n] of counts) {
      const lift = n / size / ((total.get(feature) ?? n) / docs.length);
      const own = n === (total.get(feature) ?? 0);
      if ((n >= TOPIC_MIN_EXAMPLES || own) && lift >= TOPIC_MIN_LIFT) topic.add(feature);
    }
    topics.set(intent, topic);
  }
  return topics;
}

/** A content stem, or a bigram of two stems of which one carries meaning. */
function isTopicFeature(feature: string): boolean {
  if (!feature.includes('_')) return isContentFeature(feature);
  return feature.split('_').some(isContentFeature);
}
