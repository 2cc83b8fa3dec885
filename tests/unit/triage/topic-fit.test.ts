import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { route: (text: string) => router.route(text) };
}

describe('a front-desk answer or request claims only a message about its topic', () => {
  const { route } = setup();

  it.each([
    'review my resume for typos',
    'can you recommend a good laptop',
    'what is going on with the election',
    'i need to find a new babysitter',
    'who is the tallest person ever recorded',
  ])('when a patient asks something off-topic ("%s"), then it is out of scope, not an answer or a request', (text) => {
    expect(route(text).route).toBe('fallback');
  });

  it.each([
    ['do u take blue cross', 'faq/insurance'],
    ['what should i bring to my first visit', 'faq/what-to-bring'],
    ['can i get seen by the doctor before friday', 'appointment'],
    ['how do i pay my bill', 'faq/billing'],
  ])('when a patient asks "%s", then it is still answered as %s', (text, intent) => {
    expect(route(text).intent).toBe(intent);
  });

  it('when an off-topic message also talks about the body, then a clinician reads it', () => {
    expect(route('can you recommend a good laptop, my wrist keeps swelling up').route).toBe('clinical');
  });
});
