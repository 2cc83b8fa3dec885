import type { Route, TriageDecision } from './types';

export interface LabelRefusal {
  code: 'emergency_rule' | 'emergency_from_rules';
  message: string;
}

/** An emergency decided by a rule (red flags, the crisis detector, "call 911"), not by the classifier. */
export function ruleEmergency(decision: TriageDecision): boolean {
  return decision.route === 'emergency' && !decision.decidedBy.startsWith('classifier:');
}

/**
 * Safety rules are code, not data: a label may not change what an emergency rule decides. A
 * message a rule calls an emergency stays one, whatever it is labelled; and a label cannot make an
 * emergency of a message no rule fires on, since the 911 reply must never depend on training data.
 */
export function refuseLabel(decision: TriageDecision, labelledRoute: Route): LabelRefusal | undefined {
  const rule = ruleEmergency(decision);
  if (rule && labelledRoute !== 'emergency') {
    const family = decision.redFlag?.family ?? decision.decidedBy;
    return {
      code: 'emergency_rule',
      message: `An emergency rule (${family}) decides that this message is an emergency, and safety rules are code, not data: a label cannot make it ${labelledRoute}. If the rule is wrong for messages like this one, ask for the rule itself to be changed.`,
    };
  }
  if (!rule && labelledRoute === 'emergency') {
    return {
      code: 'emergency_from_rules',
      message:
        'Emergencies come from the red-flag rules, never from labels: no rule fires on this message, so a label cannot make it an emergency. Label it as a symptom for a clinician, and ask for a red-flag rule if messages like it are emergencies.',
    };
  }
  return undefined;
}
