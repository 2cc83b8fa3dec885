import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier';
import { IntentModel, type TrainingDoc } from '../../../src/triage/intent-model';

const DOCS: TrainingDoc[] = [
  { intent: 'hours', features: ['what', 'time', 'open', 'what_time'] },
  { intent: 'hours', features: ['are', 'you', 'open', 'today'] },
  { intent: 'parking', features: ['where', 'park', 'car'] },
  { intent: 'parking', features: ['is', 'there', 'park', 'lot'] },
];

describe('IntentModel (natural Bayes)', () => {
  it('when trained, then it holds the same counts as natural BayesClassifier.train()', () => {
    const ours = IntentModel.train('bayes', DOCS, 0.02).serialize().natural as { classifier: unknown };
    const natural = new BayesClassifier(undefined, 0.02);
    for (const d of DOCS) natural.addDocument(d.features, d.intent);
    natural.train();
    expect(JSON.parse(JSON.stringify(ours.classifier))).toEqual(JSON.parse(JSON.stringify(natural.classifier)));
  });

  it('when a long message is scored, then the scores stay a distribution (no underflow to 0)', () => {
    const model = IntentModel.train('bayes', DOCS);
    const ranking = model.classify(Array.from({ length: 400 }, (_, i) => (i % 2 ? 'park' : 'open')));
    const total = ranking.reduce((s, r) => s + r.score, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(ranking.every((r) => Number.isFinite(r.score))).toBe(true);
  });

  it('when restored from its serialised form, then it ranks exactly as before', () => {
    const model = IntentModel.train('bayes', DOCS);
    const restored = IntentModel.restore(JSON.parse(JSON.stringify(model.serialize())));
    expect(restored.classify(['where', 'park'])).toEqual(model.classify(['where', 'park']));
  });

  it('when a message is measured against a contrast intent, then words only the contrast uses and words only the intent uses are counted apart', () => {
    const model = IntentModel.train('bayes', [...DOCS, { intent: 'chatter', features: ['set', 'alarm', 'open', 'window'] }]);
    // "open" is shared with hours, "alarm" belongs to chatter alone, "car" to parking alone
    expect(model.contrast(['set', 'alarm', 'open'], 'hours', 'chatter')).toEqual({ own: 0, foreign: 2 });
    expect(model.contrast(['where', 'park', 'alarm'], 'parking', 'chatter')).toEqual({ own: 1, foreign: 1 });
  });
});
