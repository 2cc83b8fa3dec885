import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const router = loadRouter();
  return { route: (text: string) => router.route(text).route };
}

describe('everyday assistant requests against front-desk intents', () => {
  const { route } = setup();

  it('when someone asks for a timer, an alarm or a song, then it is out of scope, not an appointment request', () => {
    expect(route('please start a timer for twenty minutes')).toBe('fallback');
    expect(route('i need you to set an alarm for 5 am')).toBe('fallback');
    expect(route('can you put the next song on')).toBe('fallback');
  });

  it('when a patient books or moves a visit and mentions everyday things, then the request is still taken', () => {
    expect(route('i need to reschedule because my flight got delayed')).toBe('request');
    expect(route('cancel my appointment tomorrow, the babysitter bailed')).toBe('request');
    expect(route('can you book me in for a physical next tuesday')).toBe('request');
  });

  it('when a patient asks a front-desk question with an everyday word in it, then it is still answered', () => {
    expect(route('can i pay my bill with my phone')).toBe('answer');
    expect(route('thanks so much, enjoy your weekend at the lake')).toBe('answer');
  });
});
