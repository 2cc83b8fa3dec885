import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { route: (text: string) => router.route(text) };
}

describe('small talk, thanks and goodbyes', () => {
  const { route } = setup();

  it.each([
    ['sayonara', 'thanks'],
    ['ok see you around!', 'thanks'],
    ['you have my gratitude', 'thanks'],
    ['thanks please', 'thanks'],
    ['i have to get going now', 'thanks'],
    ['it was lovely talking with you', 'thanks'],
    ['yo anybody there', 'greeting'],
    ['how are you doing today, bot', 'greeting'],
  ])('when a patient writes "%s", then the front desk answers it as %s', (text, intent) => {
    expect(route(text)).toMatchObject({ route: 'answer', intent });
  });

  it.each([
    'thanks, my chest hurts and my left arm is numb',
    'thank you, can i take ibuprofen with my blood pressure pills',
    'hi i have had a fever since monday',
    'bye, i am not feeling well at all',
  ])('when a pleasantry comes with something about health ("%s"), then it is not small talk', (text) => {
    expect(['clinical', 'emergency']).toContain(route(text).route);
  });

  it.each([
    'bye forever',
    'goodbye cruel world',
    'this is goodbye',
    'thanks for all your help, goodbye for good',
    'tell my family i love them, goodbye',
    'i just wanted to say goodbye to everyone',
    'goodbye, i love you all',
    'adiós para siempre',
  ])('when a goodbye is a final one ("%s"), then it gets the crisis reply, not a pleasantry', (text) => {
    expect(route(text)).toMatchObject({ route: 'emergency', redFlag: { crisisLine: true } });
  });

  it('when thanks come with a request, then the request is taken', () => {
    expect(route('thanks, can you book me in for a physical next week').route).toBe('request');
  });

  it('when a goodbye comes with an opt-out, then the opt-out is heard', () => {
    expect(route('bye, stop messaging me').intent).toBe('opt_out');
  });
});
