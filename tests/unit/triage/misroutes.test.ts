import { isEmergencyUpdate } from '../../../src/bot/emergency-update';
import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { route: (text: string) => router.route(text) };
}

describe('misroutes found by trying it', () => {
  const { route } = setup();

  it('when asked whether the chat is HIPAA compliant, then it is the privacy answer, not a data-deletion request', () => {
    expect(route('is this chat hipaa compliant?')).toMatchObject({ route: 'answer', intent: 'faq/privacy' });
    expect(route('can anyone else read my messages here')).toMatchObject({ route: 'answer', intent: 'faq/privacy' });
    expect(route('please delete all my data')).toMatchObject({ route: 'human', intent: 'data_deletion' });
  });

  it('when asked for a flu shot at the practice, then it is the vaccines answer, not the clinical team', () => {
    expect(route('can I get my flu shot there?')).toMatchObject({ route: 'answer', intent: 'faq/vaccines' });
    expect(route('do you guys have covid boosters in stock')).toMatchObject({ route: 'answer', intent: 'faq/vaccines' });
  });

  it("when a vaccine question is about the patient's own health, then it stays clinical", () => {
    expect(route('is the flu shot safe while pregnant').route).toBe('clinical');
    expect(route('my arm is swollen and red after the covid shot').route).toBe('clinical');
  });

  it('when the patient reports that 911 was called, then it is a follow-up, not a new red flag', () => {
    const decision = route('yes I called 911, the ambulance is here');
    expect(decision.redFlag).toBeUndefined();
    expect(isEmergencyUpdate('yes I called 911, the ambulance is here', decision)).toBe(true);
  });

  it('when a follow-up also carries a new red flag, then it is not a mere follow-up', () => {
    const text = 'i called 911 but he stopped breathing';
    expect(isEmergencyUpdate(text, route(text))).toBe(false);
  });
});
