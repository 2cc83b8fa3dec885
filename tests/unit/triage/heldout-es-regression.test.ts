import path from 'node:path';
import { deliveredDecision } from '../../../src/faq/delivered-decision';
import { loadKnowledgeBase } from '../../../src/faq/knowledge-base';
import { evaluateByLanguage } from '../../../src/triage/eval-by-language';
import { readEvalRows } from '../../../src/triage/eval-rows';
import { loadRouter } from '../../../src/triage/load-router';

/** The Spanish targets, fixed here so a regression fails the build. */
const TARGETS = { emergencyRecall: 1, minFrontDesk: 0.9, minAccepted: 0.9 };
const FILES = ['heldout-es.jsonl', 'heldout-es-2.jsonl', 'heldout-es-3.jsonl'].map((f) =>
  path.resolve(__dirname, '../../fixtures/triage', f),
);

function setup() {
  const router = loadRouter();
  const kb = loadKnowledgeBase();
  const rows = FILES.flatMap((file) => readEvalRows(file));
  const predictions = rows.map((r) => deliveredDecision(router.route(r.text), kb));
  const [report] = evaluateByLanguage(rows, predictions);
  if (!report) throw new Error('no Spanish rows');
  return { rows, predictions, report };
}

describe('router on the Spanish held-out files, as delivered', () => {
  const { rows, predictions, report } = setup();

  it('when every emergency row is routed, then none is missed', () => {
    expect(report.emergencyRows).toBeGreaterThan(80);
    expect(report.emergencyHits / report.emergencyRows).toBeGreaterThanOrEqual(TARGETS.emergencyRecall);
  });

  it('when front-desk questions are routed, then at least 90% are answered in Spanish with the right answer', () => {
    expect(report.answerIntentHits / report.answerIntentRows).toBeGreaterThanOrEqual(TARGETS.minFrontDesk);
  });

  it('when clinical rows are routed, then none is answered by the bot and none raises a false alarm', () => {
    expect(report.clinicalLeaks).toBe(0);
    expect(report.falseEmergencies).toBe(0);
  });

  it('when all rows are routed, then at least 90% get an accepted route, and every answer is in Spanish', () => {
    expect(report.accepted / report.rows).toBeGreaterThanOrEqual(TARGETS.minAccepted);
    const answered = rows.map((_, i) => predictions[i]).filter((p) => p?.route === 'answer');
    expect(answered.filter((p) => p?.language !== 'es')).toEqual([]);
  });
});
