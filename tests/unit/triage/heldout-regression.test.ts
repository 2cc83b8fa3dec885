import path from 'node:path';
import { evaluate } from '../../../src/triage/eval-metrics';
import { readEvalRows } from '../../../src/triage/eval-rows';
import { loadRouter } from '../../../src/triage/load-router';

const HELDOUT = path.resolve(__dirname, '../../fixtures/triage/heldout.jsonl');

/** The router's targets, fixed here so a regression fails the build. */
const TARGETS = {
  emergencyRecall: 1,
  minCrisisRecall: 0.8,
  maxFalseEmergencyRate: 0.02,
  maxClinicalLeakRate: 0.005,
  maxHealthFallbackRate: 0.01,
  maxHumanRate: 0.1,
  minAcceptedRate: 0.93,
  minMacroF1: 0.85,
};

function setup() {
  const rows = readEvalRows(HELDOUT);
  const router = loadRouter();
  const predictions = rows.map((r) => router.route(r.text));
  return { rows, predictions, report: evaluate(rows, predictions) };
}

describe('router on the project held-out file', () => {
  const { rows, predictions, report } = setup();

  it('when the held-out file is read, then it has rows of every route', () => {
    expect(new Set(rows.map((r) => r.route)).size).toBe(6);
  });

  it('when every strict emergency row (not a crisis post) is routed, then none is missed', () => {
    const strict = rows.map((row, i) => [row, predictions[i]] as const).filter(([row]) => row.route === 'emergency' && row.crisis !== true);
    expect(strict.length).toBeGreaterThan(0);
    expect(strict.filter(([, p]) => p?.route === 'emergency').length / strict.length).toBeGreaterThanOrEqual(TARGETS.emergencyRecall);
  });

  it('when non-emergency rows are routed, then at most 2% raise a false alarm', () => {
    expect(report.falseEmergencyRate).toBeLessThanOrEqual(TARGETS.maxFalseEmergencyRate);
  });

  it('when clinical rows are routed, then at most 0.5% are answered by the bot', () => {
    expect(report.clinicalLeakRate).toBeLessThanOrEqual(TARGETS.maxClinicalLeakRate);
  });

  it('when crisis posts are routed, then at least 80% get the emergency reply', () => {
    expect(report.crisisRows).toBeGreaterThan(0);
    expect(report.crisisRecall).toBeGreaterThanOrEqual(TARGETS.minCrisisRecall);
  });

  it('when health messages are routed, then at most 1% are told "didn\'t understand"', () => {
    expect(report.healthFallbackRate).toBeLessThanOrEqual(TARGETS.maxHealthFallbackRate);
  });

  it('when all rows are routed, then at most 10% go to a person', () => {
    expect(report.humanRate).toBeLessThanOrEqual(TARGETS.maxHumanRate);
  });

  it('when all rows are routed, then at least 93% get an accepted route and macro-F1 is at least 0.85', () => {
    expect(report.acceptedRate).toBeGreaterThanOrEqual(TARGETS.minAcceptedRate);
    expect(report.macroF1).toBeGreaterThanOrEqual(TARGETS.minMacroF1);
  });
});
