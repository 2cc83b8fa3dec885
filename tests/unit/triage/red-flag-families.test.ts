import { normalizeText } from '../../../src/triage/normalize-text';
import { detectRedFlag } from '../../../src/triage/red-flags';
import type { RedFlagFamily } from '../../../src/triage/types';

function setup() {
  return { flag: (text: string) => detectRedFlag(normalizeText(text)) };
}

/** Per family of the emergency warning-signs list: a direct and an indirect phrasing that must fire. */
const FIRE: ReadonlyArray<[RedFlagFamily, string]> = [
  ['cardiac', 'my heart is racing and i feel dizzy'],
  ['cardiac', 'pulse keeps going really fast, I almost passed out at work and I have this sense of doom'],
  ['cardiac', 'palpitations and my chest feels weird'],
  ['violence', 'i have a gun in my hand and i am afraid of what i might do'],
  ['violence', 'grabbed a kitchen knife, scared i will use it on my roommate'],
  ['violence', 'i keep having urges to hurt my baby'],
  ['violence', 'my boyfriend is threatening me with a knife'],
  ['trauma', 'she dove into the shallow end and now she can not move her legs'],
  ['trauma', 'fell off a ladder, says he has no feeling below the waist'],
  ['trauma', 'my leg is broken and the bone is sticking out'],
  ['trauma', 'compound fracture on his wrist after the game'],
  ['trauma', 'my son was hit by a car on his bike'],
  ['environmental', 'he was electrocuted fixing the light switch'],
  ['environmental', 'grandma got an electrical shock and now she is confused'],
  ['environmental', 'my kid was pulled out of the pool and is coughing a lot'],
  ['environmental', 'her clothes caught fire at the stove'],
  ['environmental', 'we breathed in a lot of smoke in the kitchen fire'],
  ['environmental', 'i think my dad has heat stroke, he is confused and not sweating'],
  ['diabetic', 'my husband is diabetic, his sugar is 41 and he is not making sense'],
  ['diabetic', 'low blood sugar and she is acting drunk and confused'],
  ['diabetic', 'his blood sugar is 480 and he is drowsy and breathing fast'],
  ['diabetic', 'my daughter sugar reading was 350 and she is confused'],
  ['severe-pain', 'sudden excruciating pain in my belly, worst pain of my life'],
  ['severe-pain', 'my son woke up with sudden severe pain in his testicle'],
  ['severe-pain', 'tearing pain through my chest into my back'],
  ['bleeding', 'I cut my wrists deep on purpose and I can not stop the bleeding'],
  ['self-harm', "i cut myself really deep on purpose and it's gushing"],
  ['self-harm', 'did it on purpose again, sliced my arm and it will not stop dripping'],
];

/** Negation, history, ordinary context and questions about others: must not raise an alarm. */
const QUIET: readonly string[] = [
  'my heart races when i drink too much coffee, is that bad',
  'my heart is racing with excitement about the wedding',
  'i had palpitations years ago, can i get a refill of my metoprolol',
  'is it normal for my pulse to be 110 after a run',
  'i sharpen my kitchen knife every sunday',
  'my son wants to kill the boss in his video game lol',
  'i broke my arm two years ago and it still aches',
  'the bone is not sticking out but my ankle is very swollen',
  'i can not feel my toes when it is cold outside',
  'we had a car accident last year, do you do physical therapy referrals',
  'i got a small sunburn at the beach',
  'my phone got electric shock protection',
  'how do i treat a minor burn from the oven',
  'my sugar was 140 this morning, is that too high',
  'my sugar was 320 after dinner, should i take more insulin',
  'what are the signs of low blood sugar',
  'i have had stomach pain on and off for weeks',
  'no sudden severe pain, just a dull ache',
  'i pricked my finger on purpose for my blood sugar test',
  'the cut on my hand is really deep, do i need stitches',
];

describe('red-flag families completed against the emergency warning-signs list', () => {
  it.each(FIRE)('when a %s emergency is written as "%s", then it fires', (family, text) => {
    const { flag } = setup();
    expect(flag(text)?.family).toBe(family);
  });

  it.each(QUIET)('when "%s" (negation, history or ordinary context), then nothing fires', (text) => {
    const { flag } = setup();
    expect(flag(text)).toBeUndefined();
  });

  it('when someone holds a weapon and fears what they will do, then the crisis line is offered too', () => {
    const { flag } = setup();
    expect(flag('holding a knife and scared of what i might do')).toMatchObject({ family: 'violence', crisisLine: true });
  });

  it('when self-injury bleeds heavily, then it is an emergency with the crisis line', () => {
    const { flag } = setup();
    expect(flag('i cut myself on purpose and it will not stop bleeding')).toMatchObject({ crisisLine: true });
  });
});
