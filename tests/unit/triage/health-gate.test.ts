import { editDistance, HealthGate } from '../../../src/triage/health-gate';
import { loadHealthLexicon } from '../../../src/triage/lexicon/load-health-lexicon';
import { loadRouter } from '../../../src/triage/load-router';
import { normalizeText } from '../../../src/triage/normalize-text';

function setup() {
  const gate = new HealthGate(loadHealthLexicon());
  const router = loadRouter();
  return { check: (text: string) => gate.check(normalizeText(text)), route: (text: string) => router.route(text) };
}

describe('health gate', () => {
  const { check, route } = setup();

  it.each([
    ['can i take tyelnol with my amoxicilin', 'tylenol'],
    ['is metfromin ok with grapefruit juice', 'metformin'],
    ['what does lisinoprill do', 'lisinopril'],
    ['gabapentine makes me sleepy', 'gabapentin'],
  ])('when a medicine is misspelled ("%s"), then it is read as %s', (text, drug) => {
    expect(check(text)?.reason).toBe(
      `drug:${drug}<${normalizeText(text)
        .split(' ')
        .find((w) => w !== drug && editDistance(w, drug, 2) <= 2)}`,
    );
    expect(check(text)?.intent).toBe('medication_question');
  });

  it.each(['my heart does a weird flip when i stand up', 'his left arm tingles off and on', 'my eyes water all day at work'])(
    'when an everyday body word belongs to someone ("%s"), then the message is a health matter',
    (text) => {
      expect(check(text)?.reason).toMatch(/^personal:/);
    },
  );

  it.each(['my heart goes out to everyone at the front desk', 'off the top of my head i do not know', 'they charged me behind my back'])(
    'when the body word is an idiom ("%s"), then it is no health content',
    (text) => {
      expect(check(text)).toBeUndefined();
    },
  );

  it.each(['zyrtec and a glass of wine', 'what is glucophage', 'prozac for a teenager'])(
    'when a brand name is used ("%s"), then it is a medicine question',
    (text) => {
      expect(check(text)?.intent).toBe('medication_question');
    },
  );

  it.each([
    'what foods should someone with gout avoid',
    'ringing in my ears after the concert last night',
    'itchy red patches on my elbows that flake',
    'i feel hopeless and empty most days',
    // a worried question about someone's body, in words of few health senses
    'whats the deal with the white spots on my nails',
    "my baby's poop is green and kinda mucusy is that ok",
  ])('when "%s", then the gate hears health', (text) => {
    expect(check(text)).toBeDefined();
  });

  it.each([
    'set an alarm for 6am',
    'what is the capital of peru',
    'how do i change a flat tire',
    'can you recommend a good italian restaurant',
    'please spell check my resume',
    'find me flights to denver',
    "i'm scared of spiders",
    'my car makes a weird noise, is that normal',
    'my phone screen has spots, is that bad',
  ])('when "%s" is not about health, then the gate stays closed', (text) => {
    expect(check(text)).toBeUndefined();
  });

  it('when a long forum-style question describes symptoms without a question, then it goes to a clinician, not fallback', () => {
    const post =
      'Hello everyone. For the last three months I have had this strange thing where my fingers go white and then blue when ' +
      'I get cold, and afterwards they throb and turn red. It happens mostly in the mornings on my way to work. My aunt had ' +
      'something similar. I am 34 and otherwise fine, I do not smoke. I have been wearing two pairs of gloves but it still happens.';
    expect(route(post).route).toBe('clinical');
  });

  it('when a misspelled drug question arrives through the router, then it is clinical, never fallback', () => {
    expect(route('how much zyrtek can a 6 year old have').route).toBe('clinical');
  });

  it('when edit distance is asked for, then swaps count as one edit and it stops past the limit', () => {
    expect(editDistance('tyelnol', 'tylenol', 1)).toBe(1);
    expect(editDistance('metfromin', 'metformin', 2)).toBe(1);
    expect(editDistance('aspirin', 'insulin', 1)).toBe(2);
  });

  it.each([
    ['my daughter threw up twice in the car', 'throw up'],
    ['he has thrown up since breakfast', 'throw up'],
    ['i bled through my bandage overnight', 'bleed'],
  ])('when a bodily verb is in an irregular past form ("%s"), then it is read as %s', (text, term) => {
    expect(check(text)?.reason).toBe(`condition:${term}`);
  });

  it('when a patient says a child threw up, then a clinician gets it, never "didn\'t understand"', () => {
    expect(route('my kid threw up twice in the car on the way home').route).toBe('clinical');
  });

  it('when a post of short sentences in which "i" speaks names no health word, then a clinician reads it, never "didn\'t understand"', () => {
    expect(route('Lost the apartment. Nobody calls back. I keep sitting in the car for hours.').route).not.toBe('fallback');
    expect(check('Skipped work again. Could not face anyone. I stayed in the dark all day.')?.reason).toBe('personal-post');
  });

  it('when a request of several clauses has no "i" telling a story, then the story rule does not claim it', () => {
    expect(check('play that song, the one with the whistling, from the car ad, thanks')).toBeUndefined();
    expect(check('ok. sure. i see.')).toBeUndefined();
  });
});
