import path from 'node:path';
import { evaluate } from '../../../src/triage/eval-metrics';
import { readEvalRows } from '../../../src/triage/eval-rows';
import { loadRouter } from '../../../src/triage/load-router';

const HELDOUT = path.resolve(__dirname, '../../fixtures/triage/heldout.jsonl');

/** The targets of issue 3, fixed here so a regression fails the build. */
const TARGETS = {
  emergencyRecall: 1,
  maxFalseEmergencyRate: 0.02,
  maxClinicalLeakRate: 0.005,
  minAcceptedRate: 0.9,
  minMacroF1: 0.85,
};

function setup() {
  const rows = readEvalRows(HELDOUT);
  const router = loadRouter();
  return { rows, report: evaluate(rows, rows.map((r) => router.route(r.text))) };
}

describe('router on the project held-out file', () => {
  const { rows, report } = setup();

  it('when the held-out file is read, then it has rows of every route', () => {
    expect(new Set(rows.map((r) => r.route)).size).toBe(6);
  });

  it('when every emergency row is routed, then none is missed', () => {
    expect(report.emergencyRecall).toBeGreaterThanOrEqual(TARGETS.emergencyRecall);
  });

  it('when non-emergency rows are routed, then at most 2% raise a false alarm', () => {
    expect(report.falseEmergencyRate).toBeLessThanOrEqual(TARGETS.maxFalseEmergencyRate);
  });

  it('when clinical rows are routed, then at most 0.5% are answered by the bot', () => {
    expect(report.clinicalLeakRate).toBeLessThanOrEqual(TARGETS.maxClinicalLeakRate);
  });

  it('when all rows are routed, then at least 90% get an accepted route and macro-F1 is at least 0.85', () => {
    expect(report.acceptedRate).toBeGreaterThanOrEqual(TARGETS.minAcceptedRate);
    expect(report.macroF1).toBeGreaterThanOrEqual(TARGETS.minMacroF1);
  });
});
